// Money a comparison saw, as a case worker reads it: to the cent. Amounts carry up to six decimals
// (ir/scale.ts), so a per-capita income of 1756.1 / 3 is shown as "Bs 585.366667", which nobody reads
// aloud. Rounding alone could make a sentence contradict itself ("R$ 65.00 is not at most R$ 65.00" for
// 65.004), so the figure takes the fewest decimals, from two, at which it stands to the threshold as the
// exact figure does; the threshold is shown exactly, as before. At six decimals the figure is exact, so
// there is always an answer, and the sentence never says more than it can back.

/** Micro-units a double holds exactly as an integer (the engine's money is at most 6 decimals). */
const MAX_MICROS = Number.MAX_SAFE_INTEGER;

/** The figure to show: `value` rounded (half away from zero, as a cashier rounds) to the fewest decimals
 *  from 2 to 5 at which `agrees` still holds of it, or `value` itself. `agrees(value)` is assumed. */
export function spokenFigure(value: number, agrees: (shown: number) => boolean): number {
  const micros = Math.round(value * 1e6);
  if (!Number.isFinite(value) || Math.abs(micros) > MAX_MICROS || micros / 1e6 !== value) return value;
  for (let decimals = 2; decimals < 6; decimals++) {
    const step = 10 ** (6 - decimals);
    const units = Math.round(Math.abs(micros) / step); // exact: integers below 2^53
    const shown = (Math.sign(micros) * units * step) / 1e6;
    if (shown === value) return value;
    if (agrees(shown)) return shown === 0 ? 0 : shown; // no "-0"
  }
  return value;
}

/** Whether `v` lies in a range of the language (`low..high`, `high` excluded when said so). */
export function inRange(v: number, r: { low?: number; high?: number; highExclusive: boolean }): boolean {
  if (r.low !== undefined && v < r.low) return false;
  if (r.high !== undefined && (r.highExclusive ? v >= r.high : v > r.high)) return false;
  return true;
}
