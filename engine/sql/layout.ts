// The tables the generated SQL reads, the same in every engine: `households` (one row per household:
// `id` and each stored field, nested ones by dotted name, e.g. "electricity.kwh_per_month") and `members`
// (one row per member: `household_id`, `member_index` from 0 in the record's order, and each member
// field), and `programs` (one row per entry of the household's programs record: `household_id`,
// `program_index` from 0, `program`, `since`, `until`, `recertified`), with the household column
// `programs_recorded` TRUE when the record has a programs list at all (an empty list says "in none"; no
// list says nothing). Numbers are DECIMAL(18,6) or integers, dates DATE. From the Parquet of `elig import`,
// DuckDB builds all three as views (duckdbViews); other engines load them as tables. The file holds the
// members as one list per field (`members.age`, the column layout of cli/registry/columns.ts), so the
// members view reads only the fields a query names; files of the earlier nested layout (`members` a
// LIST of STRUCTs) are read too. Each view also carries the household's row number in the file
// (`household_row`), the integer key of the joins when the query is generated with `rowKeys`.
import { householdColumns, memberColumns } from './columns';

export const householdTable = 'households';
export const memberTable = 'members';
export const programTable = 'programs';
export const PROGRAMS_RECORDED = 'programs_recorded';
/** The household rows with their members as lists (duckdbListsView): what the lists form reads. */
export const householdListTable = 'household_lists';
/** The household's row number in the Parquet file, on all three views: the integer key the query joins
 *  on when generated with `rowKeys` (engine/sql/generate.ts). */
export const ROW_KEY = 'household_row';

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** How a Parquet file holds the members: a list per field (what `elig import` writes) or one list of
 *  structs (its earlier layout). */
export type ParquetLayout = 'columns' | 'nested';

/** Views `households`, `programs` and `members` over a Parquet file of `elig import`. */
export function duckdbViews(parquet: string, layout: ParquetLayout = 'columns'): string[] {
  const source = `read_parquet(${lit(parquet)}, file_row_number = true)`;
  const hh = householdColumns().map((c) => `${c.path.map(q).join('.')} AS ${q(c.path.join('.'))}`);
  const mm = memberColumns().map((c) => `m.${c.path.map(q).join('.')} AS ${q(c.path.join('.'))}`);
  // Each member field's list unnested side by side: the lists of one household are as long as its members.
  const lists = memberColumns().map((c) => `unnest(${q(`members.${c.path.join('.')}`)}) AS ${q(c.path.join('.'))}`);
  const members = layout === 'columns'
    ? `CREATE OR REPLACE VIEW ${memberTable} AS SELECT "id" AS household_id, file_row_number AS ${ROW_KEY}, CAST(generate_subscripts(${q('members.id')}, 1) - 1 AS INTEGER) AS member_index, ${lists.join(', ')} FROM ${source}`
    : `CREATE OR REPLACE VIEW ${memberTable} AS SELECT household_id, ${ROW_KEY}, CAST(member_index - 1 AS INTEGER) AS member_index, ${mm.join(', ')} FROM (SELECT "id" AS household_id, file_row_number AS ${ROW_KEY}, unnest("members") AS m, generate_subscripts("members", 1) AS member_index FROM ${source})`;
  return [
    `CREATE OR REPLACE VIEW ${householdTable} AS SELECT ${hh.join(', ')}, "programs" IS NOT NULL AS ${PROGRAMS_RECORDED}, file_row_number AS ${ROW_KEY} FROM ${source}`,
    `CREATE OR REPLACE VIEW ${programTable} AS SELECT household_id, ${ROW_KEY}, CAST(program_index - 1 AS INTEGER) AS program_index, p."program" AS "program", p."since" AS "since", p."until" AS "until", p."recertified" AS "recertified" FROM (SELECT "id" AS household_id, file_row_number AS ${ROW_KEY}, unnest("programs") AS p, generate_subscripts("programs", 1) AS program_index FROM ${source})`,
    members,
  ];
}

/** The view `household_lists` of the lists form (engine/sql/duckdb-lists.ts) over a Parquet file of `elig
 *  import`: one row per household as the file holds it — household fields by dotted name, `programs`
 *  the LIST of STRUCTs with `programs_recorded`, each member field a LIST named `members.<field>` —
 *  with nothing joined or unnested; a projection, so DuckDB reads only the columns a query names. */
export function duckdbListsView(parquet: string, layout: ParquetLayout = 'columns'): string[] {
  const source = `read_parquet(${lit(parquet)})`;
  const hh = householdColumns().map((c) => `${c.path.map(q).join('.')} AS ${q(c.path.join('.'))}`);
  const mm = memberColumns().map((c) => (layout === 'columns'
    ? q(`members.${c.path.join('.')}`)
    : `list_transform("members", m -> m.${c.path.map(q).join('.')}) AS ${q(`members.${c.path.join('.')}`)}`));
  return [`CREATE OR REPLACE VIEW ${householdListTable} AS SELECT ${hh.join(', ')}, "programs", "programs" IS NOT NULL AS ${PROGRAMS_RECORDED}, ${mm.join(', ')} FROM ${source}`];
}

