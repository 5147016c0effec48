// No text of a ruleset may reach the generated JavaScript: labels, texts, names and enum values are
// all read from the constants array, so a hostile label cannot become code.
import { describe, expect, it } from 'vitest';
import { evaluate, interpretHousehold } from '../../engine/evaluate';
import { household, load } from './helpers';

const PAYLOAD = '"); process.exit(1); ("';
const PAYLOAD2 = "'); globalThis.pwned = 1; ('";
const PAYLOAD3 = '`; globalThis.pwned = 1; `${1}';

const SOURCE = `
program xx/hostile "${PAYLOAD.replace(/"/g, '\\"')}"
  country BO
  currency BOB
  source "${PAYLOAD.replace(/"/g, '\\"')}"

parameter zq_injected_line: BOB per month = 700 assumption "${PAYLOAD2}"

table zq_housing_points: point source "${PAYLOAD3}" {
  rented => 10
  lent => 5
  otherwise => 0
}

let zq_sneaky_income = household.monthly_income

eligible when all of "${PAYLOAD.replace(/"/g, '\\"')}" {
  "${PAYLOAD.replace(/"/g, '\\"')}": zq_sneaky_income <= zq_injected_line
  "${PAYLOAD2}": household.area in {urban, suburban} assumption "${PAYLOAD3}"
  "${PAYLOAD3}": zq_housing_points(household.housing) >= 5
}

score zq_points = zq_housing_points(household.housing)
outcome = if zq_sneaky_income < 100 then "${PAYLOAD.replace(/"/g, '\\"')}" else "${PAYLOAD3}"
`;

describe('generated code', () => {
  const r = load(SOURCE);
  const sources = [r.compiled.fastSource, r.compiled.tracedSource, r.compiled.withheldSource, r.compiled.valuesSource];

  it('contains none of the ruleset text', () => {
    for (const src of sources) {
      for (const s of ['process', 'exit', 'pwned', 'globalThis', 'zq_', 'monthly_income', 'housing', 'urban', 'suburban', 'rented', 'lent']) {
        expect(src).not.toContain(s);
      }
      // The only string literals are the compiler's own: the directive and typeof tests.
      const stripped = src.replace(/"use strict"|'object'|"number"/g, '');
      expect(stripped).not.toMatch(/["'`\\]/);
    }
  });

  it('evaluates the hostile texts as plain data', () => {
    const h = household({ monthly_income: 50, area: 'urban', housing: 'rented' }, [{}]);
    const a = evaluate(r, h, { date: '2020-01-01' });
    expect(a.decisions[0].eligible).toBe(true);
    expect(a.decisions[0].outcome).toBe(PAYLOAD);
    // The withheld run (decisive assumptions) reads the hostile names as data too.
    expect(a.decisions[0].assumptions).toEqual([PAYLOAD2, 'zq_injected_line'].sort());
    expect(a.ruleset.title).toBe(PAYLOAD);
    expect(a).toEqual(interpretHousehold(r, h, { date: '2020-01-01' }));
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
