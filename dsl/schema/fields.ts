// The catalogue of readable household and member fields, built from household.schema.json so the
// language and the registry format cannot drift apart. The schema knows only JSON types; the unit of
// each number (money, kWh, years, …) is an overlay kept here. Runs in the browser too: no node: APIs.
import schema from './household.schema.json';
import type { Type, Unit } from '../check/types';

export interface FieldInfo {
  /** Path from the owner: "monthly_income", "electricity.kwh_per_month". */
  path: string;
  type: Type;
  description: string;
  /** Computed by the engine rather than read as stored (`age`, `residency_years`, `size`). */
  derived?: boolean;
}

type Owner = 'household' | 'member';

interface JsonSchemaNode {
  type?: string;
  enum?: string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  $ref?: string;
}

/** Fields read only through other constructs: `members` through aggregates, `programs` through eligible(…). */
export const UNREADABLE_HOUSEHOLD_FIELDS: Readonly<Record<string, string>> = {
  members: 'the list of members is read with `members`, e.g. `count(members)` or `sum(members as m: …)`',
  programs: 'program participation is read with `eligible(<program-id>)`, e.g. `eligible(pe/juntos)`',
};

/** Unit overlay: the unit of each numeric field, by owner and path. `money` becomes `<currency> per month`. */
const UNITS: Record<string, 'money' | Record<string, number>> = {
  'household.monthly_income': 'money',
  'household.electricity.bill_per_month': 'money',
  'household.electricity.kwh_per_month': { kWh: 1, month: -1 },
  'household.rooms': { room: 1 },
  'household.km_to_market_town': { km: 1 },
  'household.community.juntos_household_share': {},
  'member.age': { year: 1 },
  'member.monthly_income': 'money',
  'member.prenatal_checkups': { checkup: 1 },
  'member.child_checkups': { checkup: 1 },
  'member.enrollment.year': { grade: 1 },
  'member.enrollment.attendance_rate': {},
};

/** Short descriptions for fields the schema leaves undocumented (shown on hover and in completion). */
const DESCRIPTIONS: Record<string, string> = {
  'household.id': 'Identifier of the household in the registry.',
  'household.country': 'Country of the registry record.',
  'household.municipality': 'Name of the municipality.',
  'household.area': 'Urban, suburban or rural area.',
  'household.electricity': 'Electricity consumption and bill.',
  'household.electricity.kwh_per_month': 'Electricity consumed per month.',
  'household.housing': 'Tenure of the dwelling: rented, lent, owned on an irregular or regular plot.',
  'household.rooms': 'Number of rooms of the dwelling.',
  'household.km_to_market_town': 'Distance to the nearest market town.',
  'household.community': 'The community the household belongs to.',
  'household.community.id': 'Identifier of the community.',
  'member.id': 'Identifier of the member within the household.',
  'member.relationship': 'Relationship to the head of the household.',
  'member.birth_date': 'Date of birth.',
  'member.enrollment': 'Current school enrollment.',
  'member.enrollment.level': 'School level the member is enrolled in.',
  'member.enrollment.year': 'Grade (school year) within the level.',
  'member.enrollment.attendance_rate': 'Share of school days attended, from 0 to 1.',
  'member.monthly_income': "The member's own income per month.",
  'member.prenatal_checkups': 'Prenatal check-ups attended.',
  'member.child_checkups': 'Child check-ups attended.',
};

const DERIVED: Record<Owner, FieldInfo[]> = {
  household: [
    { path: 'residency_years', type: { kind: 'number', unit: { year: 1 } }, derived: true,
      description: 'Whole years from `resident_since` to the evaluation date.' },
    { path: 'size', type: { kind: 'number', unit: { person: 1 } }, derived: true,
      description: 'The number of members of the household.' },
  ],
  member: [
    { path: 'age', type: { kind: 'number', unit: { year: 1 } }, derived: true,
      description: 'Whole years from `birth_date` to the evaluation date, else the recorded `age`.' },
  ],
};

function typeOf(owner: Owner, path: string, node: JsonSchemaNode, currency: string | undefined): Type {
  const key = `${owner}.${path}`;
  if (node.enum) return { kind: 'enum', values: node.enum, field: `${owner === 'household' ? 'household' : 'members'}.${path}` };
  switch (node.type) {
    case 'boolean': return { kind: 'bool' };
    case 'object': return { kind: 'record', path: `${owner}.${path}` };
    case 'string': return node.format === 'date' ? { kind: 'date' } : { kind: 'text' };
    case 'number':
    case 'integer': {
      const overlay = UNITS[key];
      if (overlay === 'money') {
        // Without a known currency the money unit is unknowable; 'error' silences follow-on mismatches.
        return currency ? { kind: 'number', unit: { [currency]: 1, month: -1 } as Unit } : { kind: 'error' };
      }
      return { kind: 'number', unit: overlay ?? {} };
    }
    default: return { kind: 'error' };
  }
}

function walk(owner: Owner, props: Record<string, JsonSchemaNode>, prefix: string, currency: string | undefined, out: FieldInfo[]) {
  for (const [name, node] of Object.entries(props)) {
    const path = prefix + name;
    if (owner === 'household' && prefix === '' && name in UNREADABLE_HOUSEHOLD_FIELDS) continue;
    // A stored field that a derived one replaces (member `age`) is listed once, as the derived one.
    if (DERIVED[owner].some((d) => d.path === path)) continue;
    const description = node.description ?? DESCRIPTIONS[`${owner}.${path}`] ?? `The ${owner} field \`${path}\`.`;
    out.push({ path, type: typeOf(owner, path, node, currency), description });
    if (node.type === 'object' && node.properties) walk(owner, node.properties, path + '.', currency, out);
  }
}

const root = schema as unknown as JsonSchemaNode & { $defs: { member: JsonSchemaNode } };

/** Every readable household field, nested records and derived fields included. */
export function householdFields(currency: string | undefined): FieldInfo[] {
  const out: FieldInfo[] = [];
  walk('household', root.properties ?? {}, '', currency, out);
  return [...out, ...DERIVED.household];
}

/** Every readable member field (`<member>.x`), nested `enrollment` and derived `age` included. */
export function memberFields(currency: string | undefined): FieldInfo[] {
  const out: FieldInfo[] = [];
  walk('member', root.$defs.member.properties ?? {}, '', currency, out);
  return [...out, ...DERIVED.member];
}
