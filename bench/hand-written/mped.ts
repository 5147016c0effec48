// My First Decent Job written by hand, as a programmer would without the DSL: plain floats, direct field
// access, constants inlined for the date. The speed limit the compiled evaluator is measured against.
// Same rules as rulesets/bo/mped.elig; the bench cross-checks the two on the first households.
import type { Household } from '../../engine/decision';

type M = Record<string, any>;

export interface Today {
  y: number;
  m: number;
  d: number;
  iso: string;
}

export function today(iso: string): Today {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)), iso };
}

export function ageOn(m: M, t: Today): number {
  const b: string | undefined = m.birth_date;
  if (b === undefined) return m.age;
  const by = Number(b.slice(0, 4));
  const bm = Number(b.slice(5, 7));
  const bd = Number(b.slice(8, 10));
  return t.y - by - (t.m < bm || (t.m === bm && t.d < bd) ? 1 : 0);
}

export const DIGNITY_BILL = (22.42 + 50 * 0.065 + 20 * 0.414) * 1.15; // 70 kWh priced at the 2013 tariff

/** One entry per member aged 15–29 (the ruleset's subjects). */
export function mped(h: Household, t: Today): { id: string; eligible: boolean }[] {
  const out: { id: string; eligible: boolean }[] = [];
  if (t.iso < '2009-01-01') return out;
  const members = h.members as M[];
  const line = t.iso >= '2012-01-01' ? 700 : 600;
  const perCapita = (h.monthly_income as number) / members.length;
  const e = h.electricity as M;
  const dignity = e.kwh_per_month !== undefined ? e.kwh_per_month <= 70 : e.bill_per_month <= DIGNITY_BILL;
  const householdOk = (h.area === 'urban' || h.area === 'suburban') && perCapita < line;
  for (const m of members) {
    const age = ageOn(m, t);
    if (age < 15 || age > 29) continue;
    const s = m.schooling;
    const eligible =
      householdOk &&
      age >= 18 &&
      age <= 24 &&
      (s === 'primary_complete' || s === 'secondary_incomplete' || s === 'secondary_complete' || s === 'higher') &&
      (m.primary_school_type === 'public' || m.primary_school_type === 'agreement') &&
      m.employment === 'unemployed' &&
      (dignity || m.secondary_school_type === 'public' || m.secondary_school_type === 'agreement');
    out.push({ id: m.id, eligible });
  }
  return out;
}
