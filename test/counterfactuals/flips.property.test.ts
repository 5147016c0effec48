// Properties of the counterfactual search on generated households (bo/mped: a member program with money,
// kWh-priced bills, enums; br/bolsa-escola-df: a household program with a per-capita limit):
//   1. every reported flip, applied to the household, makes the subject eligible;
//   2. no smaller change of the same fact does: every grid value between the fact's value and the flip's
//      is tried near the flip (the last 300 resolution steps) and at 100 points spread over the rest;
//   3. no flip is missed: for each numeric fact and direction without a reported flip, 300 steps and 100
//      spread points up to the schema's bound make no one eligible; every enum value that makes the
//      subject eligible is reported;
//   4. each margin's limit keeps the decision at every tried value up to it, and flipsAt changes it.
// All checks re-evaluate with `decide`, independently of the search's own probe.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterfactuals, decide, loadRuleset, type Household, type LoadedRuleset, type SubjectCounterfactuals } from '../../engine';
import { readFact, withFacts } from '../../engine/counterfactuals/household-edit';
import { fromMicros, toMicros } from '../../engine/values';

const ROOT = new URL('../../', import.meta.url);
const load = (id: string) => loadRuleset(id, readFileSync(new URL(`rulesets/${id}.elig`, ROOT), 'utf8')).ruleset!;
const example = (name: string) => JSON.parse(readFileSync(new URL(`../shared/examples/${name}.json`, ROOT), 'utf8')) as Household;

const NEAR = 300;
const SPREAD = 100;

interface Case {
  ruleset: LoadedRuleset;
  date: string;
  household: Household;
  numbers: { fact: string; resolution: number; max: number }[];
  enums: { fact: string; values: string[] }[];
}

function eligibleOf(c: Case, subject: string, h: Household): boolean | null {
  return decide(c.ruleset, h, { date: c.date }).find((d) => d.subject === subject)?.eligible ?? false;
}

/** The grid values strictly between a and b (exclusive), nearest-to-b first: NEAR steps and SPREAD spread. */
function between(a: number, b: number, resolution: number): number[] {
  const r = toMicros(resolution);
  const steps = Math.round(Math.abs(toMicros(b) - toMicros(a)) / r);
  const dir = b > a ? 1 : -1;
  const ks = new Set<number>();
  for (let k = 1; k < Math.min(steps, NEAR + 1); k++) ks.add(steps - k);
  for (let i = 1; i <= SPREAD; i++) ks.add(Math.floor((i * steps) / (SPREAD + 1)));
  ks.delete(0);
  ks.delete(steps);
  return [...ks].filter((k) => k > 0 && k < steps).map((k) => fromMicros(toMicros(a) + dir * k * r)!);
}

