// Households and dates for property checks, generated from household.schema.json and steered by the
// ruleset's own numbers (boundaries.ts). Most fields are present; some are absent, because unknown facts
// are part of what a ruleset must handle. fast-check shrinks a failing household towards fewer members
// and fewer fields.
import fc from 'fast-check';
import schema from '../../dsl/schema/household.schema.json';
import type { Household } from '../decision';
import type { Boundaries } from './boundaries';

interface SchemaNode {
  type?: string;
  enum?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $ref?: string;
  maxItems?: number;
}

const ROOT = schema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };
/** An absent field one time in `ABSENT_ONE_IN`. */
const ABSENT_ONE_IN = 8;

function resolveRef(node: SchemaNode): SchemaNode {
  return node.$ref ? ROOT.$defs[node.$ref.split('/').pop()!]! : node;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** An evaluation date: a change date of the ruleset (or the day before it), or any day around them. */
export function dateArbitrary(b: Boundaries): fc.Arbitrary<string> {
  const days = b.dates.map(dayOf);
  const low = (days.length ? Math.min(...days) : dayOf('2000-01-01')) - 3 * 365;
  const high = (days.length ? Math.max(...days) : dayOf('2020-01-01')) + 3 * 365;
  const any = fc.integer({ min: low, max: high }).map(isoDay);
  return b.dates.length ? fc.oneof(fc.constantFrom(...b.dates), any) : any;
}

const SAFETY_BOUND = 1000;

function numberArbitrary(path: string, node: SchemaNode, b: Boundaries): fc.Arbitrary<number> {
  const min = node.minimum ?? 0;
  const integer = node.type === 'integer';
  // A maximum of 1,000 or more only keeps values finite (household.schema.json): sample the typical range.
  const typical = Math.max(100, ...b.numbers.map((x) => x * 3));
  const max = node.maximum !== undefined && node.maximum < SAFETY_BOUND ? node.maximum : typical;
  const inRange = (x: number) => x >= min && x <= max && (!integer || Number.isInteger(x));
  const near = (path === 'monthly_income' ? [...b.perCapitaTotals, ...b.numbers] : b.numbers).filter(inRange);
  const random = integer
    ? fc.integer({ min, max: Math.min(max, 120) })
    : fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((c) => c / 100);
  return near.length ? fc.oneof(fc.constantFrom(...near), random) : random;
}

/** Mostly small households: the rules' conditions are easier to meet, and counterexamples easier to read. */
const MAX_MEMBERS = 5;

/** A date `years` whole years and a few days before the evaluation date: birthdays and anniversaries. */
function pastDateArbitrary(date: string, b: Boundaries): fc.Arbitrary<string> {
  const years = [...new Set(b.numbers.filter((x) => Number.isInteger(x) && x >= 0 && x <= 90))];
  const yearArb = years.length ? fc.oneof(fc.constantFrom(...years), fc.integer({ min: 0, max: 90 })) : fc.integer({ min: 0, max: 90 });
  return fc.tuple(yearArb, fc.integer({ min: -2, max: 2 })).map(([y, d]) => {
    const t = new Date(`${date}T00:00:00Z`);
    t.setUTCFullYear(t.getUTCFullYear() - y);
    t.setUTCDate(t.getUTCDate() + d);
    return t.toISOString().slice(0, 10);
  });
}

function valueArbitrary(path: string, raw: SchemaNode, b: Boundaries, date: string, programs: string[]): fc.Arbitrary<unknown> {
  const node = resolveRef(raw);
  if (node.enum) {
    const tested = node.enum.filter((v) => b.enumValues.has(v));
    // Three times in four a value the rules test, so households get past the conditions that test it.
    return tested.length ? fc.oneof({ arbitrary: fc.constantFrom(...tested), weight: 3 }, { arbitrary: fc.constantFrom(...node.enum), weight: 1 }) : fc.constantFrom(...node.enum);
  }
  if (node.type === 'boolean') return fc.boolean();
  if (node.type === 'integer' || node.type === 'number') return numberArbitrary(path, node, b);
  if (node.type === 'string' && node.format === 'date') return pastDateArbitrary(date, b);
  if (path === 'program') return fc.constantFrom(...programs);
  if (node.type === 'string') {
    const other = fc.constantFrom('a', 'b', 'c');
    return b.texts.length ? fc.oneof({ arbitrary: fc.constantFrom(...b.texts), weight: 3 }, { arbitrary: other, weight: 1 }) : other;
  }
  if (node.type === 'object') return objectArbitrary(path, node, b, date, programs);
  if (node.type === 'array' && node.items) return fc.array(valueArbitrary(path, node.items, b, date, programs), { maxLength: 2 });
  return fc.constant(null);
}

function objectArbitrary(path: string, node: SchemaNode, b: Boundaries, date: string, programs: string[]): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(node.required ?? []);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key === 'members' || key === 'id') continue;
    const arb = valueArbitrary(key, child, b, date, programs);
    fields[key] = required.has(key) ? arb : fc.option(arb, { nil: undefined, freq: ABSENT_ONE_IN });
  }
  return fc.record(fields).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

/** A household valid against the schema, for an evaluation on `date`. */
export function householdArbitrary(b: Boundaries, date: string, programs: string[] = ['pe/juntos']): fc.Arbitrary<Household> {
  const member = objectArbitrary('member', ROOT.$defs.member!, b, date, programs);
  const rest = objectArbitrary('household', ROOT, b, date, programs);
  return fc.tuple(rest, fc.array(member, { minLength: 1, maxLength: MAX_MEMBERS })).map(([h, members]) => ({
    id: 'H',
    ...h,
    members: members.map((m, i) => ({ id: `m${i + 1}`, ...m })),
  }));
}

/** A date and a household for it. */
export function caseArbitrary(b: Boundaries, programs?: string[]): fc.Arbitrary<{ date: string; household: Household }> {
  return dateArbitrary(b).chain((date) => householdArbitrary(b, date, programs).map((household) => ({ date, household })));
}
