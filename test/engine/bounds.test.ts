// Aggregate bounds (ops/bounds.ts, README design: aggregate bounds): the examples of issue 15, and the
// laws — a decided result never changes however the unknown facts are filled in, and the compiled code
// (fast and traced) agrees with the reference interpreter on households with holes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, evaluate, interpretHousehold, loadRuleset, type Household, type LoadedRuleset } from '../../engine';
import { compareBounds, callBounds, inRangeBounds } from '../../ops/bounds';

const RUNS = Number(process.env.ENGINE_PROPERTY_RUNS ?? 150);
const DATE = '2020-01-01';

function ruleset(body: string): LoadedRuleset {
  const source = `program xx/bounds "Bounds"\n  country BO\n  currency BOB\n  source "test"\n${body}`;
  const r = loadRuleset('xx/bounds', source);
  if (!r.ruleset) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.ruleset;
}

/** Every road agrees (compiled with and without the tree, the interpreter); the one decision. */
function decideAll(r: LoadedRuleset, h: Household) {
  const traced = evaluate(r, h, { date: DATE });
  const fast = evaluate(r, h, { date: DATE, explain: false });
  const reference = interpretHousehold(r, h, { date: DATE });
  expect(JSON.parse(JSON.stringify(traced))).toEqual(JSON.parse(JSON.stringify(reference)));
  expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(interpretHousehold(r, h, { date: DATE, explain: false }))));
  expect(decide(r, h, { date: DATE }).map((d) => d.eligible)).toEqual(traced.decisions.map((d) => d.eligible));
  return traced.decisions[0]!;
}

describe('issue 15 examples', () => {
  const child = ruleset('eligible when "a child under 15": count(members as c where c.age < 15) >= 1\n');

  it('a 9-year-old decides `count(… c.age < 15) >= 1` although another child\'s age is unknown', () => {
    const d = decideAll(child, { id: 'H', members: [{ id: 'a', age: 9 }, { id: 'b' }] });
    expect(d.eligible).toBe(true);
    expect(d.missing).toEqual([]);
  });

  it('with no known child, the members of unknown age are what is missing — only they', () => {
    const d = decideAll(child, { id: 'H', members: [{ id: 'a', age: 40 }, { id: 'b' }, { id: 'c' }] });
    expect(d.eligible).toBe(null);
    expect(d.missing).toEqual(['/members/1/birth_date', '/members/2/birth_date']);
  });

  it('three known children and one of unknown age: min(count(…), 3) is 3', () => {
    const r = ruleset('score children = min(count(members as c where c.age < 15), 3)\n');
    const d = decideAll(r, { id: 'H', members: [{ id: 'a', age: 9 }, { id: 'b', age: 4 }, { id: 'c', age: 2 }, { id: 'd' }] });
    expect(d.scores.children).toBe(3);
    // Two known children: 2 or 3, unknown.
    const e = decideAll(r, { id: 'H', members: [{ id: 'a', age: 9 }, { id: 'b', age: 4 }, { id: 'd' }] });
    expect(e.scores.children).toBe(null);
  });

  it('an interval is not a value: a table lookup or a negation of one is plain unknown', () => {
    // The key's interval [1, 2] says nothing about the rows' values (3 then 0): read through the table it
    // must not be compared as if it were [1, 2] (a leak found by the compiled-equals-interpreted law).
    const t = 'table t: point source "s" {\n  ..<2 => 3\n  otherwise => 0\n}\n';
    const h: Household = { id: 'H', members: [{ id: 'a', age: 9 }, { id: 'b' }] };
    const looked = decideAll(ruleset(`${t}score s = if t(count(members as c where c.age < 15)) < 5 then 1 else 0\n`), h);
    expect(looked.scores.s).toBe(null);
    const negated = decideAll(ruleset('score s = if -count(members as c where c.age < 15) > 0 then 1 else 0\n'), h);
    expect(negated.scores.s).toBe(null);
  });

  it('`or c.pregnant`: a known child decides it, so no one is asked about pregnancy', () => {
    const r = ruleset('eligible when "a child or a pregnant woman": count(members as c where c.age < 15 or c.pregnant) >= 1\n');
    const d = decideAll(r, { id: 'H', members: [{ id: 'f', sex: 'male', age: 40 }, { id: 'a', age: 9 }, { id: 'b' }] });
    expect(d.eligible).toBe(true);
    expect(d.missing).toEqual([]);
  });

  it('the schema has no sex-conditional pregnancy: written `c.sex is female and c.pregnant`, a male member is not asked', () => {
    const r = ruleset('eligible when "a child or a pregnant woman": count(members as c where c.age < 15 or (c.sex is female and c.pregnant)) >= 1\n');
    const known = decideAll(r, { id: 'H', members: [{ id: 'f', sex: 'male', age: 40 }, { id: 'a', age: 9 }, { id: 'b' }] });
    expect(known.eligible).toBe(true);
    expect(known.missing).toEqual([]);
    const open = decideAll(r, { id: 'H', members: [{ id: 'f', sex: 'male', age: 40 }, { id: 'm', sex: 'female' }] });
    expect(open.eligible).toBe(null);
    expect(open.missing).toEqual(['/members/1/birth_date', '/members/1/pregnant']);
  });

  it('a sum already over a limit with a member of unknown relevance decides it', () => {
    const r = ruleset('eligible when "income over 1000": sum(members as m where m.age >= 18: m.monthly_income) > 1000\n');
    const d = decideAll(r, { id: 'H', members: [{ id: 'a', age: 30, monthly_income: 1200 }, { id: 'b', monthly_income: 300 }] });
    expect(d.eligible).toBe(true);
    const e = decideAll(r, { id: 'H', members: [{ id: 'a', age: 30, monthly_income: 800 }, { id: 'b', monthly_income: 300 }] });
    expect(e.eligible).toBe(null);
    expect(e.missing).toEqual(['/members/1/birth_date']);
  });

  it('max of known members bounds the result: a known member above the line decides `max > line`', () => {
    const r = ruleset('eligible when "someone over 60": max(members as m: m.age) > 60\n');
    expect(decideAll(r, { id: 'H', members: [{ id: 'a', age: 70 }, { id: 'b' }] }).eligible).toBe(true);
    expect(decideAll(r, { id: 'H', members: [{ id: 'a', age: 50 }, { id: 'b' }] }).eligible).toBe(null);
  });
});

