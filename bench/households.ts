// Deterministic generators of plausible, complete household records (valid against
// dsl/schema/household.schema.json) for the benchmark and the export equivalence test.
// "Complete" means every field the shipped rules read is present, so every decision is decided:
// the distributions straddle the thresholds (ages 17/18/24/25, per-capita incomes around the poverty
// line and ½–0.7 minimum wage, 70 kWh / Bs 39 bills, 5 years of residency) so both outcomes are common.
import type { Household } from '../engine/decision';
import { seededRandom } from '../engine/analysis/seeded-random';

/** The same seed gives the same households. */
export const prng = seededRandom;


type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const cents = (x: number) => Math.round(x * 100) / 100;

/** A birth date giving age `age` (± a day) on `date`, or the recorded age instead (registries have both). */
function ageFields(r: Rand, age: number, date: string): { birth_date: string } | { age: number } {
  if (r() < 0.2) return { age };
  const [y, m, d] = date.split('-').map(Number);
  const offset = int(r, 0, 364); // days after the last birthday, so the age is exactly `age`
  const t = Date.UTC(y - age, m - 1, d) - offset * 86_400_000;
  return { birth_date: new Date(t).toISOString().slice(0, 10) };
}

const SCHOOLING = ['illiterate', 'literate', 'primary_incomplete', 'primary_complete', 'secondary_incomplete', 'secondary_complete', 'higher'] as const;
const SCHOOL_TYPE = ['public', 'public', 'public', 'agreement', 'private'] as const;
const EMPLOYMENT = ['employed', 'unemployed', 'unemployed', 'inactive'] as const;
const OCCUPATION = ['odd_jobs', 'farmer', 'employee', 'retired', 'inactive'] as const;
const HOUSING = ['rented', 'lent', 'owned_irregular_plot', 'owned_regular_plot'] as const;

// ---------------------------------------------------------------- Bolivia, My First Decent Job

export const MPED_DATE = '2013-06-30';

export function mpedHousehold(r: Rand, n: number, date = MPED_DATE): Household {
  const size = int(r, 1, 7);
  const members = [];
  for (let i = 0; i < size; i++) {
    // The head is an adult; others are spread over 0–60 with a bulge of youths 15–29.
    const age = i === 0 ? int(r, 18, 70) : r() < 0.55 ? int(r, 14, 30) : int(r, 0, 60);
    members.push({
      id: `p${i + 1}`,
      relationship: i === 0 ? 'head' : i === 1 && r() < 0.6 ? 'spouse' : pick(r, ['child', 'child', 'grandchild', 'other_relative'] as const),
      sex: pick(r, ['female', 'male'] as const),
      ...ageFields(r, age, date),
      schooling: pick(r, SCHOOLING),
      primary_school_type: pick(r, SCHOOL_TYPE),
      secondary_school_type: pick(r, SCHOOL_TYPE),
      employment: pick(r, EMPLOYMENT),
    });
  }
  // Per-capita income roughly log-uniform 150–2000 BOB: the 600/700 lines cut through the middle.
  const perCapita = 150 * Math.pow(2000 / 150, r());
  const kwh = int(r, 20, 160);
  const bill = cents(20 + r() * 40);
  const e = r();
  return {
    id: `BO-${n}`,
    country: 'BO',
    municipality: 'La Paz', // a pilot city of My First Decent Job (BO §3.3), covered at every date
    area: pick(r, ['urban', 'urban', 'suburban', 'rural'] as const),
    monthly_income: r() < 0.1 ? 700 * size : cents(perCapita * size), // some exactly on the line
    electricity: e < 0.6 ? { kwh_per_month: kwh } : e < 0.9 ? { bill_per_month: bill } : { kwh_per_month: kwh, bill_per_month: bill },
    housing: pick(r, HOUSING),
    members,
  };
}

// ---------------------------------------------------------------- Brazil, Bolsa Escola (Federal District)

export const BOLSA_DATE = '1998-11-30';

export function bolsaHousehold(r: Rand, n: number, date = BOLSA_DATE): Household {
  const withSpouse = r() < 0.6;
  const children = int(r, 0, 6);
  const adult = (id: string, relationship: 'head' | 'spouse', sex: 'female' | 'male') => ({
    id,
    relationship,
    sex,
    ...ageFields(r, int(r, 19, 60), date),
    marital_status: relationship === 'spouse' || withSpouse ? pick(r, ['married', 'union'] as const) : pick(r, ['single', 'divorced', 'widowed'] as const),
    schooling: pick(r, SCHOOLING),
    occupation: pick(r, OCCUPATION),
    disabled: r() < 0.05,
    custody: 'none' as const,
    monthly_income: 0, // set below
  });
  const headSex = r() < 0.45 ? 'female' : 'male';
  const members: Record<string, unknown>[] = [adult('p1', 'head', headSex)];
  if (withSpouse) members.push(adult('p2', 'spouse', headSex === 'female' ? 'male' : 'female'));
  for (let i = 0; i < children; i++) {
    const age = int(r, 0, 17);
    members.push({
      id: `c${i + 1}`,
      relationship: 'child',
      sex: pick(r, ['female', 'male'] as const),
      ...ageFields(r, age, date),
      schooling: age < 7 ? 'illiterate' : pick(r, ['literate', 'primary_incomplete', 'primary_complete', 'secondary_incomplete'] as const),
      disabled: r() < 0.04,
      undernourished: age <= 6 && r() < 0.15,
      custody: r() < 0.03 ? pick(r, ['special', 'socio_educational'] as const) : 'none',
      enrollment: { level: 'primary', year: Math.min(8, Math.max(1, age - 6)), school_type: 'public', attendance_rate: cents(0.7 + r() * 0.3) },
      monthly_income: 0,
    });
  }
  // Per-capita income log-uniform R$ 10–400: the ½ and 0.7 minimum-wage lines (65, 91) and the score's
  // income bands all fall inside.
  const perCapita = 10 * Math.pow(40, r());
  const total = cents(perCapita * members.length);
  members[0].monthly_income = withSpouse ? cents(total * 0.6) : total;
  if (withSpouse) members[1].monthly_income = cents(total - (members[0].monthly_income as number));
  const years = r() < 0.1 ? 5 : int(r, 0, 25); // some exactly five years to the day
  const [y, m, d] = date.split('-');
  return {
    id: `BR-${n}`,
    country: 'BR',
    municipality: 'Brasília',
    area: 'urban',
    monthly_income: total,
    housing: pick(r, HOUSING),
    resident_since: `${Number(y) - years}-${m}-${years === 5 ? d : String(int(r, 1, 28)).padStart(2, '0')}`,
    members: members as Household['members'],
  };
}

/** `count` households from a fixed seed (the same list every run). */
export function generate(kind: 'mped' | 'bolsa', count: number, seed = 20250101): Household[] {
  const r = prng(seed);
  const make = kind === 'mped' ? mpedHousehold : bolsaHousehold;
  const out: Household[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = make(r, i);
  return out;
}
