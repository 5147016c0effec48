// What differs between SQL engines, in one place per engine: identifiers, the wide integer type, integer
// division, calendar parts, and the prelude of helper functions the generated query calls. Everything
// else the generator emits is standard SQL that DuckDB and PostgreSQL read the same way.
//
// Numbers are BIGINT counts of micro-units (10⁻⁶), the engine's exact decimals. Products and quotients
// are formed in a wider type (HUGEINT / NUMERIC) and rounded half away from zero once, as
// engine/values.ts does; a result beyond ±10⁹ (±10¹⁵ micro-units) is NULL — unknown, as in the engine.

export type DialectName = 'duckdb' | 'duckdb-lists' | 'postgres' | 'clickhouse' | 'trino' | 'spark';

/** The expression forms the generator emits, for engines that read standard SQL differently. */
export interface Forms {
  bool(value: boolean): string;
  nullOf(kind: 'bool' | 'text' | 'int' | 'decimal'): string;
  /** An integer literal (micro-units, day numbers). */
  int(value: number | bigint): string;
  /** A stored number column (DECIMAL(18,6) or integer) as micro-units, before the range check. */
  micros(column: string): string;
  /** x as the wide-enough 64-bit integer. */
  bigint(x: string): string;
  /** Kleene AND / OR / NOT of three-valued operands. */
  and(items: string[]): string;
  or(items: string[]): string;
  not(x: string): string;
  /** −x of an integer (micro-units). */
  negate(x: string): string;
  /** x IN (…), NULL when x is NULL. */
  inSet(x: string, list: string[], negated: boolean): string;
  /** A condition that holds when x is TRUE or NULL (WHERE … IS NOT FALSE). */
  notFalse(x: string): string;
  /** A condition that holds when x is TRUE (FALSE and NULL do not): two-valued. */
  isTrue(x: string): string;
  /** A call of one of the elig_* helpers. */
  call(helper: string, args: string[]): string;
}

export interface Dialect {
  name: DialectName;
  /** Statements to run once before the query: the elig_* helper functions. */
  prelude: string[];
  quote(identifier: string): string;
  /** A date literal, in the form the engine's date columns hold. */
  date(iso: string): string;
  /** How members are stored: rows of a `members` table, or arrays on the household row. */
  layout?: 'rows' | 'arrays';
  forms?: Forms;
  /** With layout 'arrays': the engine's own list functions (ClickHouse's arrays, DuckDB's lists). */
  arrays?: ArrayForms;
}

/** The parts of a query over members as arrays on the household row, each an SQL fragment the generator
 *  wrote; the dialect assembles them (ArrayForms.query). */
export interface ArrayQuery {
  /** The table of household rows. */
  table: string;
  /** Whether the subjects are members: one row per member position, bound to `subjectIndex`. */
  memberSubject: boolean;
  subjectIndex: string;
  /** The positions list of the household's members (ArrayForms.positions). */
  positions: string;
  /** `expr AS name`: lists of one value per member, computed on the household row first (ArrayForms.hoists). */
  memberValues: string[];
  /** `expr AS name`: household-level values computed once per household row, before the rows are
   *  multiplied by members (ArrayForms.hoists); they may read memberValues. */
  hoisted: string[];
  /** `expr AS name`: the per-subject values, `where_raw` (the subject filter, when there is one) first. */
  raw: string[];
  /** Whether the subject filter must hold (TRUE or unknown) for a row to be a subject. */
  filtered: boolean;
  /** household_id, subject and member_index as `expr AS name`. */
  ids: string[];
  /** The output columns over the raw names. */
  outer: string[];
  /** The summary's aggregates over the raw names. */
  summary: string[];
  /** Every column the query reads. */
  read: string[];
}

/** List functions over members as arrays (1-based positions). `i` is a lambda parameter bound to a member
 *  position, `over` a positions list (positions()); a `test` is two-valued, an `each` three-valued. */
