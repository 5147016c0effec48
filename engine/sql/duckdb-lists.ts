// DuckDB over members as lists on the household row: the Parquet file of `elig import` read as it is
// (one row per household, one LIST per member field, `programs` a LIST of STRUCTs; the view of
// layout.ts duckdbListsView), with no join and no GROUP BY. Aggregates over members are list functions
// over the positions 1..n (`list_transform(range(1, n + 1), m -> …)`, a member's field `"members.age"[m]`),
// computed once per household row before a member subject's rows are made by `unnest(range(1, n + 1))`;
// `head`/`spouse` are positions found with list_position. Scalars, helpers and three values are the row
// dialect's (dialect.ts duckdb): the same prelude, the same exact micro-unit arithmetic.
import { duckdb, type ArrayForms, type Dialect } from './dialect';
import { householdListTable } from './layout';

const lambda = (i: string, body: string) => `${i} -> ${body}`;
/** The values of `value` at the positions where `when` holds, NULL elsewhere (list aggregates skip NULL). */
const where = (i: string, when: string, value: string, over: string) => `list_transform(${over}, ${lambda(i, `CASE WHEN ${when} THEN ${value} END`)})`;
/** Three values as 0 (false) < 1 (unknown) < 2 (true), so some/every are max/min of one pass. */
const code = (x: string) => `coalesce(CAST(${x} AS INTEGER) * 2, 1)`;

const arrays: ArrayForms = {
  hoists: true,
  table: householdListTable,
  positions: (a) => `range(1, len(${a}) + 1)`,
  length: (a) => `CAST(len(${a}) AS BIGINT)`,
  count: (i, t, over) => `CAST(len(list_filter(${over}, ${lambda(i, t)})) AS BIGINT)`,
  exists: (i, t, over) => `(len(list_filter(${over}, ${lambda(i, t)})) > 0)`,
  // list_sum of BIGINT is HUGEINT: the caller checks the range (elig_chk), as the row form's sum().
  sum: (i, when, value, over) => `coalesce(list_sum(${where(i, when, value, over)}), 0)`,
  extremes: (op, i, sure, may, value, over, open) => {
    const exact = `list_${op}(${where(i, sure, value, over)})`;
    return { exact, wide: `(CASE WHEN ${open} OR ${exact} IS NULL THEN NULL ELSE list_${op}(${where(i, may, value, over)}) END)` };
  },
  quantifier: (op, i, each, over) => {
    const codes = `list_transform(${over}, ${lambda(i, code(each))})`;
    return op === 'any'
      ? `(CASE coalesce(list_max(${codes}), 0) WHEN 2 THEN TRUE WHEN 1 THEN CAST(NULL AS BOOLEAN) ELSE FALSE END)`
      : `(CASE coalesce(list_min(${codes}), 2) WHEN 0 THEN FALSE WHEN 1 THEN CAST(NULL AS BOOLEAN) ELSE TRUE END)`;
  },
  // list_position is NULL when nothing matches, and a NULL position reads NULL in every list.
  relation: (rel, r) => {
    const first = `list_position(list_transform(${rel}, rel_x -> coalesce(rel_x = '${r}', FALSE)), TRUE)`;
    const unknownBefore = `list_position(list_transform(${rel}, rel_x -> rel_x IS NULL), TRUE)`;
    return `(CASE WHEN ${unknownBefore} IS NOT NULL AND (${first} IS NULL OR ${unknownBefore} < ${first}) THEN NULL ELSE ${first} END)`;
  },
  isNull: (x) => `(${x}) IS NULL`,
  ifNull: (x, d) => `coalesce(${x}, ${d})`,
  ifElse: (c, x, y) => `(CASE WHEN ${c} THEN ${x} ELSE ${y} END)`,
  memberIndex: (i) => (i ? `CAST(${i} - 1 AS INTEGER)` : 'CAST(NULL AS INTEGER)'),
  // The entries in force on the day for the program, the one with the latest `since` (the later position
  // on a tie): the greatest {since, k} struct, compared field by field.
  programEntry: (programs, program, day) => {
    const at = (k: string, field: string) => `${programs}[${k}]."${field}"`;
    const inForce = `${at('pk', 'program')} = '${program.replaceAll("'", "''")}' AND ${at('pk', 'since')} <= ${day} AND (${at('pk', 'until')} IS NULL OR ${at('pk', 'until')} >= ${day})`;
    return `list_max(list_transform(list_filter(range(1, coalesce(len(${programs}), 0) + 1), pk -> ${inForce}), pk -> {'since': ${at('pk', 'since')}, 'k': pk, 'recertified': ${at('pk', 'recertified')}}))`;
  },
  entryField: (entry, field) => `struct_extract(${entry}, '${field}')`,
  query: (p) => {
    // Household-level values once per household row, then one row per member position.
    const perMember = p.memberValues.length ? `(SELECT *, ${p.memberValues.join(', ')} FROM ${p.table}) hm` : p.table;
    const households = p.hoisted.length ? `(SELECT *, ${p.hoisted.join(', ')} FROM ${perMember}) hh` : perMember;
    const rows = p.memberSubject ? `(SELECT *, unnest(${p.positions}) AS ${p.subjectIndex} FROM ${households}) h` : households;
    const inner = `SELECT\n  ${[...p.ids, ...p.raw].join(',\n  ')}\nFROM ${rows}`;
    // Members whose filter is false are not subjects; true or unknown ones are.
    const decided = p.filtered ? `(\nSELECT * FROM (\n${inner}\n) r WHERE where_raw IS NOT FALSE\n) decided` : `(\n${inner}\n) decided`;
    return { sql: `SELECT\n  ${p.outer.join(',\n  ')}\nFROM ${decided}`, summary: `SELECT\n  ${p.summary.join(',\n  ')}\nFROM ${decided}` };
  },
};

export const duckdbLists: Dialect = { ...duckdb, name: 'duckdb-lists', layout: 'arrays', arrays };