describe('ops/bounds', () => {
  it('compares intervals only when every value gives the same answer', () => {
    expect(compareBounds('>=', { lo: 1, hi: 3 }, 1)).toBe(true);
    expect(compareBounds('>=', { lo: 0, hi: 3 }, 1)).toBe(undefined);
    expect(compareBounds('<', { lo: 0, hi: 3 }, 4)).toBe(true);
    expect(compareBounds('=', { lo: 0, hi: 3 }, 4)).toBe(false);
    expect(compareBounds('=', { lo: 0, hi: 3 }, 2)).toBe(undefined);
    expect(compareBounds('>', { lo: 1, hi: 3 }, undefined)).toBe(undefined);
  });
  it('min/max/clamp of intervals are intervals, a point is a number', () => {
    expect(callBounds('min', [{ lo: 3, hi: 4 }, 3])).toBe(3);
    expect(callBounds('min', [{ lo: 2, hi: 4 }, 3])).toEqual({ lo: 2, hi: 3 });
    expect(callBounds('clamp', [{ lo: 0, hi: 10 }, 2, 5])).toEqual({ lo: 2, hi: 5 });
    expect(callBounds('max', [{ lo: 0, hi: 10 }, undefined])).toEqual({ lo: 0, hi: Infinity });
  });
  it('range tests decide inside and outside', () => {
    expect(inRangeBounds({ lo: 2, hi: 3 }, 1, 5, false, false)).toBe(true);
    expect(inRangeBounds({ lo: 6, hi: 9 }, 1, 5, false, false)).toBe(false);
    expect(inRangeBounds({ lo: 4, hi: 9 }, 1, 5, false, true)).toBe(undefined);
  });
});

// ---------------------------------------------------------------- laws, on households with holes

