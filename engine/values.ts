// The numeric and calendar model shared by the interpreter and the compiled code.
//
// Numbers are exact decimals with at most 6 places ("micro-units"), held as JS numbers in canonical form:
// the double nearest to the decimal. Since `n / 1e6` is correctly rounded, equal decimals are equal doubles
// (0.7 * 130 === 91) and comparisons are exact. Arithmetic never rounds through doubles: each operation
// recovers the exact integer count of micro-units of its operands, computes the exact result in integers,
// and rounds it half away from zero to 6 places once (2.01 / 32 = 0.0628125 → 0.062813, not 0.062812).
// The exact range is ±MAX_DECIMAL (one billion): within it every 6-place decimal has its own double and
// `Math.round(x * 1e6)` recovers its micro-units exactly; a result beyond it is unknown ("number out of
// range"), never a rounded guess and never Infinity.
// Dates are whole day numbers (days since 1970-01-01, UTC).

/** The largest magnitude of an exact decimal. */
export const MAX_DECIMAL = 1_000_000_000;
const MICRO = 1e6;
const MAX_MICROS = MAX_DECIMAL * MICRO; // 10^15 < 2^50: integer arithmetic on micro-units stays exact

/** The exact count of micro-units of a canonical number (|x| ≤ MAX_DECIMAL: the error of x·10^6 is
 *  below a quarter of a micro-unit, so rounding recovers it). */
export function toMicros(x: number): number {
  return Math.round(x * MICRO);
}

/** The canonical number of an integer count of micro-units; undefined beyond the exact range. */
export function fromMicros(m: number): number | undefined {
  if (!(m <= MAX_MICROS && m >= -MAX_MICROS)) return undefined; // also NaN
  return m === 0 ? 0 : m / MICRO; // never -0: JSON and deep equality treat it as a different value
}

/** Canonical form of a number read from outside (a household value, a literal, a floating function's
 *  result): its decimal value rounded half away from zero to 6 places. Undefined when it is not finite or
 *  beyond the exact range. Only near a tie is the decimal text consulted, so reads stay cheap. */
export function canon(r: number): number | undefined {
  const abs = Math.abs(r);
  if (!(abs <= MAX_DECIMAL + 0.0000005)) return undefined; // also NaN and ±Infinity
  const a = abs * MICRO;
  const frac = a - Math.floor(a);
  const m = frac > 0.499 && frac < 0.501 ? tieMicros(abs) : Math.round(a);
  if (m === 0) return 0;
  if (m > MAX_MICROS) return undefined;
  return r < 0 ? -m / MICRO : m / MICRO;
}

/** Micro-units of |r| from its shortest decimal text (what the author or the record wrote), rounded half
 *  away from zero: `a * 1e6` cannot tell 0.0000005 from a double just below it. */
function tieMicros(r: number): number {
  const [mantissa, expText] = r.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = 1 + Number(expText) + 6; // digits before the rounding point, in micro-units
  if (pointAt < 0) return 0;
  if (pointAt >= digits.length) return Number(digits.padEnd(pointAt, '0'));
  const kept = pointAt === 0 ? 0 : Number(digits.slice(0, pointAt));
  return digits.charCodeAt(pointAt) >= 53 /* '5' */ ? kept + 1 : kept;
}

/** Canonical form for a value known to be finite (literals, validated household numbers). */
export function canonFinite(r: number): number {
  const c = canon(r);
  if (c === undefined) throw new Error(`not a finite number within ±${MAX_DECIMAL}: ${r}`);
  return c;
}

// ---------------------------------------------------------------- exact arithmetic on canonical numbers

export function add(x: number, y: number): number | undefined {
  return fromMicros(toMicros(x) + toMicros(y));
}

export function sub(x: number, y: number): number | undefined {
  return fromMicros(toMicros(x) - toMicros(y));
}

/** Negation is exact on canonical numbers; only -0 needs care. */
export function neg(x: number): number {
  return x === 0 ? 0 : -x;
}

/** x × y = (X · Y) / 10^6 micro-units, rounded half away from zero. Integers in doubles while the product
 *  is below 2^52 (the usual case: amounts times rates); BigInt beyond. */
export function mul(x: number, y: number): number | undefined {
  const p = toMicros(x) * toMicros(y);
  if (p < DOUBLE_DIVISION && p > -DOUBLE_DIVISION) return fromMicros(divRound(p, MICRO));
  return fromBig(bigDivRound(BigInt(toMicros(x)) * BigInt(toMicros(y)), BIG_MICRO));
}

/** x ÷ y = (X · 10^6) / Y micro-units, rounded half away from zero; undefined when y is 0. Long division
 *  in doubles (the remainder times 10^6 stays below 2^52 while |Y| < 4.5·10^9), BigInt beyond. */
export function div(x: number, y: number): number | undefined {
  if (y === 0) return undefined;
  const a = toMicros(x);
  const b = toMicros(y);
  const ua = Math.abs(a);
  const ub = Math.abs(b);
  if (ub * MICRO < DOUBLE_DIVISION) {
    const [whole, rest] = floorDivision(ua, ub);
    const q = whole * MICRO + divRound(rest * MICRO, ub);
    return fromMicros(a < 0 !== b < 0 ? -q : q);
  }
  return fromBig(bigDivRound(BigInt(a) * BIG_MICRO, BigInt(b)));
}

/** Integer division in doubles is exact below 2^52 once the quotient's possible off-by-one is corrected. */
const DOUBLE_DIVISION = 2 ** 52;

