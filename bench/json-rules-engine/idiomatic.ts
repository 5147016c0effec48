// MPED and Bolsa Escola (DF) as a json-rules-engine user would write them by hand: flat facts computed
// by the calling code (one object per youth, one per family), one rule each with plain
// `{fact, operator, value}` conditions and the thresholds in force on the bench date written in.
// The fair baseline for `npm run bench`: the exported rules (engine/export) are measured beside it.
// Facts come from the same field reading as bench/hand-written/, so the three agree on complete records.
import type { Household } from '../../engine/decision';
import { minimumWage } from '../hand-written/bolsa-escola-df';
import { ageOn, DIGNITY_BILL, type Today } from '../hand-written/mped';

type M = Record<string, any>;

export const mpedRule = {
  name: 'mped',
  conditions: {
    all: [
      { fact: 'area', operator: 'in', value: ['urban', 'suburban'] },
      { fact: 'perCapitaIncome', operator: 'lessThan', value: 700 },
      { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
      { fact: 'age', operator: 'lessThanInclusive', value: 24 },
      { fact: 'schooling', operator: 'in', value: ['primary_complete', 'secondary_incomplete', 'secondary_complete', 'higher'] },
      { fact: 'primarySchoolType', operator: 'in', value: ['public', 'agreement'] },
      { fact: 'employment', operator: 'equal', value: 'unemployed' },
      {
        any: [
          { fact: 'dignityTariff', operator: 'equal', value: true },
          { fact: 'secondarySchoolType', operator: 'in', value: ['public', 'agreement'] },
        ],
      },
    ],
  },
  event: { type: 'eligible' },
};

/** One fact object per youth (member aged 15–29), as the caller of json-rules-engine computes them. */
export function mpedFacts(h: Household, t: Today): Record<string, unknown>[] {
  const members = h.members as M[];
  const e = h.electricity as M;
  const common = {
    area: h.area,
    perCapitaIncome: (h.monthly_income as number) / members.length,
    dignityTariff: e.kwh_per_month !== undefined ? e.kwh_per_month <= 70 : e.bill_per_month <= DIGNITY_BILL,
  };
  const out: Record<string, unknown>[] = [];
  for (const m of members) {
    const age = ageOn(m, t);
    if (age < 15 || age > 29) continue;
    out.push({
      ...common, age, schooling: m.schooling, primarySchoolType: m.primary_school_type,
      secondarySchoolType: m.secondary_school_type ?? null, employment: m.employment,
    });
  }
  return out;
}

export function bolsaRule(t: Today) {
  return {
    name: 'bolsa-escola-df',
    conditions: {
      all: [
        { fact: 'hasChildAged7To14', operator: 'equal', value: true },
        { fact: 'perCapitaIncome', operator: 'lessThanInclusive', value: 0.5 * minimumWage(t.iso) },
        { fact: 'residencyYears', operator: 'greaterThanInclusive', value: 5 },
      ],
    },
    event: { type: 'eligible' },
  };
}

export function bolsaFacts(h: Household, t: Today): Record<string, unknown>[] {
  const members = h.members as M[];
  return [{
    hasChildAged7To14: members.some((m) => { const a = ageOn(m, t); return a >= 7 && a <= 14; }),
    perCapitaIncome: (h.monthly_income as number) / members.length,
    residencyYears: ageOn({ birth_date: h.resident_since }, t),
  }];
}
