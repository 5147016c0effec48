// bo/mped's bill limit is the paper's operative figure, Bs 40 (BO §4.3). The tariff computation the paper
// prints ("(22.420 + 50×0.065 + 20×0.414)1.15 = 40") is kept in the ruleset as the value
// `priced_dignity_bill`; this test holds that derivation to the sourced limit, so a change to the tariff
// table or the surcharge that made Bs 40 no longer "70 kWh or less" fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type ExplanationNode } from '../../engine';
import { load } from '../engine/helpers';

const mped = load(readFileSync(new URL('../../rulesets/bo/mped.elig', import.meta.url), 'utf8'));

function find(node: ExplanationNode | undefined, label: string): ExplanationNode | undefined {
  if (!node) return undefined;
  if (node.label === label) return node;
  for (const c of node.children ?? []) {
    const hit = find(c, label);
    if (hit) return hit;
  }
  return undefined;
}

function decisionFor(bill: number) {
  const household = {
    id: 'H', municipality: 'La Paz', area: 'urban', monthly_income: 1200, electricity: { bill_per_month: bill },
    members: [
      { id: 'y', age: 20, schooling: 'secondary_complete', primary_school_type: 'public', secondary_school_type: 'private', employment: 'unemployed' },
      { id: 'm', age: 45, employment: 'employed' },
    ],
  };
  return evaluate(mped, household as never, { date: '2013-06-30', explain: true }).decisions[0]!;
}

describe('bo/mped bill limit (BO §4.3)', () => {
  it('70 kWh priced at Table 4.8 is Bs 39.0425, within the sourced Bs 40 and printed by the paper as 40', () => {
    const priced = find(decisionFor(40).explanation, 'priced dignity bill')?.value ?? find(decisionFor(40).explanation, 'priced_dignity_bill')?.value;
    expect(priced).toBe(39.0425);
    expect(priced as number).toBeLessThanOrEqual(40);
    expect(Math.ceil(priced as number)).toBe(40);
  });

  it('bills of Bs 39.05 to 40.00 pass (the source limit), 40.01 does not', () => {
    expect(decisionFor(39.05).eligible).toBe(true);
    expect(decisionFor(40).eligible).toBe(true);
    expect(decisionFor(40.01).eligible).toBe(false);
  });
});
