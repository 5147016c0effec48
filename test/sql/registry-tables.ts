// Households as the relational layout of engine/sql/layout.ts — `households` and `members` rows with
// columns by dotted path — and the SQL that creates and fills those tables in any of the engines the
// tests start. Column types come from household.schema.json (DECIMAL(18,6) numbers, BIGINT integers,
// DATE dates), so what a test loads is what a registry would hold.
import schema from '../../dsl/schema/household.schema.json';
import type { Household } from '../../engine';
import { toMicros } from '../../engine/values';
import { clickhouse } from '../../engine/sql/clickhouse';

interface Node { type?: string; format?: string; enum?: unknown[]; properties?: Record<string, Node> }
type Column = { path: string[]; type: string };

function columns(props: Record<string, Node>, prefix: string[] = []): Column[] {
  return Object.entries(props).flatMap(([name, node]): Column[] => {
    if (node.type === 'array') return [];
    if (node.type === 'object' && node.properties) return columns(node.properties, [...prefix, name]);
    const type = node.enum ? 'VARCHAR' : node.type === 'number' ? 'DECIMAL(18,6)' : node.type === 'integer' ? 'BIGINT'
      : node.type === 'boolean' ? 'BOOLEAN' : node.format === 'date' ? 'DATE' : 'VARCHAR';
    return [{ path: [...prefix, name], type }];
  });
}

const root = schema as unknown as { properties: Record<string, Node>; $defs: { member: { properties: Record<string, Node> } } };
export const HOUSEHOLD_COLUMNS = columns(root.properties);
export const MEMBER_COLUMNS = columns(root.$defs.member.properties);
export const PROGRAM_COLUMNS = columns((root.properties.programs as unknown as { items: { properties: Record<string, Node> } }).items.properties);

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;

function read(record: unknown, path: string[]): unknown {
  let v = record;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function literal(value: unknown, type: string): string {
  if (value === undefined || value === null) return 'NULL';
  if (type === 'BOOLEAN') return value ? 'TRUE' : 'FALSE';
  if (type === 'DATE') return `DATE '${value}'`;
  if (type === 'DECIMAL(18,6)' || type === 'BIGINT') {
    // Plain decimal text (never exponent notation), the way a registry's export writes it.
    return typeof value === 'number' ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : 'NULL';
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

export function createTables(types: (t: string) => string = (t) => t): string[] {
  const defs = (cols: Column[]) => cols.map((c) => `${q(c.path.join('.'))} ${types(c.type)}`).join(', ');
  return [
    `CREATE TABLE households (${defs(HOUSEHOLD_COLUMNS)}, programs_recorded ${types('BOOLEAN')})`,
    `CREATE TABLE members (household_id ${types('VARCHAR')}, member_index INTEGER, ${defs(MEMBER_COLUMNS)})`,
    `CREATE TABLE programs (household_id ${types('VARCHAR')}, program_index INTEGER, ${defs(PROGRAM_COLUMNS)})`,
  ];
}

/** INSERT statements for the households, in batches. */
export function insertRows(households: Household[], batch = 200): string[] {
  const out: string[] = [];
  for (let i = 0; i < households.length; i += batch) {
    const chunk = households.slice(i, i + batch);
    const hh = chunk.map((h) => `(${[...HOUSEHOLD_COLUMNS.map((c) => literal(read(h, c.path), c.type)), literal(Array.isArray(h.programs), 'BOOLEAN')].join(', ')})`);
    const mm = chunk.flatMap((h) => (h.members as unknown[]).map((m, j) => `(${literal(h.id, 'VARCHAR')}, ${j}, ${MEMBER_COLUMNS.map((c) => literal(read(m, c.path), c.type)).join(', ')})`));
    const pp = chunk.flatMap((h) => (Array.isArray(h.programs) ? (h.programs as unknown[]) : []).map((p, j) => `(${literal(h.id, 'VARCHAR')}, ${j}, ${PROGRAM_COLUMNS.map((c) => literal(read(p, c.path), c.type)).join(', ')})`));
    out.push(`INSERT INTO households VALUES ${hh.join(', ')}`);
    out.push(`INSERT INTO members VALUES ${mm.join(', ')}`);
    if (pp.length) out.push(`INSERT INTO programs VALUES ${pp.join(', ')}`);
  }
  return out;
}

// ---------------------------------------------------------------- ClickHouse (layout 'arrays')
// One row per household; each member field is an array `members.<field>` with one element per member
// (every element Nullable, so a position past the end reads NULL). Dates are Int32 day numbers (18.16's
// Date stops at 1970); numbers DECIMAL(18,6) written as decimal text (a number literal would pass
// through a double); booleans UInt8.

const CH_TYPES: Record<string, string> = { 'DECIMAL(18,6)': 'Decimal(18, 6)', BIGINT: 'Int64', BOOLEAN: 'UInt8', DATE: 'Int32', VARCHAR: 'String' };
const bq = (id: string) => clickhouse.quote(id);

/** Local tables on each shard, and the `households` Distributed table over them, sharded by household. */
export function createClickHouseTables(cluster: string): string[] {
  const hh = HOUSEHOLD_COLUMNS.map((c) => `${bq(c.path.join('.'))} ${c.path.join('.') === 'id' ? 'String' : `Nullable(${CH_TYPES[c.type]})`}`);
  const mm = MEMBER_COLUMNS.map((c) => `${bq(`members.${c.path.join('.')}`)} Array(Nullable(${CH_TYPES[c.type]}))`);
  return [
    'DROP TABLE IF EXISTS households',
    'DROP TABLE IF EXISTS households_local',
    `CREATE TABLE households_local (${[...hh, ...mm].join(', ')}) ENGINE = MergeTree ORDER BY ${bq('id')}`,
    `CREATE TABLE households AS households_local ENGINE = Distributed(${cluster}, default, households_local, cityHash64(${bq('id')}))`,
  ];
}

/** Micro-units → the decimal text of the exact value (the engine's reading of the number, 6 places). */
function decimalText(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const a = Math.abs(micros);
  return `${sign}${Math.floor(a / 1e6)}.${String(a % 1e6).padStart(6, '0')}`;
}

function chLiteral(value: unknown, type: string): string {
  if (value === undefined || value === null) return 'NULL';
  if (type === 'BOOLEAN') return value ? '1' : '0';
  if (type === 'DATE') return String(Math.round(Date.parse(`${String(value)}T00:00:00Z`) / 86_400_000));
  if (type === 'DECIMAL(18,6)') return typeof value === 'number' && Math.abs(value) < 1e12 ? decimalText(toMicros(value)) : 'NULL';
  if (type === 'BIGINT') return typeof value === 'number' ? String(value) : 'NULL';
  return `'${String(value).replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export function insertClickHouseRows(households: Household[], batch = 500): string[] {
  const out: string[] = [];
  for (let i = 0; i < households.length; i += batch) {
    const rows = households.slice(i, i + batch).map((h) => {
      const members = h.members as unknown[];
      const hh = HOUSEHOLD_COLUMNS.map((c) => chLiteral(read(h, c.path), c.type));
      const mm = MEMBER_COLUMNS.map((c) => `[${members.map((m) => chLiteral(read(m, c.path), c.type)).join(', ')}]`);
      return `(${[...hh, ...mm].join(', ')})`;
    });
    out.push(`INSERT INTO households VALUES ${rows.join(', ')}`);
  }
  return out;
}
