// `cannot change` reaches the search: a marked fact is never proposed, and is listed as not changed.
import { describe, expect, it } from 'vitest';
import { counterfactuals, loadRuleset } from '../../engine';

const rules = (marker: string) => `program br/test "Test"
  country BR
  currency BRL
${marker}
eligible when all of {
  "urban": household.area is urban source "t"
  "income": household.monthly_income <= 100 BRL per month source "t"
}
`;
const household = { id: 'h', area: 'rural', monthly_income: 50, members: [{ id: 'a', age: 30 }] };

describe('cannot change', () => {
  it('without it, moving to an urban area is a flip', () => {
    const { ruleset } = loadRuleset('br/test', rules(''));
    const [r] = counterfactuals(ruleset!, household, { date: '2020-01-01' });
    expect(r.flips.map((f) => f.message.text)).toContain("eligible if the household's area were urban (now rural)");
  });
  it('with it, the area is never changed and is listed as fixed', () => {
    const { ruleset, diagnostics } = loadRuleset('br/test', rules('cannot change household.area source "where the family lives"'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [r] = counterfactuals(ruleset!, household, { date: '2020-01-01' });
    expect(r.flips.some((f) => f.changes.some((c) => c.fact === '/area'))).toBe(false);
    expect(r.search.fixed).toContain('/area');
  });
});
