// The registry layout, derived from household.schema.json so it cannot drift from it: one row per
// household, every household field a column, `members` a LIST of STRUCTs (one field per member field),
// `electricity` / `community` STRUCTs, `programs` a LIST of STRUCTs. Numbers are DECIMAL(18,6) — the
// engine's exact 6-place decimals, stored by DuckDB and Parquet as 64-bit integer micro-units, which is
// what a SQL backend computes with; whole counts are BIGINT, dates DATE. Nested lists suit DuckDB, which
// unnests them in place; engines without nested input (old ClickHouse) load a members table from the same
// file (`SELECT h.id, unnest(h.members) …`).
import { householdSchema } from '../../server/validate';

type SchemaNode = { type?: string | string[]; format?: string; enum?: unknown[]; $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode };

const defs = (householdSchema as { $defs: Record<string, SchemaNode> }).$defs;

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref ? defs[node.$ref.split('/').pop()!]! : node;
}

/** The DuckDB type of a schema node. */
export function duckdbType(raw: SchemaNode): string {
  const node = resolve(raw);
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (node.enum) return 'VARCHAR';
  switch (type) {
    case 'number': return 'DECIMAL(18,6)';
    case 'integer': return 'BIGINT';
    case 'boolean': return 'BOOLEAN';
    case 'string': return node.format === 'date' ? 'DATE' : 'VARCHAR';
    case 'array': return `${duckdbType(node.items ?? {})}[]`;
    case 'object': return `STRUCT(${Object.entries(node.properties ?? {}).map(([k, v]) => `${quoteIdent(k)} ${duckdbType(v)}`).join(', ')})`;
    default: return 'JSON';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Column name → DuckDB type for every household field, in schema order. */
export function householdColumns(): [string, string][] {
  const props = (householdSchema as { properties: Record<string, SchemaNode> }).properties;
  return Object.entries(props).map(([name, node]) => [name, duckdbType(node)]);
}

/** The `columns={…}` argument of DuckDB's read_json for the household layout. */
export function readJsonColumns(): string {
  return `{${householdColumns().map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
}

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
