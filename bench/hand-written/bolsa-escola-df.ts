// Bolsa Escola (Federal District) written by hand: eligibility and the column-A priority score, with
// plain floats and direct field access. Same rules as rulesets/br/bolsa-escola-df.elig.
import type { Household } from '../../engine/decision';
import { ageOn, type Today } from './mped';

type M = Record<string, any>;

const SCHOOLING: Record<string, number> = {
  illiterate: 50, literate: 25, primary_incomplete: 15, primary_complete: 15, secondary_incomplete: 5, secondary_complete: 5, higher: 5,
};
const LABOUR: Record<string, number> = { odd_jobs: 80, farmer: 75, employee: 65, retired: 60, inactive: 20 };
const HOUSING: Record<string, number> = { rented: 120, lent: 80, owned_irregular_plot: 20, owned_regular_plot: 0 };
const CHILDREN = [0, 0, 20, 50, 80, 110, 140, 180, 210];

export function minimumWage(iso: string): number {
  if (iso >= '2000-04-03') return 151;
  if (iso >= '1999-05-01') return 136;
  if (iso >= '1998-05-01') return 130;
  if (iso >= '1997-05-01') return 120;
  if (iso >= '1996-05-01') return 112;
  return 100;
}

export function bolsaEscolaDf(h: Household, t: Today): { eligible: boolean; priority: number } {
  const members = h.members as M[];
  const perCapita = (h.monthly_income as number) / members.length;
  const since = h.resident_since as string;
  const residency = ageOn({ birth_date: since }, t);

  let child7to14 = false;
  let children0to14 = 0;
  let custody = false;
  let undernourished = false;
  let disabledElder = false;
  let disabled = false;
  let head: M | undefined;
  let spouse: M | undefined;
  for (const m of members) {
    const age = ageOn(m, t);
    if (age >= 7 && age <= 14) child7to14 = true;
    if (age <= 14) children0to14++;
    if (m.custody === 'special') custody = true;
    if (age <= 6 && m.undernourished) undernourished = true;
    if (m.disabled) {
      if (age >= 60) disabledElder = true;
      else disabled = true;
    }
    if (head === undefined && m.relationship === 'head') head = m;
    if (spouse === undefined && m.relationship === 'spouse') spouse = m;
  }

  const eligible = t.iso >= '1995-05-01' && child7to14 && perCapita <= 0.5 * minimumWage(t.iso) && residency >= 5;

  let priority =
    (custody ? 160 : 0) +
    (undernourished ? 160 : 0) +
    (disabledElder ? 160 : 0) +
    (disabled ? 160 : 0) +
    CHILDREN[Math.min(children0to14, 8)] +
    SCHOOLING[head!.schooling] +
    LABOUR[head!.occupation] +
    HOUSING[h.housing as string] +
    (perCapita < 26 ? 50 : perCapita < 51 ? 35 : 0);
  priority += spouse ? SCHOOLING[spouse.schooling] + LABOUR[spouse.occupation] : 100;
  return { eligible, priority };
}
