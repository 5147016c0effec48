// Household and member fields for completion and hover, from the checker's own catalogue
// (dsl/schema/fields.ts), with their units in the ruleset's currency; and the raw schema for the
// household editor's basic checks.
import schema from '../../dsl/schema/household.schema.json';
import type { Type } from '../../dsl/check/types';
import { householdFields, memberFields } from '../../dsl/schema/fields';

export interface FieldInfo {
  /** Path from the owner, dotted: "electricity.kwh_per_month". */
  path: string;
  /** What a designer reads: "BOB per month", "date", "one of rented, lent, …", "record". */
  type: string;
  description: string | undefined;
  enumValues: readonly string[] | undefined;
  /** A nested object: its fields are reached with another `.`. */
  isRecord: boolean;
  derived: boolean;
}

export function unitName(unit: Readonly<Record<string, number>>): string {
  const entries = Object.entries(unit).filter(([, e]) => e !== 0);
  const part = (name: string, e: number) => (Math.abs(e) === 1 ? name : `${name}^${Math.abs(e)}`);
  const num = entries.filter(([, e]) => e > 0).map(([n, e]) => part(n, e));
  const den = entries.filter(([, e]) => e < 0).map(([n, e]) => part(n, e));
  if (!num.length && !den.length) return 'number';
  return [num.join(' ') || '1', ...den].join(' per ');
}

export function typeName(type: Type): string {
  switch (type.kind) {
    case 'number':
      return type.unit === 'any' ? 'number' : unitName(type.unit);
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'record':
      return 'record';
    case 'error':
      return 'value';
    default:
      return type.kind;
  }
}

const cache = new Map<string, { household: FieldInfo[]; member: FieldInfo[] }>();

function catalogue(currency: string | undefined): { household: FieldInfo[]; member: FieldInfo[] } {
  const key = currency ?? '';
  let entry = cache.get(key);
  if (!entry) {
    const convert = (f: ReturnType<typeof householdFields>[number]): FieldInfo => ({
      path: f.path,
      type: typeName(f.type),
      description: f.description,
      enumValues: f.type.kind === 'enum' ? f.type.values : undefined,
      isRecord: f.type.kind === 'record',
      derived: Boolean(f.derived),
    });
    entry = { household: householdFields(currency).map(convert), member: memberFields(currency).map(convert) };
    cache.set(key, entry);
  }
  return entry;
}

let currentCurrency: string | undefined;

/** The ruleset's currency fixes the unit of money fields. */
export function setCurrency(currency: string | undefined): void {
  currentCurrency = currency;
}

export function fieldsOf(owner: 'household' | 'member'): readonly FieldInfo[] {
  return catalogue(currentCurrency)[owner];
}

export function findField(owner: 'household' | 'member', path: string): FieldInfo | undefined {
  return fieldsOf(owner).find((f) => f.path === path);
}

/** The fields directly under `prefix` ("" for the top level, "electricity." for a nested object). */
export function fieldsUnder(owner: 'household' | 'member', prefix: string): FieldInfo[] {
  return fieldsOf(owner).filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.'));
}

// ---------------------------------------------------------------- raw schema, for the household editor

export type SchemaNode = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $ref?: string;
  required?: string[];
  additionalProperties?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
};

export const householdSchema = schema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

export function resolveRef(node: SchemaNode): SchemaNode {
  if (node.$ref?.startsWith('#/$defs/')) return householdSchema.$defs[node.$ref.slice('#/$defs/'.length)] ?? node;
  return node;
}
