// The json-rules-engine export decides eligibility exactly like our evaluator on complete households.
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../dsl';
import type { Household } from '../../engine/decision';
import { evaluate, loadRuleset, type LoadedRuleset } from '../../engine';
import { exportCommandOutput, exportJsonRulesEngine, jsonRulesEngineFacts } from '../../engine/export';
import { generate } from '../../bench/households';
import { bolsaCase, mpedCase, shapesCase } from './arbitraries';
import { bolsaRule, mpedRule } from '../../bench/json-rules-engine/idiomatic';
import { today } from '../../bench/hand-written/mped';

/** Property runs per ruleset; EXPORT_RUNS=5000 for a longer search. */
const RUNS = Number(process.env.EXPORT_RUNS ?? 1000);

function load(id: string, file = `../../rulesets/${id}.elig`): LoadedRuleset {
  const source = readFileSync(new URL(file, import.meta.url), 'utf8');
  const { ruleset, diagnostics } = loadRuleset(id, source);
  if (!ruleset) throw new Error(`${id} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  return ruleset;
}

/** Runs the exported rules; one json-rules-engine Engine per date (constants depend on it). */
function jreRunner(ruleset: LoadedRuleset) {
  const engines = new Map<string, Engine>();
  return async (h: Household, date: string): Promise<Map<string, boolean>> => {
    let engine = engines.get(date);
    if (!engine) {
      const out = exportJsonRulesEngine(ruleset.checked, { date, eligibilityOnly: true });
      expect(out.unsupported).toEqual([]);
      engines.set(date, (engine = new Engine(out.rules as never[])));
    }
    const result = new Map<string, boolean>();
    for (const { subject, facts } of jsonRulesEngineFacts(ruleset.checked, h, date)) {
      const { events } = await engine.run(facts);
      result.set(subject, events.some((e) => e.type === 'eligible'));
    }
    return result;
  };
}

/** Our decisions as json-rules-engine sees them: a subject with no decision (outside the filter) is not eligible. */
async function agree(ruleset: LoadedRuleset, run: ReturnType<typeof jreRunner>, h: Household, date: string, seen?: Set<boolean>): Promise<void> {
  const ours = evaluate(ruleset, h, { date, explain: false });
  for (const d of ours.decisions) seen?.add(d.eligible === true);
  for (const d of ours.decisions) expect(d.eligible, `${d.subject} is undetermined: the household is not complete`).not.toBeNull();
  const theirs = await run(h, date);
  const eligible = new Map(ours.decisions.map((d) => [d.subject, d.eligible === true]));
  for (const [subject, jre] of theirs) expect(jre, `subject ${subject} on ${date}`).toBe(eligible.get(subject) ?? false);
  for (const d of ours.decisions) expect(theirs.has(d.subject), `json-rules-engine ran for ${d.subject}`).toBe(true);
}

const CASES = [
  { id: 'bo/mped', arb: mpedCase, bench: 'mped' as const, benchDate: '2013-06-30' },
  { id: 'br/bolsa-escola-df', arb: bolsaCase, bench: 'bolsa' as const, benchDate: '1998-11-30' },
];

for (const c of CASES) {
  const present = existsSync(new URL(`../../rulesets/${c.id}.elig`, import.meta.url));
  describe.skipIf(!present)(`json-rules-engine export of ${c.id}`, () => {
    const ruleset = present ? load(c.id) : (undefined as never);
    const run = present ? jreRunner(ruleset) : (undefined as never);

    it('decides eligible like the evaluator on generated complete households', async () => {
      const seen = new Set<boolean>();
      await fc.assert(
        fc.asyncProperty(c.arb, async ({ household, date }) => agree(ruleset, run, household, date, seen)),
        { numRuns: RUNS },
      );
      expect([...seen].sort(), 'the generator reaches both outcomes').toEqual([false, true]);
    });

    it('agrees on the first 500 benchmark households', async () => {
      for (const h of generate(c.bench, 500)) await agree(ruleset, run, h, c.benchDate);
    });
  });
}

// The exporter writes what a json-rules-engine user writes by hand (bench/json-rules-engine/idiomatic.ts):
// flat facts, one `all` list, a group only where the logic branches, no JSONPath.
describe('the exported rules have the shape of hand-written idiomatic ones', () => {
  const shape = (c: any): unknown => (c.all ? { all: c.all.map(shape) } : c.any ? { any: c.any.map(shape) } : c.not ? { not: shape(c.not) } : c.operator);
  for (const [id, date, idiomatic] of [
    ['bo/mped', '2013-06-30', mpedRule],
    ['br/bolsa-escola-df', '1998-11-30', bolsaRule(today('1998-11-30'))],
  ] as const) {
    it(id, () => {
      const out = exportJsonRulesEngine(load(id).checked, { date, eligibilityOnly: true });
      expect(out.rules).toHaveLength(1);
      const rule = out.rules[0] as { conditions: { all: unknown[] } };
      const sorted = (x: any) => ({ all: [...x.all.map(shape)].map((v) => JSON.stringify(v)).sort() });
      // The hand-written idiomatic MPED rules predate the city coverage by date (BO §3.3, #11): the
      // export has that one group more; every other condition has the hand-written shape.
      const got = sorted(rule.conditions).all;
      const want = sorted(idiomatic.conditions).all;
      const extra = id === 'bo/mped' ? 1 : 0;
      expect(got).toEqual(expect.arrayContaining(want));
      expect(got.length).toBe(want.length + extra);
      expect(JSON.stringify(rule)).not.toContain('"path"');
      for (const f of out.facts) expect(typeof f.id).toBe('string');
    });
  }
  it('keeps the label of a spliced group on its parts', () => {
    const rule = exportJsonRulesEngine(load('bo/mped').checked, { date: '2013-06-30', eligibilityOnly: true }).rules[0] as any;
    expect(rule.conditions.all.filter((c: any) => c.fact === 'youth.age').map((c: any) => c.name)).toEqual(['aged 18 to 24', 'aged 18 to 24']);
  });
});

describe('json-rules-engine export of every condition shape', () => {
  // none of, any of, and/or/not, not in, is not, open and half-open ranges, head/spouse paths, fact vs
  // fact, a date field against a date parameter, inline count and arithmetic, a let, a derived age.
  const ruleset = load('xx/shapes', './fixtures/shapes.elig');
  const run = jreRunner(ruleset);
  it('decides eligible like the evaluator', async () => {
    const seen = new Set<boolean>();
    await fc.assert(fc.asyncProperty(shapesCase, async ({ household, date }) => agree(ruleset, run, household, date, seen)), { numRuns: RUNS });
    expect([...seen].sort()).toEqual([false, true]);
  });
});

// ---------------------------------------------------------------- refusals

const HEADER = `program xx/test "Test"
  country BO
  currency BOB
  in force from 2000-01-01
parameter line: BOB per month = 700 source "s"
table points: number source "s" {
  ..100 => 3
  101.. => 0
}
`;

function checked(body: string) {
  const { checked, diagnostics } = analyse(HEADER + body, { id: 'xx/test' });
  if (!checked) throw new Error(diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'));
  return checked;
}

describe('constructs json-rules-engine cannot express', () => {
  const refused: [string, string, number][] = [
    ['table points', '"few points": points(household.monthly_income) > 1', 11],
    ['sum of', '"score": sum of { "a": household.rooms * 1 "b": 2 } > 3', 11],
    ['normal_cdf', '"probit": normal_cdf(household.monthly_income / line) < 0.5', 11],
    ['if … then … else', '"branch": (if household.area is urban then household.monthly_income else 0 BOB per month) < line', 11],
  ];
  for (const [construct, condition, line] of refused) {
    it(`refuses ${construct} inline, naming it and its line`, () => {
      const c = checked(`eligible when all of {\n  ${condition}\n}\n`);
      const out = exportJsonRulesEngine(c, { date: '2013-06-30' });
      expect(out.unsupported).toHaveLength(1);
      expect(out.unsupported[0].construct).toContain(construct);
      expect(out.unsupported[0].range.start.line).toBe(line);
      expect(() => exportCommandOutput(c, '2013-06-30')).toThrow(new RegExp(`line ${line}: ${construct.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  }

  it('exports a boolean `if` (and the `is known` in it) as one computed fact, as a json-rules-engine user would', async () => {
    const c = checked(`eligible when all of {
  "poor by metered income, else by rooms":
    if household.monthly_income is known then household.monthly_income < line else household.rooms <= 2
}
`);
    const out = exportJsonRulesEngine(c, { date: '2013-06-30' });
    expect(out.unsupported).toEqual([]);
    const fact = 'if household.monthly_income is known then household.monthly_income < line else household.rooms <= 2';
    expect(out.facts.find((f) => f.id === fact)).toMatchObject({ kind: 'computed', type: 'bool' });
    expect(JSON.stringify(out.rules)).not.toContain('"path"');
    const engine = new Engine(out.rules as never[]);
    for (const [h, expected] of [
      [{ id: 'a', monthly_income: 600, rooms: 5, members: [{ id: 'p' }] }, true],
      [{ id: 'b', monthly_income: 800, rooms: 1, members: [{ id: 'p' }] }, false],
      [{ id: 'c', rooms: 1, members: [{ id: 'p' }] }, true],
      [{ id: 'd', rooms: 3, members: [{ id: 'p' }] }, false],
    ] as const) {
      const [{ facts }] = jsonRulesEngineFacts(c, h, '2013-06-30');
      expect((await engine.run(facts)).events.length === 1, h.id).toBe(expected);
    }
  });

  it('accepts the same constructs inside a let, as a computed fact the adapter evaluates', async () => {
    const c = checked(`let total = sum of { "a": points(household.monthly_income) "b": if household.area is urban then 1 else 0 }
eligible when all of {
  "scored": total >= 3
}
`);
    const out = exportJsonRulesEngine(c, { date: '2013-06-30' });
    expect(out.unsupported).toEqual([]);
    expect(out.facts.find((f) => f.id === "total")).toMatchObject({ kind: 'computed', line: 10 });
    const engine = new Engine(out.rules as never[]);
    const h = { id: 'h', area: 'urban', monthly_income: 90, members: [{ id: 'a' }] };
    const [{ facts }] = jsonRulesEngineFacts(c, h, '2013-06-30');
    expect(facts.total).toBe(4);
    expect((await engine.run(facts)).events).toHaveLength(1);
  });

  it("refuses another program's decision, even through a let", () => {
    const other = analyse(HEADER.replace('xx/test', 'xx/other') + 'eligible when all of { "poor": household.monthly_income < line }\n', { id: 'xx/other' }).ast;
    const { checked: c, diagnostics } = analyse(
      `${HEADER}let in_other = eligible(xx/other)\neligible when all of {\n  "also in other": in_other\n}\n`,
      { id: 'xx/test', resolve: (id) => (id === 'xx/other' ? other : undefined) },
    );
    if (!c) throw new Error(diagnostics.map((d) => d.message).join('\n'));
    const out = exportJsonRulesEngine(c, { date: '2013-06-30' });
    expect(out.unsupported.map((u) => [u.construct, u.range.start.line])).toEqual([['eligible(…) of another program', 10]]);
  });

  it('refuses a benefit formula, or omits it when only eligibility is asked for', () => {
    const c = checked(`eligible when all of { "poor": household.monthly_income < line }
benefit per month = line - household.monthly_income
`);
    expect(exportJsonRulesEngine(c, { date: '2013-06-30' }).unsupported.map((u) => u.construct)).toEqual(['benefit formula']);
    const only = exportJsonRulesEngine(c, { date: '2013-06-30', eligibilityOnly: true });
    expect(only.unsupported).toEqual([]);
    expect(only.omitted.map((u) => u.construct)).toEqual(['benefit formula']);
    expect(JSON.parse(exportCommandOutput(c, '2013-06-30', { eligibilityOnly: true })).rules).toHaveLength(1);
  });

  it('folds parameters in force on the date into constants, and refuses one that is not in force', () => {
    const c = checked(`parameter later: BOB per month
  from 2010-01-01 = 500 source "s"
eligible when all of { "poor": household.monthly_income < later }
`);
    const json = JSON.stringify(exportJsonRulesEngine(c, { date: '2013-06-30' }).rules);
    expect(json).toContain('"operator":"lessThan","value":500');
    const before = exportJsonRulesEngine(c, { date: '2005-06-30' }).unsupported;
    expect(before[0].message).toMatch(/later has no value in force on 2005-06-30/);
  });
});
