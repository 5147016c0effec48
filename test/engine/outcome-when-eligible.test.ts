// `outcome when eligible = …`: a class that exists only among subjects who qualify (selection by a
// points cutoff) is null for the others — in evaluate, in the reference interpreter, and in decide.
import { describe, expect, it } from 'vitest';
import { decide, evaluate, interpretHousehold, loadRuleset, type Household } from '../../engine';

const SOURCE = `program br/sel "Selection"
  country BR
  currency BRL
parameter limit: BRL per month = 100 source "test"
eligible when "income at most the limit": household.monthly_income <= limit
outcome when eligible = if household.size >= 3 then "selected" else "waitlist"
`;
const ruleset = loadRuleset('br/sel', SOURCE).ruleset!;

function outcomes(income: number | undefined) {
  const h = { id: 'H', members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], ...(income === undefined ? {} : { monthly_income: income }) } as Household;
  const options = { date: '2013-06-30' };
  return [
    evaluate(ruleset, h, { ...options, explain: true }).decisions[0]!.outcome,
    evaluate(ruleset, h, { ...options, explain: false }).decisions[0]!.outcome,
    interpretHousehold(ruleset, h, { ...options, explain: true }).decisions[0]!.outcome,
    decide(ruleset, h, options)[0]!.outcome,
  ];
}

describe('outcome when eligible', () => {
  it('is the class for an eligible subject', () => expect(outcomes(90)).toEqual(['selected', 'selected', 'selected', 'selected']));
  it('is null for an ineligible one', () => expect(outcomes(150)).toEqual([null, null, null, null]));
  it('is null while eligibility is undetermined', () => expect(outcomes(undefined)).toEqual([null, null, null, null]));
});
