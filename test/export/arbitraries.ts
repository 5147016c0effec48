// fast-check generators of complete households (every field the rules read is present: json-rules-engine
// has no "unknown"), biased towards the rules' thresholds so a broken comparison shows quickly.
import fc from 'fast-check';
import type { Household } from '../../engine/decision';

const cents = (lo: number, hi: number) => fc.integer({ min: lo * 100, max: hi * 100 }).map((c) => c / 100);

/** An age on `date` as the registry records it: the age field, or a birth date on/next to the birthday. */
function ageFields(date: string, edges = [18, 24, 25, 7, 14, 15, 29, 30]) {
  const [y, m, d] = date.split('-').map(Number);
  return fc.tuple(fc.integer({ min: 0, max: 90 }), fc.constantFrom(...edges), fc.boolean(), fc.integer({ min: -2, max: 400 })).map(
    ([any, edge, useAny, dayOffset]) => {
      const age = useAny ? any : edge;
      if (dayOffset > 365) return { age };
      const t = Date.UTC(y - age, m - 1, d) - dayOffset * 86_400_000; // -2..-1: a day or two before the birthday
      return { birth_date: new Date(t).toISOString().slice(0, 10) };
    },
  );
}

const SCHOOLING = ['illiterate', 'literate', 'primary_incomplete', 'primary_complete', 'secondary_incomplete', 'secondary_complete', 'higher'];
const SCHOOL_TYPE = ['public', 'agreement', 'private'];

export const mpedDates = ['2008-12-31', '2009-01-01', '2011-12-31', '2012-01-01', '2013-06-30', '2013-06-30', '2020-02-29'];