export interface ArrayForms {
  /** Whether household-level values are computed once per household row before the member rows are
   *  made (else they are written where they are read). */
  hoists: boolean;
  /** The table of household rows, when not `households`. */
  table?: string;
  positions(array: string): string;
  /** The number of elements as a 64-bit integer. */
  length(array: string): string;
  /** The number of positions where `test` holds, as a 64-bit integer. */
  count(i: string, test: string, over: string): string;
  /** Whether `test` holds at some position (two-valued). */
  exists(i: string, test: string, over: string): string;
  /** The sum of `value` over the positions where `when` holds (0 over none); `value` is known there or
   *  counts 0. */
  sum(i: string, when: string, value: string, over: string): string;
  /** min / max over the positions: `exact` of the known values where `sure` holds (NULL over none),
   *  `wide` of those where `may` holds, NULL when `open` (a value unknown where it may count) or exact is. */
  extremes(op: 'min' | 'max', i: string, sure: string, may: string, value: string, over: string, open: string): { exact: string; wide: string };
  /** Kleene some / every of the three-valued `each` over the positions (FALSE / TRUE over none). */
  quantifier(op: 'any' | 'all', i: string, each: string, over: string): string;
  /** The position of the first element of the relationship column equal to `relationship`, unless an
   *  element before it is NULL; else a position that reads NULL in every member array. */
  relation(relationships: string, relationship: string): string;
  isNull(x: string): string;
  ifNull(x: string, fallback: string): string;
  /** x when c holds (two-valued), else y. */
  ifElse(c: string, x: string, y: string): string;
  /** A member position (from 1) as the output's member_index (from 0), and the household subject's. */
  memberIndex(i: string | undefined): string;
  /** The programs record entry in force on `day` for `program` (latest `since`, the later on a tie), as a
   *  value with fields `since` and `recertified`, NULL when none — when the dialect has it. */
  programEntry?(programs: string, program: string, day: string): string;
  /** A field of programEntry's value. */
  entryField?(entry: string, field: 'since' | 'recertified'): string;
  /** The query and its summary from the parts. */
  query(parts: ArrayQuery): { sql: string; summary: string };
}

/** Standard SQL: TRUE/FALSE, BIGINT, AND/OR/NOT and IN that are already Kleene logic, helpers as
 *  functions or macros from the prelude. */
export const standardForms: Forms = {
  bool: (b) => (b ? 'TRUE' : 'FALSE'),
  nullOf: (k) => `CAST(NULL AS ${k === 'bool' ? 'BOOLEAN' : k === 'text' ? 'VARCHAR' : k === 'int' ? 'BIGINT' : 'DECIMAL(18, 6)'})`,
  int: (n) => String(n),
  micros: (c) => `${c} * 1000000`,
  bigint: (x) => `CAST(${x} AS BIGINT)`,
  // Parenthesised whole: `NOT` (not()) binds tighter than AND/OR.
  and: (items) => (items.length ? `(${items.map((i) => `(${i})`).join(' AND ')})` : 'TRUE'),
  or: (items) => (items.length ? `(${items.map((i) => `(${i})`).join(' OR ')})` : 'FALSE'),
  not: (x) => `(NOT ${x})`,
  // Not `-x`: a negative operand (a dated parameter of -50 is the literal -50000000) would make `--`,
  // which starts a comment in SQL (ClickHouse has the same form, for its own reason: clickhouse.ts).
  negate: (x) => `(0 - ${x})`,
  inSet: (x, list, negated) => `(${x} ${negated ? 'NOT IN' : 'IN'} (${list.join(', ')}))`,
  notFalse: (x) => `(${x}) IS NOT FALSE`,
  isTrue: (x) => `coalesce(${x}, FALSE)`,
  call: (helper, args) => `${helper}(${args.join(', ')})`,
};

export const MAX_MICROS = '1000000000000000';

export const quoteDouble = (id: string) => `"${id.replaceAll('"', '""')}"`;

