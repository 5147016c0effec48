// Money a comparison saw, said to the cent (engine/render/spoken-money.ts): the figure shown must stand to
// the threshold as the exact figure does, be the exact figure rounded, and have no more decimals than that
// takes. The read-aloud goldens mped-income-to-the-cent and santo-andre-just-over-limit show it in words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inRange, spokenFigure } from '../../engine/render/spoken-money';
import { compareValues } from '../../engine/values';

const compares = (a: number, op: (typeof OPS)[number], b: number) => compareValues(op, a, b);

const OPS = ['<', '<=', '>', '>=', '=', '!='] as const;
/** Money as the engine holds it: up to 6 decimals, either sign. */
const money = fc.integer({ min: -5_000_000_000, max: 5_000_000_000 }).map((micros) => micros / 1e6);
/** Thresholds that sit near the figure, where rounding could turn the answer. */
const near = (v: number) => fc.integer({ min: -20_000, max: 20_000 }).map((d) => Math.round(v * 1e6 + d) / 1e6);

function decimals(x: number): number {
  for (let d = 0; d <= 6; d++) if (Math.round(x * 10 ** d) / 10 ** d === x) return d;
  return 7;
}
/** `x` rounded half away from zero to `d` decimals, from its micro-units. */
function rounded(x: number, d: number): number {
  const micros = Math.round(x * 1e6), step = 10 ** (6 - d);
  return (Math.sign(micros) * Math.round(Math.abs(micros) / step) * step) / 1e6 || 0;
}

describe('money said to the cent', () => {
  it('rounds to the cent where that keeps the answer', () => {
    const keep = (t: number) => (s: number) => compares(s, '<', t) === compares(585.666667, '<', t);
    expect(spokenFigure(585.666667, keep(700))).toBe(585.67);
    expect(spokenFigure(32.5025, (s) => compares(s, '<=', 32.5) === false)).toBe(32.503); // not "32.50 is not at most 32.50"
    expect(spokenFigure(699.9999, (s) => compares(s, '<', 700) === true)).toBe(699.9999);
    expect(spokenFigure(700.004, (s) => compares(s, '<', 700) === false)).toBe(700);
    expect(spokenFigure(-0.001, () => true)).toBe(0);
    expect(Object.is(spokenFigure(-0.001, () => true), -0)).toBe(false);
    expect(spokenFigure(12.345, () => true)).toBe(12.35); // half away from zero
    expect(spokenFigure(-12.345, () => true)).toBe(-12.35);
    expect(spokenFigure(65, () => false)).toBe(65); // already whole: shown as it is
  });

  it('property: the figure shown compares with the threshold as the exact figure does, and is the exact figure rounded to as few decimals (from 2) as that allows', () => {
    fc.assert(
      fc.property(money.chain((v) => fc.tuple(fc.constant(v), near(v), fc.constantFrom(...OPS))), ([v, t, op]) => {
        const agrees = (s: number) => compares(s, op, t) === compares(v, op, t);
        const shown = spokenFigure(v, agrees);
        expect(agrees(shown)).toBe(true);
        const d = Math.max(2, decimals(shown));
        expect(shown).toBe(rounded(v, d));
        for (let fewer = 2; fewer < d; fewer++) expect(agrees(rounded(v, fewer)), `${v} ${op} ${t} at ${fewer} decimals`).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: in a range, the figure shown falls in or out of it as the exact figure does', () => {
    fc.assert(
      fc.property(money.chain((v) => fc.tuple(fc.constant(v), near(v), near(v), fc.boolean())), ([v, a, b, highExclusive]) => {
        const r = { low: Math.min(a, b), high: Math.max(a, b), highExclusive };
        const shown = spokenFigure(v, (s) => inRange(s, r) === inRange(v, r));
        expect(inRange(shown, r)).toBe(inRange(v, r));
        expect(Math.abs(shown - v)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });
});
