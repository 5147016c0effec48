// Coefficients with more than 6 places (docs/language.md, "Coefficients with more places"): a probit index
// written with BO Table 5.1's 7-place coefficients is computed exactly in units of 10⁻⁷, divided back once
// at normal_cdf's argument, and shown as printed. Held to an independent BigInt oracle on generated
// households, by the interpreter and the compiled code alike.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, interpretHousehold } from '../../engine';
import { lower } from '../../engine/ir/lower';
import { shiftedLiteral, unscaled } from '../../engine/ir/scale';
import { normalCdf } from '../../engine/values';
import type { ExplanationNode } from '../../engine/decision';
import { load } from './helpers';

const source = readFileSync(new URL('../golden/diagnostics/coefficient-precision-accepted/input.elig', import.meta.url), 'utf8');
const ruleset = load(source);
const DATE = '2013-06-30';

/** n / d rounded half away from zero (the engine's one rounding), on integers. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = (n < 0n) !== (d < 0n);
  const a = n < 0n ? -n : n, b = d < 0n ? -d : d;
  const q = (2n * a + b) / (2n * b);
  return neg ? -q : q;
}

/** The index in units of 10⁻⁷ as the design computes it: every coefficient exact at 7 places, each
 *  product rounded to 6 places of the region's unit, one division by 10 at Φ's argument (to 10⁻⁶). */
function oracle(h: { male: boolean; age: number; size: number; rooms: number }): number {
  const crowding = divRound(BigInt(h.size) * 1_000_000n, BigInt(h.rooms)); // millionths, exact engine value
  let index = 2488785n; // constant 0.2488785, in 10⁻⁷
  if (h.male) index += 141255n;
  index += -503n * BigInt(h.age * h.age);
  index += divRound(2075785n * crowding, 1_000_000n); // 0.2075785 × crowding, in 10⁻⁷
  index += divRound(divRound(-1n * 2n * 1_000_000n, 1_000_000n) * 1_000_000n, 4n * 1_000_000n); // -0.0000001 × 2 / 4 → -0.0000001
  return Number(divRound(index, 10n)) / 1e6;
}

function householdOf(h: { male: boolean; age: number; size: number; rooms: number }) {
  const members = [{ id: 'head', relationship: 'head', sex: h.male ? 'male' : 'female', age: h.age }];
  for (let i = 1; i < h.size; i++) members.push({ id: `m${i}`, relationship: 'child', sex: 'female', age: 5 });
  return { id: 'P', rooms: h.rooms, members };
}

function valueOf(tree: ExplanationNode | undefined, label: string): unknown {
  if (!tree) return undefined;
  if (tree.label === label) return tree.value;
  for (const c of tree.children ?? []) {
    const v = valueOf(c, label);
    if (v !== undefined) return v;
  }
  return undefined;
}

describe('coefficients with more than 6 places', () => {
  it('are stored × 10ᵏ with the scale on their type, and Φ\'s argument is divided once', () => {
    const ir = lower(ruleset.checked);
    const p = ir.parameters.get('beta_age_squared')!;
    expect(p.periods[0]!.value).toBe(-0.000503);
    expect(p.type).toMatchObject({ kind: 'number', scale: 1 });
    expect(ir.parameters.get('cutoff')!.type).not.toHaveProperty('scale');
    const call = [...ir.nodes.values()].find((n) => n.kind === 'call' && n.op === 'normal_cdf');
    expect(call && call.kind === 'call' && call.args[0]).toMatchObject({ kind: 'arith', op: '/', right: { kind: 'const', value: 10 } });
  });

  it('moves the decimal point exactly and reads it back as printed', () => {
    expect(shiftedLiteral('-0.0000503', 1)).toBe(-0.000503);
    expect(shiftedLiteral('0.2488785', 3)).toBe(248.8785);
    expect(shiftedLiteral('12', 2)).toBe(1200);
    expect(unscaled(2.488785, 1)).toBe(0.2488785);
    expect(unscaled(-0.000503, 1)).toBe(-0.0000503);
  });

  it('the interpreter and the compiled code compute the oracle\'s index and Φ of it', () => {
    const cases = fc.sample(fc.record({
      male: fc.boolean(), age: fc.integer({ min: 0, max: 110 }), size: fc.integer({ min: 1, max: 12 }), rooms: fc.integer({ min: 1, max: 9 }),
    }), { seed: 1506, numRuns: 60 });
    for (const h of cases) {
      const household = householdOf(h);
      const z = oracle(h);
      const compiled = evaluate(ruleset, household, { date: DATE });
      const interpreted = interpretHousehold(ruleset, household, { date: DATE });
      for (const r of [compiled, interpreted]) {
        expect(r.decisions[0]!.scores.p, JSON.stringify(h)).toBe(normalCdf(z));
      }
      expect(JSON.parse(JSON.stringify(compiled.decisions))).toEqual(JSON.parse(JSON.stringify(interpreted.decisions)));
    }
  });

  it('explanations show each coefficient and term as the source prints it', () => {
    // A woman of 40, 6 persons in 3 rooms: 0.2488785 − 0.0000503 × 1,600 + 0.2075785 × 2 − 0.0000001.
    const tree = evaluate(ruleset, householdOf({ male: false, age: 40, size: 6, rooms: 3 }), { date: DATE }).decisions[0]!.explanation;
    expect(valueOf(tree, 'constant')).toBe(0.2488785);
    expect(valueOf(tree, 'age squared')).toBe(-0.08048);
    expect(valueOf(tree, 'crowding')).toBe(0.415157);
    expect(valueOf(tree, 'halved')).toBe(-0.0000001);
    expect(valueOf(tree, 'index')).toBe(0.5835554);
    // Rounded to 6 places first, Age2 would have been −0.00005: −0.08 instead of −0.08048.
    expect(valueOf(tree, 'index')).not.toBe(0.2488785 - 0.00005 * 1600 + 0.415157);
  });
});