/** Whole years from date a to date b, birthday rule (a 29 February anniversary falls on 1 March), as
 *  values.ts yearsBetween: negative when b is before a. `part(x, 'year')` reads a calendar part; `quotient`
 *  is the dialect's integer division, which must round toward zero (DuckDB's `//`, PostgreSQL's `/` on
 *  integers).
 *  Why it is exact: ymd(x) = 10000·year + (100·month + day), and the month-day part lies in 101..1231, so
 *  ymd(b) − ymd(a) = 10000·(whole years) + (md(b) − md(a)) with |md(b) − md(a)| < 10000: for b ≥ a that
 *  rounds down to the years less one before the anniversary, which is yearsBetween; for b < a, toward
 *  zero is minus the years from b to a, which is how yearsBetween counts back. One subtraction and one
 *  division, where comparing the parts took two CASEs: on DuckDB, the member ages of 1M Bolsa Escola
 *  households in 0.85 s of one thread against 1.30 s (README, Scale). */
function yearsBody(part: (x: string, p: 'year' | 'month' | 'day') => string, quotient: (n: string, d: number) => string): string {
  const ymd = (x: string) => `(${part(x, 'year')} * 10000 + ${part(x, 'month')} * 100 + ${part(x, 'day')})`;
  return quotient(`(${ymd('b')} - ${ymd('a')})`, 10000);
}

/** Whole months from a to b, as values.ts monthsBetween, the same way: 100·(12·year + month) + day, whose
 *  day part differs by less than 100. */
function monthsBody(part: (x: string, p: 'year' | 'month' | 'day') => string, quotient: (n: string, d: number) => string): string {
  const ymd = (x: string) => `((${part(x, 'year')} * 12 + ${part(x, 'month')}) * 100 + ${part(x, 'day')})`;
  return quotient(`(${ymd('b')} - ${ymd('a')})`, 100);
}

/** Φ(z) for a double z by Hart's algorithm 5666 as given by G. West, "Better approximations to cumulative
 *  normal functions" (2005): absolute error about 1e-14 — far below the 6-place resolution of the
 *  engine's result (values.ts uses Marsaglia's series, error about 1e-16; the two round to the same
 *  micro-unit unless Φ lies within ~1e-14 of a half micro-unit). Then rounded half up to micro-units, as
 *  canon() does for a non-negative number. `z` must be a cheap reference (a parameter). */
export function normalCdfBody(z: string, toBigint: (x: string) => string = (x) => `CAST(${x} AS BIGINT)`): string {
  const a = `abs(${z})`;
  const horner = (coefficients: number[]) => coefficients.slice(1).reduce((acc, c) => `(${acc} * ${a} + ${c})`, String(coefficients[0]));
  const numerator = horner([3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376]);
  const denominator = horner([8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948, 440.413735824752]);
  const e = `exp(-(${a} * ${a}) / 2)`;
  const tail = `(${e} / (${a} + 1 / (${a} + 2 / (${a} + 3 / (${a} + 4 / (${a} + 0.65))))) / 2.506628274631)`;
  const lower = `(CASE WHEN ${a} > 37 THEN 0 WHEN ${a} < 7.07106781186547 THEN ${e} * ${numerator} / ${denominator} ELSE ${tail} END)`;
  const p = `(CASE WHEN ${z} > 0 THEN 1 - ${lower} ELSE ${lower} END)`;
  return toBigint(`floor(${p} * 1000000 + 0.5)`);
}

const duckPart = (x: string, p: string) => `${p}(${x})`;
/** DuckDB's `//` on integers rounds toward zero (`fdiv` is the one that rounds down). */
const duckQuotient = (n: string, d: number) => `(${n} // ${d})`;