const AGG_RULES = [
  'count(members as c where c.age < 15) >= 1',
  'count(members as c where c.age < 15 or c.pregnant) >= 2',
  'count(members as c where c.sex is female and c.age >= 18) < 2',
  'min(count(members as c where c.age < 15), 3) = 3',
  'max(count(members as c where c.disabled), 1) >= 1',
  'clamp(count(members as c where c.age >= 60), 1, 2) = 2',
  'sum(members as m where m.age >= 18: m.monthly_income) > 900',
  'sum(members as m: m.monthly_income) <= 1500',
  'min(members as m where m.sex is female: m.age) in 15..49',
  'max(members as m: m.age) > 64',
  'count(members as c where c.age < 15) in 1..2',
  'count(members as c where c.age < 15) != 0',
  '(if household.area is rural then count(members as c where c.age < 6) else 0) >= 1',
];

const member = fc.record({
  age: fc.integer({ min: 0, max: 90 }),
  sex: fc.constantFrom('female', 'male'),
  pregnant: fc.boolean(),
  disabled: fc.boolean(),
  monthly_income: fc.integer({ min: 0, max: 1200 }),
});
const FIELDS = ['age', 'sex', 'pregnant', 'disabled', 'monthly_income'] as const;

/** A complete household, which facts to leave out, and other complete households to fill the holes from. */
const holesArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    full: fc.array(member, { minLength: n, maxLength: n }),
    area: fc.constantFrom('urban', 'rural'),
    holes: fc.array(fc.array(fc.boolean(), { minLength: FIELDS.length, maxLength: FIELDS.length }), { minLength: n, maxLength: n }),
    fillers: fc.array(fc.array(member, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }),
  }),
);

type Member = Record<string, unknown>;

function household(members: Member[], area: string): Household {
  return { id: 'H', area, members: members.map((m, i) => ({ id: `p${i + 1}`, ...m })) } as Household;
}

function withHoles(full: Member[], holes: boolean[][]): Member[] {
  return full.map((m, i) => Object.fromEntries(Object.entries(m).filter(([k]) => !holes[i]![FIELDS.indexOf(k as never)])));
}

function filled(base: Member[], filler: Member[]): Member[] {
  return base.map((m, i) => ({ ...filler[i], ...m }));
}

describe('bounds laws', () => {
  const loaded = new Map(AGG_RULES.map((test) => [test, ruleset(`eligible when "rule": ${test}\nscore children = min(count(members as c where c.age < 15), 3)\n`)]));
  // A counterexample prints the rule's text, not the loaded ruleset.
  const rules = fc.constantFrom(...AGG_RULES).map((test) => ({ test, r: loaded.get(test)!, [fc.toStringMethod]: () => JSON.stringify(test) }));

  it('a decided result never changes when the unknown facts are filled in any way', () => {
    fc.assert(
      fc.property(rules, holesArb, ({ r }, { full, area, holes, fillers }) => {
        const base = withHoles(full, holes);
        const partial = decide(r, household(base, area), { date: DATE })[0]!;
        for (const filler of [full, ...fillers]) {
          const complete = decide(r, household(filled(base, filler), area), { date: DATE })[0]!;
          if (partial.eligible !== null) expect(complete.eligible).toBe(partial.eligible);
          if (partial.scores.children !== null) expect(complete.scores.children).toBe(partial.scores.children);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('an open decision names as missing only facts the record leaves out', () => {
    fc.assert(
      fc.property(rules, holesArb, ({ r }, { full, area, holes }) => {
        const base = withHoles(full, holes);
        const d = evaluate(r, household(base, area), { date: DATE, explain: false }).decisions[0]!;
        if (d.eligible !== null) return;
        // (It may name none: `min` over no female member is an error, not a missing fact.)
        for (const p of d.missing) {
          const [, , i, field] = p.split('/');
          const name = field === 'birth_date' ? 'age' : field!;
          expect(holes[Number(i)]![FIELDS.indexOf(name as never)]).toBe(true); // only facts left out are named
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('compiled (fast and traced) equals the interpreter on households with holes', () => {
    fc.assert(
      fc.property(rules, holesArb, fc.boolean(), ({ r }, { full, area, holes }, explain) => {
        const h = household(withHoles(full, holes), area);
        const compiled = JSON.parse(JSON.stringify(evaluate(r, h, { date: DATE, explain })));
        const reference = JSON.parse(JSON.stringify(interpretHousehold(r, h, { date: DATE, explain })));
        expect(compiled).toEqual(reference);
      }),
      { numRuns: RUNS },
    );
  });
});
