// Regions computed in units of 10⁻ᵏ (dsl/check/coefficients.ts; docs/language.md, "Coefficients with
// more places"): a node whose number type has `scale: k` holds its value × 10ᵏ, an exact canonical
// decimal like every other. Lowering writes literals and coefficients in those units; anything that
// shows a value to a person reads it back with `unscaled`.
import { canonFinite } from '../values';

/** The decimal text × 10^places, exactly (the point moved, never multiplied in binary): "-0.0000503", 1 → -0.000503. */
export function shiftedLiteral(text: string, places: number): number {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || places === 0) return canonFinite(Number(text));
  const frac = (m[3] ?? '').padEnd(places, '0');
  const digits = `${m[2]}${frac.slice(0, places)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(places);
  return canonFinite(Number(`${m[1]}${digits || '0'}${rest ? `.${rest}` : ''}`));
}

/** A scaled value as it is printed: 2.488785 at scale 1 → 0.2488785 (the nearest double to that decimal). */
export function unscaled(value: number, scale: number | undefined): number {
  if (!scale) return value;
  return Math.round(value * 1e6) / 10 ** (6 + scale);
}