/** [⌊n / d⌋, n mod d] for non-negative integers n < 2^52 and d > 0. */
function floorDivision(n: number, d: number): [number, number] {
  let q = Math.floor(n / d); // the rounded ratio can land on the next integer: correct by one
  let r = n - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  return [q, r];
}

/** n / d for integers below 2^52 in magnitude, rounded half away from zero, exactly. */
function divRound(n: number, d: number): number {
  const ud = Math.abs(d);
  const [q, r] = floorDivision(Math.abs(n), ud);
  const rounded = 2 * r >= ud ? q + 1 : q;
  return rounded === 0 ? 0 : n < 0 !== d < 0 ? -rounded : rounded;
}

const BIG_MICRO = BigInt(MICRO);
const BIG_MAX = BigInt(MAX_MICROS);

function bigDivRound(n: bigint, d: bigint): bigint {
  const negative = (n < 0n) !== (d < 0n);
  const un = n < 0n ? -n : n;
  const ud = d < 0n ? -d : d;
  let q = un / ud;
  if (2n * (un % ud) >= ud) q += 1n;
  return negative ? -q : q;
}

function fromBig(m: bigint): number | undefined {
  if (m > BIG_MAX || m < -BIG_MAX) return undefined;
  return fromMicros(Number(m));
}

/** `round(x, places)`: half away from zero to `places` decimals (0 by default), then canonical. Works on
 *  the exact integer count of micro-units, so a decimal tie (1.005 to 2 places) rounds up, as written. */
export function roundTo(x: number, places = 0): number | undefined {
  if (!Number.isInteger(places)) return undefined;
  if (places >= 6) return canon(x);
  if (places < -9) return 0;
  const step = Math.pow(10, 6 - places);
  return fromMicros(divRound(toMicros(x), step) * step);
}

// ---------------------------------------------------------------- dates

/** Day number of an ISO date `YYYY-MM-DD`; undefined when malformed or not a real calendar day.
 *  Read digit by digit (no regex, no Date): household records hold many dates. */
export function parseIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days-from-civil algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** ISO text of a day number. */
export function formatIsoDate(day: number): string {
  const { y, m, d } = ymd(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, month: number): number {
  return month === 2 ? (isLeapYear(y) ? 29 : 28) : DAYS_IN_MONTH[month - 1];
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number without Date objects (H. Hinnant's days-to-civil algorithm). */
function ymd(day: number): Ymd {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Whole years from `from` to `to` (birthday semantics). A Feb 29 anniversary falls on Mar 1 in
 *  non-leap years: comparing (month, day) tuples gives exactly that. Negative when `to` is earlier. */
export function yearsBetween(from: number, to: number): number {
  if (to < from) return 0 - yearsBetween(to, from); // not -0: "-0 years" is no figure to read out
  const a = ymd(from);
  const b = ymdCached(to);
  const beforeAnniversary = b.m < a.m || (b.m === a.m && b.d < a.d);
  return b.y - a.y - (beforeAnniversary ? 1 : 0);
}

/** Whole months from `from` to `to`. A monthly anniversary on a day the month lacks (the 31st) falls on
 *  the 1st of the next month, which the plain day comparison already gives. */
export function monthsBetween(from: number, to: number): number {
  if (to < from) return 0 - monthsBetween(to, from);
  const a = ymd(from);
  const b = ymd(to);
  return (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0);
}

export function ymdOf(day: number): Ymd {
  return ymd(day);
}

// The evaluation date is the same for every member of every household in a batch: remember its parts.
let cachedDay = NaN;
let cachedYmd: Ymd = { y: 0, m: 0, d: 0 };

function ymdCached(day: number): Ymd {
  if (day !== cachedDay) {
    cachedYmd = ymd(day);
    cachedDay = day;
  }
  return cachedYmd;
}

/** Whole years on `day` of someone born on the ISO date `birth` (the same as yearsBetween, without
 *  converting the birth date to a day number); undefined when `birth` is not a valid date. */
export function ageFromIsoDate(birth: string, day: number): number | undefined {
  if (birth.length !== 10 || birth.charCodeAt(4) !== 45 || birth.charCodeAt(7) !== 45) return undefined;
  const by = digits(birth, 0, 4);
  const bm = digits(birth, 5, 7);
  const bd = digits(birth, 8, 10);
  if (by < 0 || bm < 1 || bm > 12 || bd < 1 || bd > daysInMonth(by, bm)) return undefined;
  const t = ymdCached(day);
  if (by > t.y || (by === t.y && (bm > t.m || (bm === t.m && bd > t.d)))) return yearsBetween(daysFromCivil(by, bm, bd), day);
  return t.y - by - (t.m < bm || (t.m === bm && t.d < bd) ? 1 : 0);
}

// ---------------------------------------------------------------- normal distribution

/** Standard normal CDF by Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/15 + …): every term has the
 *  sign of x, so there is no cancellation; absolute error is around 1e-16. Beyond |x| > 10 Φ is 0 or 1
 *  far below the 6-place resolution. */
export function normalCdfRaw(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < -10) return 0;
  if (x > 10) return 1;
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 1000; n++) {
    term *= x2 / (2 * n + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  const pdf = Math.exp(-x2 / 2) / Math.sqrt(2 * Math.PI);
  const p = 0.5 + pdf * sum;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** `normal_cdf(x)` as the language defines it: computed in floating point, then canonical. */
export function normalCdf(x: number): number {
  return canonFinite(normalCdfRaw(x));
}

/** Whether `a op b` holds of two numbers, or two texts (the language's six comparisons). */
export function compareValues(op: '<' | '<=' | '>' | '>=' | '=' | '!=', a: number | string, b: number | string): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '=': return a === b;
    case '!=': return a !== b;
  }
}
