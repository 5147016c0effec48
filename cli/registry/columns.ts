// The registry layout, derived from household.schema.json so it cannot drift from it: one row per
// household, every household field a column, `electricity` / `community` STRUCTs, `programs` a LIST of
// STRUCTs, and the members as one LIST per member field, named by dotted path (`members.age`,
// `members.enrollment.grade`), the i-th element of each list being the i-th member — the column layout
// (engine/sql/layout.ts). Numbers are DECIMAL(18,6) — the engine's exact 6-place decimals, stored by
// DuckDB and Parquet as 64-bit integer micro-units, which is what a SQL backend computes with; whole
// counts are BIGINT, dates DATE. Lists per field rather than one LIST of STRUCTs because a query reads only
// the fields its rules name: DuckDB reads a list of structs whole (every member field of every member),
// which made reading the file most of a screening's time (5× slower at 1M households). Files of the
// earlier nested layout (`members` a LIST of STRUCTs) are still read (engine/sql/layout.ts).
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

/** Every leaf field of a member, by path (nested objects flattened), in schema order. */
export function memberPaths(): string[][] {
  const flat = (props: Record<string, SchemaNode>, prefix: string[]): string[][] => Object.entries(props).flatMap(([name, raw]) => {
    const node = resolve(raw);
    return node.type === 'object' && node.properties ? flat(node.properties, [...prefix, name]) : [[...prefix, name]];
  });
  return flat(resolve(defs.member!).properties ?? {}, []);
}

/** A SELECT of `source` (rows with `members` a LIST of STRUCTs, as read_json gives them) in the registry
 *  layout: the members as one list per field. */
export function columnarSelect(source: string): string {
  const lists = memberPaths().map((p) => `list_transform("members", m -> m.${p.map(quoteIdent).join('.')}) AS ${quoteIdent(`members.${p.join('.')}`)}`);
  return `SELECT * EXCLUDE ("members"), ${lists.join(', ')} FROM ${source}`;
}

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
