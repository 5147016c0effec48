// The tables the generated SQL reads, the same in every engine: `households` (one row per household:
// `id` and each stored field, nested ones by dotted name, e.g. "electricity.kwh_per_month") and `members`
// (one row per member: `household_id`, `member_index` from 0 in the record's order, and each member
// field), and `programs` (one row per entry of the household's programs record: `household_id`,
// `program_index` from 0, `program`, `since`, `until`, `recertified`), with the household column
// `programs_recorded` TRUE when the record has a programs list at all (an empty list says "in none"; no
// list says nothing). Numbers are DECIMAL(18,6) or integers, dates DATE. From the nested Parquet of `elig import`,
// DuckDB builds both as views (duckdbViews); other engines load them as tables.
import { householdColumns, memberColumns } from './columns';

export const householdTable = 'households';
export const memberTable = 'members';
export const programTable = 'programs';
export const PROGRAMS_RECORDED = 'programs_recorded';

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Views `households` and `members` over a Parquet file in the nested layout of `elig import`. */
export function duckdbViews(parquet: string): string[] {
  const source = `read_parquet(${lit(parquet)})`;
  const hh = householdColumns().map((c) => `${c.path.map(q).join('.')} AS ${q(c.path.join('.'))}`);
  const mm = memberColumns().map((c) => `m.${c.path.map(q).join('.')} AS ${q(c.path.join('.'))}`);
  return [
    `CREATE OR REPLACE VIEW ${householdTable} AS SELECT ${hh.join(', ')}, "programs" IS NOT NULL AS ${PROGRAMS_RECORDED} FROM ${source}`,
    `CREATE OR REPLACE VIEW ${programTable} AS SELECT household_id, CAST(program_index - 1 AS INTEGER) AS program_index, p."program" AS "program", p."since" AS "since", p."until" AS "until", p."recertified" AS "recertified" FROM (SELECT "id" AS household_id, unnest("programs") AS p, generate_subscripts("programs", 1) AS program_index FROM ${source})`,
    `CREATE OR REPLACE VIEW ${memberTable} AS SELECT household_id, CAST(member_index - 1 AS INTEGER) AS member_index, ${mm.join(', ')} FROM (SELECT "id" AS household_id, unnest("members") AS m, generate_subscripts("members", 1) AS member_index FROM ${source})`,
  ];
}