export const mpedCase = fc.constantFrom(...mpedDates).chain((date) =>
  fc
    .record({
      members: fc.array(
        fc.record({
          // Weighted towards the eligible side of each condition, so that every condition is often decisive.
          age: ageFields(date, [14, 15, 17, 18, 18, 20, 24, 24, 25, 29, 30]),
          sex: fc.constantFrom('female', 'male'),
          schooling: fc.constantFrom(...SCHOOLING, 'primary_complete', 'secondary_complete'),
          primary_school_type: fc.constantFrom(...SCHOOL_TYPE, 'public'),
          secondary_school_type: fc.constantFrom(...SCHOOL_TYPE, 'private'), // private: the electricity proxy decides
          employment: fc.constantFrom('employed', 'unemployed', 'unemployed', 'inactive'),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      area: fc.constantFrom('urban', 'suburban', 'rural'),
      perCapita: fc.oneof(fc.constantFrom(599.99, 600, 699.99, 700, 700.01), cents(0, 1000)),
      kwh: fc.oneof(fc.constantFrom(50, 69, 70, 70.5, 71), cents(0, 400)),
      bill: fc.oneof(fc.constantFrom(39, 39.04, 39.0425, 39.05, 40), cents(0, 120)),
      meter: fc.constantFrom('kwh', 'bill', 'both', 'both'),
    })
    .map(({ members, area, perCapita, kwh, bill, meter }) => {
      const h: Household = {
        id: 'H',
        country: 'BO',
        municipality: 'La Paz', // covered by bo/mped at every date (BO §3.3)
        area,
        monthly_income: Math.round(perCapita * members.length * 100) / 100,
        electricity: meter === 'kwh' ? { kwh_per_month: kwh } : meter === 'bill' ? { bill_per_month: bill } : { kwh_per_month: kwh, bill_per_month: bill },
        members: members.map(({ age, ...m }, i) => ({ id: `p${i + 1}`, relationship: i === 0 ? 'head' : 'child', ...age, ...m })),
      };
      return { date, household: h };
    }),
);

const OCCUPATION = ['odd_jobs', 'farmer', 'employee', 'retired', 'inactive'];

/** A Federal District family: an applicant, maybe a spouse, 0–6 children; everything the score reads. */
export const bolsaCase = fc.constantFrom('1995-06-30', '1998-11-30', '2000-01-31').chain((date) => {
  const person = (relationship: string) =>
    fc.record({
      relationship: fc.constant(relationship),
      age: ageFields(date),
      sex: fc.constantFrom('female', 'male'),
      marital_status: fc.constantFrom('single', 'married', 'union', 'divorced', 'widowed'),
      schooling: fc.constantFrom(...SCHOOLING),
      occupation: fc.constantFrom(...OCCUPATION),
      disabled: fc.boolean(),
      undernourished: fc.boolean(),
      custody: fc.constantFrom('none', 'none', 'special', 'socio_educational'),
      attendance: fc.oneof(fc.constantFrom(0.89, 0.9, 0.91, 1), cents(0, 1)),
      monthly_income: fc.oneof(fc.constant(0), cents(0, 600)),
    });
  const [y, m, d] = date.split('-').map(Number);
  return fc
    .record({
      applicant: person('head'),
      spouse: fc.option(person('spouse'), { nil: undefined }),
      children: fc.array(person('child'), { maxLength: 6 }),
      perCapita: fc.oneof(fc.constantFrom(13, 14, 25, 26, 45.5, 50, 51, 65, 91, 91.01, 130), cents(0, 400)),
      housing: fc.constantFrom('rented', 'lent', 'owned_irregular_plot', 'owned_regular_plot'),
      years: fc.oneof(fc.constantFrom(4, 5, 6), fc.integer({ min: 0, max: 40 })),
      dayOffset: fc.integer({ min: -1, max: 200 }),
    })
    .map(({ applicant, spouse, children, perCapita, housing, years, dayOffset }) => {
      const people = [applicant, ...(spouse ? [spouse] : []), ...children];
      const since = new Date(Date.UTC(y - years, m - 1, d) + dayOffset * 86_400_000).toISOString().slice(0, 10);
      const h: Household = {
        id: 'F',
        country: 'BR',
        municipality: 'Brasília',
        area: 'urban',
        housing,
        resident_since: since,
        monthly_income: Math.round(perCapita * people.length * 100) / 100,
        members: people.map(({ age, attendance, ...p }, i) => ({
          id: `m${i + 1}`,
          ...age,
          ...p,
          enrollment: { level: 'primary', year: 1 + (i % 8), school_type: 'public', attendance_rate: attendance },
        })),
      };
      return { date, household: h };
    });
});

/** Households for fixtures/shapes.elig: a head, a spouse (so `spouse.…` is known) and 1–4 others; weighted
 *  so that about 1 in 50 passes every condition. */
export const shapesCase = fc.constantFrom('1999-12-31', '2013-06-30', '2013-06-30', '2013-06-30').chain((date) =>
  fc
    .record({
      incomes: fc.tuple(fc.oneof(fc.constant(500), cents(0, 2000)), fc.oneof(fc.constant(500), cents(0, 2000))),
      employment: fc.constantFrom('employed', 'unemployed', 'inactive'),
      ages: fc.tuple(ageFields(date), ageFields(date), fc.array(ageFields(date), { minLength: 1, maxLength: 4 })),
      area: fc.constantFrom('urban', 'urban', 'urban', 'suburban', 'rural'),
      rooms: fc.integer({ min: 1, max: 7 }),
      walls: fc.boolean(),
      water: fc.boolean(),
      since: fc.constantFrom('2004-12-31', '2005-01-01', '2005-01-02', '1990-06-01', '1998-02-03', '2010-03-03'),
      total: fc.oneof(fc.constantFrom(0, 700, 1400, 2100), cents(0, 3000)),
    })
    .map(({ incomes, employment, ages: [headAge, spouseAge, kids], area, rooms, walls, water, since, total }) => {
      const h: Household = {
        id: 'S',
        area,
        rooms,
        walls_plastered: walls,
        water_public_network: water,
        resident_since: since,
        monthly_income: total,
        members: [
          { id: 'h', relationship: 'head', ...headAge, monthly_income: incomes[0], employment },
          { id: 's', relationship: 'spouse', ...spouseAge, monthly_income: incomes[1] },
          ...kids.map((a, i) => ({ id: `k${i}`, relationship: 'child', ...a })),
        ],
      };
      return { date, household: h };
    }),
);
