// The next date on which a decision changes by itself: a birthday crossing an age limit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterfactuals, decide, loadRuleset } from '../../engine';

const { ruleset } = loadRuleset('bo/mped', readFileSync(new URL('../../rulesets/bo/mped.elig', import.meta.url), 'utf8'));
const youth = { id: 'y', birth_date: '1996-03-01', schooling: 'secondary_complete', primary_school_type: 'public', secondary_school_type: 'public', employment: 'unemployed' };
const household = { id: 'h', municipality: 'La Paz', area: 'urban', monthly_income: 600, electricity: { bill_per_month: 30 }, members: [youth, { id: 'm', age: 45 }] };

describe('date changes', () => {
  it('a 17-year-old is eligible from her 18th birthday, and until the day before her 25th', () => {
    const [r] = counterfactuals(ruleset!, household, { date: '2014-01-01', subjects: ['y'] });
    expect(r.eligible).toBe(false);
    expect(r.next).toMatchObject({ date: '2014-03-01', eligible: true });
    expect(r.next!.message.text).toBe('eligible from 2014-03-01, when member y turns 18');
    expect(r.search.fixed).toContain('/members/*/birth_date');
    expect(r.flips.every((f) => f.changes.every((c) => !c.fact.endsWith('/birth_date') && !c.fact.endsWith('/age')))).toBe(true);
    // re-evaluated independently: the day before she is not, on the day she is
    expect(decide(ruleset!, household, { date: '2014-02-28' }).find((d) => d.subject === 'y')?.eligible).toBe(false);
    expect(decide(ruleset!, household, { date: '2014-03-01' }).find((d) => d.subject === 'y')?.eligible).toBe(true);

    const [later] = counterfactuals(ruleset!, household, { date: '2015-01-01', subjects: ['y'] });
    expect(later.next!.message.text).toBe('eligible until 2021-02-28; not from 2021-03-01, when member y turns 25');
  });
});
