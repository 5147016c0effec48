// Population analysis and variants together: a municipal variant that lowers an income limit, applied to
// a small population whose answer can be counted by hand.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../dsl';
import { parse } from '../../dsl/parse';
import { evaluate, loadRuleset, type Household, type LoadedRuleset } from '../../engine';
import { analysePopulation } from '../../engine/analysis/population';

const BASE = `program br/base "Base"
  country BR
  currency BRL
parameter limit: BRL per person per month = 91 source "0.7 × R$130"
parameter min_residency: year = 5 source "BE Table 3.1"
let per_capita = household.monthly_income / household.size
eligible when all of {
  "a child aged 7 to 14": any(members as c: c.age in 7..14)
  "per-capita income at most the limit": per_capita <= limit
  "resident long enough": household.residency_years >= min_residency
}
benefit per month = 130 BRL per month
`;
const VARIANT = `program br/variant "Variant"
  extends br/base
parameter limit: BRL per person per month = 65 source "BE Table 3.1 (Belo Horizonte)"
`;

const asts = new Map([['br/base', parse(BASE).ast]]);
const base = loadRuleset('br/base', BASE).ruleset as LoadedRuleset;
const variant = loadRuleset('br/variant', VARIANT, { resolveAst: (id) => asts.get(id) }).ruleset as LoadedRuleset;

function family(id: string, income: number, childAge: number, since = '1990-01-01'): Household {
  return { id, monthly_income: income, resident_since: since, members: [{ id: 'a', age: 30 }, { id: 'b', age: childAge }] };
}

describe('variants', () => {
  it('inherit every rule of the base and replace what they redeclare', () => {
    expect(variant.checked.parameters.get('limit')!.values[0]!.value).toMatchObject({ text: '65' });
    expect(variant.checked.parameters.get('min_residency')).toBeDefined();
    expect(variant.checked.eligible).toBeDefined();
  });
  it('explain inherited rules with the line and ruleset they are written in', () => {
    const [d] = evaluate(variant, family('H', 120, 9), { date: '2013-06-30', explain: true }).decisions;
    const nodes = d!.explanation!.children!;
    expect(nodes.find((n) => n.label === 'per_capita')).toMatchObject({ line: 6, program: 'br/base' });
    const conditions = nodes.find((n) => n.kind === 'all')!.children!;
    expect(conditions[1]).toMatchObject({ label: 'per-capita income at most the limit', line: 9, program: 'br/base' });
  });
  it('report a base that cannot be found, at the `extends` line', () => {
    const { diagnostics } = analyse(VARIANT, { id: 'br/variant', resolve: () => undefined });
    expect(diagnostics).toMatchObject([{ code: 'E-VARIANT', range: { start: { line: 2 } } }]);
  });
  it('report their own mistakes, not the base’s', () => {
    const { diagnostics } = analyse(`${VARIANT}let x = household.montly_income\n`, { id: 'br/variant', resolve: (id) => asts.get(id) });
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['W-UNUSED-LET', 4], ['E-UNKNOWN-FIELD', 4]]);
  });
});

describe('population analysis', () => {
  const households = [
    family('H1', 182, 9), // 91 per person: eligible under both? base yes (≤ 91), variant no (> 65)
    family('H2', 120, 9), // 60: eligible under both
    family('H3', 120, 3), // no child 7–14: neither
    family('H4', 150, 12, '2012-01-01'), // 75, but resident 1 year: neither
    family('H5', 170, 10), // 85: base only
  ];
  const report = analysePopulation(households, { date: '2013-06-30', baseline: base, reform: variant });

  it('counts who qualifies and what it costs, exactly', () => {
    expect(report.baseline).toMatchObject({ subjects: 5, eligible: 3, ineligible: 2, undetermined: 0 });
    expect(report.baseline.cost).toEqual({ amount: 390, currency: 'BRL', period: 'month', per_year: 4680 });
    expect(report.reform).toMatchObject({ eligible: 1, cost: { amount: 130 } });
  });
  it('names who gains and who loses, and the change in cost', () => {
    expect(report.changes).toMatchObject({ gainers: 0, losers: 2, cost_per_year_change: -3120 });
    expect(report.changes!.samples.losers.map((l) => l.household)).toEqual(['H1', 'H5']);
  });
  it('gives the criterion-by-criterion funnel of the baseline', () => {
    expect(report.funnel).toEqual([
      { label: 'a child aged 7 to 14', passing: 4 },
      { label: 'per-capita income at most the limit', passing: 4 },
      { label: 'resident long enough', passing: 3 },
    ]);
  });
});