function checkSubject(c: Case, r: SubjectCounterfactuals): void {
  const h = c.household;
  const base = eligibleOf(c, r.subject, h);
  expect(r.eligible).toBe(base);
  // 1. flips flip
  for (const f of r.flips) expect(eligibleOf(c, r.subject, withFacts(h, f.changes.map((x) => ({ fact: x.fact, to: x.to }))))).toBe(true);
  // 4. margins hold up to their limit and end there
  for (const m of r.margins) {
    for (const v of [...between(m.value, m.limit, m.resolution), m.limit]) if (v !== m.value) expect(eligibleOf(c, r.subject, withFacts(h, [{ fact: m.fact, to: v }]))).toBe(base);
    expect(eligibleOf(c, r.subject, withFacts(h, [{ fact: m.fact, to: m.flipsAt }]))).not.toBe(base);
  }
  if (base === true) return;
  for (const n of c.numbers) {
    const x = readFact(h, n.fact);
    if (typeof x !== 'number') continue;
    for (const dir of [1, -1]) {
      const single: SubjectCounterfactuals['flips'][number] | undefined = r.flips.find((f) => f.changes.length === 1 && f.changes[0].fact === n.fact && Math.sign((f.changes[0].to as number) - x) === dir);
      const end: number = single ? (single.changes[0].to as number) : dir > 0 ? n.max : 0;
      if (end === x) continue;
      // 2./3. nothing nearer flips (and, without a reported flip, nothing within the bound does)
      const tried = between(x, end, n.resolution);
      if (!single) tried.push(end);
      for (const v of tried) {
        if (eligibleOf(c, r.subject, withFacts(h, [{ fact: n.fact, to: v }])) === true) {
          throw new Error(`${r.subject}: ${n.fact} = ${v} makes it eligible, but the search reported ${single ? `${single.changes[0].to}` : 'no flip'} (from ${x})`);
        }
      }
    }
  }
  // 3. every enum value that flips is reported
  for (const e of c.enums) {
    const now = readFact(h, e.fact);
    for (const v of e.values) {
      if (v === now) continue;
      if (eligibleOf(c, r.subject, withFacts(h, [{ fact: e.fact, to: v }])) !== true) continue;
      expect(r.flips.some((f) => f.changes.length === 1 && f.changes[0].fact === e.fact && f.changes[0].to === v), `${e.fact} = ${v} flips ${r.subject}`).toBe(true);
    }
  }
}

/** Counterexamples print as the ruleset id, date and household (not the whole compiled ruleset). */
function printable(c: Case): Case {
  return Object.assign(c, { [fc.toStringMethod]: () => `${c.ruleset.id} on ${c.date}: ${JSON.stringify(c.household)}` });
}

const mped = load('bo/mped');
const df = load('br/bolsa-escola-df');
const BO = example('bo-household-youth-and-baby');
const BR = example('br-family-federal-district');

const boCase = fc.record({
  income: fc.integer({ min: 0, max: 8000 }),
  billCents: fc.integer({ min: 0, max: 9000 }),
  area: fc.constantFrom('urban', 'suburban', 'rural'),
  employment: fc.constantFrom('employed', 'unemployed', 'inactive'),
  secondary: fc.constantFrom('public', 'agreement', 'private'),
}).map((g): Case => printable((() => {
  const household = structuredClone(BO);
  household.monthly_income = g.income;
  household.area = g.area;
  household.electricity = { bill_per_month: g.billCents / 100 };
  Object.assign(household.members[1], { employment: g.employment, secondary_school_type: g.secondary });
  return {
    ruleset: mped, date: '2015-06-01', household,
    numbers: [{ fact: '/monthly_income', resolution: 0.01, max: 20_000 }, { fact: '/electricity/bill_per_month', resolution: 0.01, max: 500 }],
    enums: [{ fact: '/area', values: ['urban', 'suburban', 'rural'] }, { fact: '/members/1/employment', values: ['employed', 'unemployed', 'inactive'] },
      { fact: '/members/1/secondary_school_type', values: ['public', 'agreement', 'private'] }],
  };
})()));

const brCase = fc.record({ income: fc.integer({ min: 0, max: 60_000 }), children: fc.integer({ min: 0, max: 2 }) }).map((g): Case => {
  const household = structuredClone(BR);
  household.monthly_income = g.income / 100;
  household.members = household.members.slice(0, 1 + g.children);
  return printable({ ruleset: df, date: '2001-06-01', household, numbers: [{ fact: '/monthly_income', resolution: 0.01, max: 3_000 }], enums: [] });
});

describe('counterfactual search (property)', () => {
  for (const [name, arb] of [['bo/mped', boCase], ['br/bolsa-escola-df', brCase]] as const) {
    it(`${name}: flips flip, nothing smaller does, none is missed, margins hold`, () => {
      fc.assert(fc.property(arb, (c) => {
        for (const r of counterfactuals(c.ruleset, c.household, { date: c.date, maxFlips: 50 })) checkSubject(c, r);
      }), { numRuns: 12, seed: 20261202 });
    });
  }
});