export const duckdb: Dialect = {
  name: 'duckdb',
  quote: quoteDouble,
  date: (iso) => `DATE '${iso}'`,
  prelude: [
    // DuckDB expands macros in place, so a parameter used twice doubles its argument's tree and nested
    // arithmetic would grow exponentially; binding each argument once to a lambda parameter keeps the
    // expansion linear.
    `CREATE OR REPLACE MACRO elig_chk(x) AS list_transform([x], v -> CASE WHEN v BETWEEN -${MAX_MICROS} AND ${MAX_MICROS} THEN CAST(v AS BIGINT) END)[1]`,
    // n / d rounded half away from zero, on integers: ⌊(2|n| + |d|) / 2|d|⌋ with the sign of n·d.
    `CREATE OR REPLACE MACRO elig_divround(n, d) AS list_transform([{'n': CAST(n AS HUGEINT), 'd': CAST(d AS HUGEINT)}], p -> sign(p.n) * sign(p.d) * ((2 * abs(p.n) + abs(p.d)) // (2 * abs(p.d))))[1]`,
    // The same rounding in 64 bits, for operands whose every intermediate provably fits: |n| < 4·10¹⁸ and
    // 0 < |d| ≤ 10¹⁵ keep 2|n| + |d| and 2|d| below 2⁶³ (BIGINT's // truncates, which is ⌊⌋ on these
    // non-negative operands). 128-bit division costs about ten times as much (README, Scale).
    `CREATE OR REPLACE MACRO elig_divround64(n, d) AS sign(n) * sign(d) * ((2 * abs(n) + abs(d)) // (2 * abs(d)))`,
    // × and ÷ take the 64-bit path when a guard proves it exact — for ×, the product's magnitude estimated
    // in DOUBLE (relative error below 10⁻¹⁵, so < 4·10¹⁸ there means < 4.0001·10¹⁸ exactly); for ÷, |a| <
    // 4·10¹² (a·10⁶ < 4·10¹⁸) and |b| ≤ 10¹⁵ — and fall back to HUGEINT otherwise. DuckDB's CASE runs each
    // branch only on the rows it selects, so the casts to BIGINT never see a value out of its range.
    `CREATE OR REPLACE MACRO elig_mul(a, b) AS list_transform([{'a': a, 'b': b}], p -> CASE WHEN abs(CAST(p.a AS DOUBLE) * CAST(p.b AS DOUBLE)) < 4e18 THEN elig_divround64(CAST(p.a AS BIGINT) * CAST(p.b AS BIGINT), 1000000) ELSE elig_chk(elig_divround(CAST(p.a AS HUGEINT) * p.b, 1000000)) END)[1]`,
    `CREATE OR REPLACE MACRO elig_div(a, b) AS list_transform([{'a': a, 'b': b}], p -> CASE WHEN p.b = 0 THEN NULL WHEN p.a BETWEEN -3999999999999 AND 3999999999999 AND p.b BETWEEN -${MAX_MICROS} AND ${MAX_MICROS} THEN elig_chk(elig_divround64(CAST(p.a AS BIGINT) * 1000000, CAST(p.b AS BIGINT))) ELSE elig_chk(elig_divround(CAST(p.a AS HUGEINT) * 1000000, p.b)) END)[1]`,
    `CREATE OR REPLACE MACRO elig_years(a, b) AS ${yearsBody(duckPart, duckQuotient)}`,
    `CREATE OR REPLACE MACRO elig_months(a, b) AS ${monthsBody(duckPart, duckQuotient)}`,
    `CREATE OR REPLACE MACRO elig_day(d) AS CAST(d - DATE '1970-01-01' AS BIGINT)`,
    `CREATE OR REPLACE MACRO elig_date(n) AS DATE '1970-01-01' + CAST(n AS INTEGER)`,
    `CREATE OR REPLACE MACRO elig_least(a, b) AS list_transform([{'a': a, 'b': b}], p -> CASE WHEN p.a IS NOT NULL AND p.b IS NOT NULL THEN least(p.a, p.b) END)[1]`,
    `CREATE OR REPLACE MACRO elig_greatest(a, b) AS list_transform([{'a': a, 'b': b}], p -> CASE WHEN p.a IS NOT NULL AND p.b IS NOT NULL THEN greatest(p.a, p.b) END)[1]`,
    // Bounds (ops/bounds.ts) as lo/hi pairs, NULL for an infinite side: the pair's known value (lo = hi);
    // least/greatest of the finite sides, an infinite (NULL) one ignored.
    `CREATE OR REPLACE MACRO elig_known(lo, hi) AS list_transform([{'lo': lo, 'hi': hi}], p -> CASE WHEN p.lo = p.hi THEN p.lo END)[1]`,
    `CREATE OR REPLACE MACRO elig_least_finite(a, b) AS list_transform([{'a': a, 'b': b}], p -> coalesce(least(p.a, p.b), p.a, p.b))[1]`,
    `CREATE OR REPLACE MACRO elig_greatest_finite(a, b) AS list_transform([{'a': a, 'b': b}], p -> coalesce(greatest(p.a, p.b), p.a, p.b))[1]`,
    `CREATE OR REPLACE MACRO elig_floor(x) AS CAST(floor(x / 1000000.0) AS BIGINT) * 1000000`,
    `CREATE OR REPLACE MACRO elig_ceil(x) AS CAST(ceil(x / 1000000.0) AS BIGINT) * 1000000`,
    `CREATE OR REPLACE MACRO elig_decimal(x) AS CAST(CAST(x AS DECIMAL(18, 0)) * 0.000001 AS DECIMAL(18, 6))`,
    `CREATE OR REPLACE MACRO elig_normal_cdf(x) AS list_transform([CAST(x AS DOUBLE) / 1000000], z -> ${normalCdfBody('z')})[1]`,
  ],
};

