// Laws of the evaluation engine, checked on random well-typed rulesets, households and dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledSubject } from '../../engine/compile';
import { evaluate, interpretHousehold, loadRuleset } from '../../engine/evaluate';
import type { LoadedRuleset } from '../../engine/types';
import { clean, dateArb, factPointers, householdArb, rulesetArb, withoutFacts } from './arbitraries';

const RUNS = Number(process.env.ENGINE_PROPERTY_RUNS ?? 150);

function tryLoad(source: string): LoadedRuleset | undefined {
  return loadRuleset('xx/random', source).ruleset;
}

const cases = fc.array(fc.tuple(householdArb, dateArb), { minLength: 1, maxLength: 4 });

describe('laws', () => {
  it('compiled equals interpreted (decisions, missing, reasons and explanations)', () => {
    fc.assert(
      fc.property(rulesetArb, cases, fc.boolean(), (r, hs, explain) => {
        const ruleset = tryLoad(r.source);
        fc.pre(ruleset !== undefined);
        for (const [h, date] of hs) {
          const compiled = evaluate(ruleset!, h, { date, explain });
          const interpreted = interpretHousehold(ruleset!, h, { date, explain });
          expect(compiled).toEqual(interpreted);
          // Serialised, as callers see it: this also compares reasons computed on first read (explain: false).
          expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(JSON.stringify(interpreted)));
          // The fast mode decides the same as the traced one.
          const day = Date.parse(date) / 864e5;
          const fields = (s: CompiledSubject) => [s.memberIndex, s.filter, s.eligible, s.eligible === true ? s.benefit : 'unused', s.scores, s.outcome, s.eligible === true ? s.components : 'unused'];
          expect(ruleset!.compiled.fast(h, day).map(fields)).toEqual(ruleset!.compiled.traced(h, day).map(fields));
          // So does the values mode (the batch path's reasons), which keeps the traced nodes' known values.
          const values = ruleset!.compiled.values(h, day);
          expect(values.map(fields)).toEqual(ruleset!.compiled.fast(h, day).map(fields));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a fact never flips a determined decision', () => {
    const dropRate = fc.constantFrom(0.1, 0.25, 0.5);
    const smallerCases = fc.array(fc.tuple(householdArb, dateArb, dropRate, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true }))), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(rulesetArb, smallerCases, (r, hs) => {
        // `is known` / `is unknown` test the record itself, so they are exempt by design.
        fc.pre(!/is known|is unknown/.test(r.source));
        const ruleset = tryLoad(r.source);
        fc.pre(ruleset !== undefined);
        for (const [full, date, rate, coins] of hs) {
          const coin = coins[Symbol.iterator]();
          const dropped = factPointers(full).filter(() => coin.next().value < rate);
          // Without a birth date the recorded age is read instead: a different fact, not a missing one.
          for (const p of [...dropped]) if (p.endsWith('/birth_date')) dropped.push(p.replace(/birth_date$/, 'age'));
          const smaller = withoutFacts(full, [...new Set(dropped)].filter((p) => hasPointer(full, p)));
          const few = evaluate(ruleset!, smaller, { date, explain: false });
          const all = evaluate(ruleset!, full, { date, explain: false });
          for (const d of few.decisions) {
            const e = all.decisions.find((x) => x.subject === d.subject);
            if (!e) {
              // The full record shows the member is outside the program: only "not eligible" was decided.
              expect(d.eligible === null || d.eligible === false).toBe(true);
              continue;
            }
            if (d.eligible !== null) expect(e.eligible).toBe(d.eligible);
            if (d.benefit.amount !== null) expect(e.benefit.amount).toBe(d.benefit.amount);
            for (const [k, v] of Object.entries(d.scores)) if (v !== null) expect(e.scores[k]).toBe(v);
            if (d.outcome !== null) expect(e.outcome).toBe(d.outcome);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('exact boundaries: at the threshold `<=` holds and `<` does not', () => {
    const thousandths = fc.integer({ min: 1, max: 5_000_000 });
    fc.assert(
      fc.property(thousandths, fc.integer({ min: 1, max: 6 }), thousandths, fc.integer({ min: 1, max: 400 }), (a, k, b, n) => {
        // product: income n × factor b/1000 against the exact decimal n·b/1000
        // per capita: income k·a/1000 over k members against a/1000
        // sum: a/1000 + b/1000 against their exact sum
        const shapes = [
          { value: `household.monthly_income * ${dec(b)}`, threshold: dec(n * b), unit: 'BOB per month', income: n, bill: 1, members: 1 },
          { value: 'household.monthly_income / count(members)', threshold: dec(a), unit: 'BOB per person per month', income: Number(dec(k * a)), bill: 1, members: k },
          { value: 'household.monthly_income + household.electricity.bill_per_month', threshold: dec(a + b), unit: 'BOB per month', income: Number(dec(a)), bill: Number(dec(b)), members: 1 },
        ];
        for (const s of shapes) {
          const ruleset = tryLoad(boundaryRuleset(s.value, s.threshold, s.unit))!;
          const h = clean({ id: 'H', monthly_income: s.income, electricity: { bill_per_month: s.bill }, members: Array.from({ length: s.members }, (_, i) => ({ id: `p${i}` })) });
          for (const run of [evaluate, interpretHousehold]) {
            const tree = run(ruleset, h, { date: '2020-01-01' }).decisions[0].explanation!;
            const holds = Object.fromEntries(tree.children![0].children!.map((c) => [c.label, c.holds]));
            expect(holds).toEqual({ '<=': true, '<': false, '>=': true, '>': false, '=': true, '!=': false });
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

function boundaryRuleset(value: string, threshold: string, unit: string): string {
  const ops = ['<=', '<', '>=', '>', '=', '!='];
  return `program xx/random "Boundaries"
  country BO
  currency BOB
  source "test"
parameter line: ${unit} = ${threshold} source "test"
let value = ${value}
eligible when all of {
${ops.map((op) => `  "${op}": value ${op} line`).join('\n')}
}
`;
}

/** An integer count of thousandths as exact decimal text. */
function dec(thousandths: number): string {
  const s = String(thousandths).padStart(4, '0');
  return `${s.slice(0, -3)}.${s.slice(-3)}`.replace(/\.?0+$/, '');
}

function hasPointer(h: unknown, p: string): boolean {
  let o = h as Record<string, unknown> | undefined;
  for (const part of p.split('/').slice(1)) {
    if (o === null || typeof o !== 'object' || !(part in o)) return false;
    o = o[part] as Record<string, unknown>;
  }
  return true;
}
