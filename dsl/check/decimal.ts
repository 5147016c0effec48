// Exact decimals for the checker: values are bigints counting millionths (the language keeps at most
// 6 decimal places), so band boundaries and range checks never see binary floating-point noise.

export const SCALE = 1_000_000n;
const PLACES = 6;

/** `"22.420"` → 22420000n; `"-3"` → -3000000n; undefined when not a decimal or more than 6 places. */
export function parseDecimal(text: string | undefined): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > PLACES) return undefined;
  const micros = BigInt(m[2]) * SCALE + BigInt(frac.padEnd(PLACES, '0') || '0');
  return m[1] === '-' ? -micros : micros;
}

/** 16500000n → "16.5"; trailing zeros dropped, so witnesses print the way people write numbers. */
export function formatDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(PLACES, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? '.' + frac : ''}`;
}

/** Floor division for bigints (BigInt `/` truncates towards zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** True when the text has more decimal places than the language keeps. */
export function tooPrecise(text: string | undefined): boolean {
  if (typeof text !== 'string') return false;
  const m = /\.(\d+)$/.exec(text.trim());
  return m !== null && m[1].length > PLACES;
}

/** The literal rounded half away from zero to 6 places, as the engine will read it. */
export function roundedText(text: string): string {
  const m = /^(-?)(\d+)\.(\d+)$/.exec(text.trim());
  if (!m || m[3].length <= PLACES) return text;
  let micros = BigInt(m[2]) * SCALE + BigInt(m[3].slice(0, PLACES));
  if (Number(m[3][PLACES]) >= 5) micros += 1n;
  return formatDecimal(m[1] === '-' ? -micros : micros);
}