const pgPart = (x: string, p: string) => `CAST(EXTRACT(${p.toUpperCase()} FROM ${x}) AS INTEGER)`;
/** PostgreSQL's `/` on integers truncates toward zero. */
const pgQuotient = (n: string, d: number) => `(${n} / ${d})`;

const pgFn = (signature: string, returns: string, body: string) =>
  `CREATE OR REPLACE FUNCTION ${signature} RETURNS ${returns} LANGUAGE sql IMMUTABLE AS $elig$ SELECT ${body} $elig$`;

export const postgres: Dialect = {
  name: 'postgres',
  quote: quoteDouble,
  date: (iso) => `DATE '${iso}'`,
  prelude: [
    pgFn('elig_chk(x numeric)', 'bigint', `CASE WHEN x BETWEEN -${MAX_MICROS} AND ${MAX_MICROS} THEN CAST(x AS bigint) END`),
    pgFn('elig_divround(n numeric, d numeric)', 'numeric', 'sign(n) * sign(d) * div(2 * abs(n) + abs(d), 2 * abs(d))'),
    pgFn('elig_mul(a bigint, b bigint)', 'bigint', 'elig_chk(elig_divround(CAST(a AS numeric) * b, 1000000))'),
    pgFn('elig_div(a bigint, b bigint)', 'bigint', 'CASE WHEN b <> 0 THEN elig_chk(elig_divround(CAST(a AS numeric) * 1000000, b)) END'),
    pgFn('elig_years(a date, b date)', 'integer', yearsBody(pgPart, pgQuotient)),
    pgFn('elig_months(a date, b date)', 'integer', monthsBody(pgPart, pgQuotient)),
    pgFn('elig_day(d date)', 'bigint', "CAST(d - DATE '1970-01-01' AS bigint)"),
    pgFn('elig_date(n bigint)', 'date', "DATE '1970-01-01' + CAST(n AS integer)"),
    pgFn('elig_least(a bigint, b bigint)', 'bigint', 'CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN least(a, b) END'),
    pgFn('elig_greatest(a bigint, b bigint)', 'bigint', 'CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN greatest(a, b) END'),
    pgFn('elig_known(lo bigint, hi bigint)', 'bigint', 'CASE WHEN lo = hi THEN lo END'),
    pgFn('elig_least_finite(a bigint, b bigint)', 'bigint', 'coalesce(least(a, b), a, b)'),
    pgFn('elig_greatest_finite(a bigint, b bigint)', 'bigint', 'coalesce(greatest(a, b), a, b)'),
    pgFn('elig_floor(x bigint)', 'bigint', 'CAST(floor(x / 1000000.0) AS bigint) * 1000000'),
    pgFn('elig_ceil(x bigint)', 'bigint', 'CAST(ceil(x / 1000000.0) AS bigint) * 1000000'),
    pgFn('elig_decimal(x bigint)', 'numeric(18, 6)', 'CAST(CAST(x AS numeric) * 0.000001 AS numeric(18, 6))'),
    pgFn('elig_normal_cdf_z(z double precision)', 'bigint', normalCdfBody('z')),
    pgFn('elig_normal_cdf(x bigint)', 'bigint', 'elig_normal_cdf_z(CAST(x AS double precision) / 1000000)'),
  ],
};

