// Participation in another program, read from household.programs: in_program, years_in_program and
// recertified — the same in the compiled evaluator and the reference interpreter, unknown only when
// the record is absent.
import { describe, expect, it } from 'vitest';
import { evaluate, interpretHousehold, loadRuleset, type Household } from '../../engine';

const SOURCE = `program pe/grad "Graduation"
  country PE
  currency PEN
parameter years: year = 4 source "JU ch. III"
eligible when all of {
  "in JUNTOS": in_program(pe/juntos)
  "4 years": years_in_program(pe/juntos) >= years
  "recertified": recertified(pe/juntos)
}
`;
const ruleset = loadRuleset('pe/grad', SOURCE).ruleset!;

function decide(programs: unknown, date = '2013-06-30') {
  const h = { id: 'H', members: [{ id: 'a' }], ...(programs === undefined ? {} : { programs }) } as Household;
  const compiled = evaluate(ruleset, h, { date, explain: true });
  expect(compiled).toEqual(interpretHousehold(ruleset, h, { date, explain: true }));
  return compiled.decisions[0]!;
}

describe('participation in another program', () => {
  it('counts whole years from the entry in force on the date', () => {
    expect(decide([{ program: 'pe/juntos', since: '2009-06-30', recertified: true }]).eligible).toBe(true);
    expect(decide([{ program: 'pe/juntos', since: '2009-07-01', recertified: true }]).eligible).toBe(false);
  });
  it('ignores entries of other programs, entries that ended, and entries not yet begun', () => {
    expect(decide([{ program: 'bo/bja', since: '2000-01-01', recertified: true }]).eligible).toBe(false);
    expect(decide([{ program: 'pe/juntos', since: '2000-01-01', until: '2012-12-31', recertified: true }]).eligible).toBe(false);
    expect(decide([{ program: 'pe/juntos', since: '2014-01-01', recertified: true }]).eligible).toBe(false);
  });
  it('is undetermined without a programs record, and names the missing flag', () => {
    expect(decide(undefined)).toMatchObject({ eligible: null, missing: ['/programs'] });
    expect(decide([{ program: 'pe/juntos', since: '2000-01-01' }])).toMatchObject({ eligible: null, missing: ['/programs/0/recertified'] });
  });
  it('is refused where a program id is used as a value', () => {
    const bad = loadRuleset('pe/grad', SOURCE.replace('in_program(pe/juntos)', 'pe/juntos'));
    expect(bad.diagnostics.map((d) => d.code)).toContain('E-PROGRAM-VALUE');
  });
});
