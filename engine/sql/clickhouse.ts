// ClickHouse, written for the oldest build we must run (Debian's 18.16) and still true on a current one.
// What 18.16 lacks, and the form emitted instead:
//   - AND/OR are not Kleene (NULL AND 0 is NULL) and `NULL IN (…)` is 0: three values are coded as
//     0 (false) < 1 (unknown) < 2 (true), AND is least, OR is greatest, decoded once;
//   - no user functions or macros: each helper is inlined, its arguments bound once to lambda
//     parameters (`arrayMap(p -> body, [arg])[1]`) so nested arithmetic grows linearly;
//   - no BOOLEAN, no TRUE/FALSE: Nullable(UInt8) 1/0; no 128-bit integer: products and quotients in
//     Decimal(38, 0), whose division truncates — exact for the non-negative operands the rounding uses;
//   - `if`/`multiIf` evaluate every branch for the whole block: a conversion or a division that would
//     throw is guarded inside the branch, not only by the condition;
//   - Date stops at 1970: dates are stored as Int32 day numbers, calendar parts computed from them;
//   - no correlated subqueries and (in 18.16) one JOIN per SELECT: members are arrays on the household
//     row (layout 'arrays'), aggregates are array functions, member subjects an ARRAY JOIN — so a query
//     over a `Distributed` table runs whole on each shard and only partial aggregates travel.
import { MAX_MICROS, normalCdfBody, type ArrayForms, type Dialect, type Forms } from './dialect';

const M = '1000000';

/** body over parameters bound once to the arguments. */
function bind(params: string[], args: string[], body: string): string {
  if (params.length === 1) return `arrayMap(${params[0]} -> ${body}, [${args[0]}])[1]`;
  return `arrayMap((${params.join(', ')}) -> ${body}, ${args.map((a) => `[${a}]`).join(', ')})[1]`;
}

/** Three-valued code: 0 false, 1 unknown, 2 true. */
const code = (x: string) => `ifNull(toUInt8(${x}) * 2, 1)`;
const decode = (c: string) => `toUInt8(intDiv(nullIf(${c}, 1), 2))`;

/** Within ±10¹⁵ micro-units as Int64, else NULL; the conversion never sees an out-of-range value. */
const chk = (x: string) => bind(['chk_v'], [x], `if(abs(chk_v) <= ${MAX_MICROS}, toInt64(if(abs(chk_v) <= ${MAX_MICROS}, chk_v, chk_v * 0)), NULL)`);

/** n / d (Decimal(38, 0)) rounded half away from zero: ⌊(2|n| + |d|) / 2|d|⌋ with the sign of n·d; d ≠ 0. */
const divround = (n: string, d: string) =>
  bind(['dr_n', 'dr_d'], [`toDecimal128(${n}, 0)`, `toDecimal128(${d}, 0)`],
    `if((dr_n < 0) != (dr_d < 0), -1, 1) * ((2 * abs(dr_n) + abs(dr_d)) / (2 * if(dr_d = 0, toDecimal128(1, 0), abs(dr_d))))`);

/** A day number → yyyymmdd (Hinnant's civil_from_days, integer arithmetic), for calendar differences. */
const ymd = (day: string) =>
  bind(['ymd_z'], [`toInt64(${day}) + 719468`],
    bind(['ymd_era'], ['intDiv(ymd_z - if(ymd_z >= 0, 0, 146096), 146097)'],
      bind(['ymd_doe'], ['ymd_z - ymd_era * 146097'],
        bind(['ymd_yoe'], ['intDiv(ymd_doe - intDiv(ymd_doe, 1460) + intDiv(ymd_doe, 36524) - intDiv(ymd_doe, 146096), 365)'],
          bind(['ymd_doy'], ['ymd_doe - (365 * ymd_yoe + intDiv(ymd_yoe, 4) - intDiv(ymd_yoe, 100))'],
            bind(['ymd_mp'], ['intDiv(5 * ymd_doy + 2, 153)'],
              bind(['ymd_m'], ['if(ymd_mp < 10, ymd_mp + 3, ymd_mp - 9)'],
                '(ymd_yoe + ymd_era * 400 + if(ymd_m <= 2, 1, 0)) * 10000 + ymd_m * 100 + (ymd_doy - intDiv(153 * ymd_mp + 2, 5) + 1)')))))));

const HELPERS: Record<string, (a: string[]) => string> = {
  elig_chk: ([x]) => chk(x!),
  elig_divround: ([n, d]) => divround(n!, d!),
  elig_mul: ([a, b]) => chk(divround(`toDecimal128(${a}, 0) * toDecimal128(${b}, 0)`, M)),
  elig_div: ([a, b]) => bind(['div_a', 'div_b'], [a!, b!], `if(div_b = 0, NULL, ${chk(divround(`toDecimal128(div_a, 0) * ${M}`, 'div_b'))})`),
  // Whole years / months from a to b (day numbers), birthday rule, negative when b is before a.
  elig_years: ([a, b]) => bind(['yr_a', 'yr_b'], [ymd(a!), ymd(b!)], 'if(yr_b < yr_a, -intDiv(yr_a - yr_b, 10000), intDiv(yr_b - yr_a, 10000))'),
  elig_months: ([a, b]) => bind(['mo_a', 'mo_b'], [ymd(a!), ymd(b!)], (() => {
    const forward = (x: string, y: string) => `((intDiv(${y}, 10000) - intDiv(${x}, 10000)) * 12 + intDiv(${y}, 100) % 100 - intDiv(${x}, 100) % 100 - if(${y} % 100 < ${x} % 100, 1, 0))`;
    return `if(mo_b < mo_a, -${forward('mo_b', 'mo_a')}, ${forward('mo_a', 'mo_b')})`;
  })()),
  elig_day: ([d]) => `toInt64(${d})`,
  elig_date: ([n]) => `toInt64(${n})`,
  elig_least: ([a, b]) => bind(['lt_a', 'lt_b'], [a!, b!], 'if(isNull(lt_a) OR isNull(lt_b), NULL, least(lt_a, lt_b))'),
  elig_greatest: ([a, b]) => bind(['gt_a', 'gt_b'], [a!, b!], 'if(isNull(gt_a) OR isNull(gt_b), NULL, greatest(gt_a, gt_b))'),
  elig_known: ([lo, hi]) => bind(['kn_lo', 'kn_hi'], [lo!, hi!], 'if(isNull(kn_lo) OR isNull(kn_hi) OR kn_lo != kn_hi, NULL, kn_lo)'),
  elig_least_finite: ([a, b]) => bind(['lf_a', 'lf_b'], [a!, b!], 'if(isNull(lf_a), lf_b, if(isNull(lf_b), lf_a, least(lf_a, lf_b)))'),
  elig_greatest_finite: ([a, b]) => bind(['gf_a', 'gf_b'], [a!, b!], 'if(isNull(gf_a), gf_b, if(isNull(gf_b), gf_a, greatest(gf_a, gf_b)))'),
  // intDiv truncates toward zero; floor/ceil step down/up when there is a remainder.
  elig_floor: ([x]) => bind(['fl_x'], [x!], `(intDiv(fl_x, ${M}) - if(fl_x % ${M} < 0, 1, 0)) * ${M}`),
  elig_ceil: ([x]) => bind(['ce_x'], [x!], `(intDiv(ce_x, ${M}) + if(ce_x % ${M} > 0, 1, 0)) * ${M}`),
  elig_decimal: ([x]) => `toDecimal128(${x}, 6) / ${M}`,
  elig_normal_cdf: ([x]) => bind(['cdf_z'], [`toFloat64(${x}) / ${M}`], normalCdfBody('cdf_z', (v) => `toInt64(${v})`)),
};

const forms: Forms = {
  bool: (b) => (b ? 'toUInt8(1)' : 'toUInt8(0)'),
  nullOf: (k) => `CAST(NULL AS Nullable(${k === 'bool' ? 'UInt8' : k === 'text' ? 'String' : k === 'int' ? 'Int64' : 'Decimal(38, 6)'}))`,
  int: (n) => `toInt64(${n})`,
  // Decimal(18, 6) × 10⁶ overflows its 18 digits beyond 10¹²; in 38 digits it is exact.
  micros: (c) => `toDecimal128(${c}, 6) * ${M}`,
  bigint: (x) => `toInt64(${x})`,
  and: (items) => (items.length === 0 ? 'toUInt8(1)' : items.length === 1 ? items[0]! : decode(items.map(code).reduce((acc, c) => `least(${acc}, ${c})`))),
  or: (items) => (items.length === 0 ? 'toUInt8(0)' : items.length === 1 ? items[0]! : decode(items.map(code).reduce((acc, c) => `greatest(${acc}, ${c})`))),
  not: (x) => `not(${x})`,
  // Not `-x`: a Distributed query is sent to the other shards as 18.16 formats it, which writes
  // -(-x) as `--x`, and `--` starts a comment there (a syntax error at the end of the query).
  negate: (x) => `(0 - ${x})`,
  inSet: (x, list, negated) => bind(['in_v'], [x], `if(isNull(in_v), NULL, ${negated ? 'NOT ' : ''}has([${list.join(', ')}], in_v))`),
  notFalse: (x) => `ifNull(toUInt8(${x}), 1) != 0`,
  isTrue: (x) => `ifNull(toUInt8(${x}), 0) = 1`,
  call: (helper, args) => {
    const f = HELPERS[helper];
    if (!f) throw new Error(`internal: no ClickHouse form for ${helper}`);
    return f(args);
  },
};

/** A column's name in the ClickHouse layout: dots (nested fields, `members.<field>`) become `__` —
 *  18.16 reads a dotted name inside a lambda as a Nested structure and does not find it. */
export const clickhouseName = (id: string) => id.replaceAll('.', '__');

/** Members as arrays: ClickHouse's array functions, as 18.16 has them. Three values in quantifiers are
 *  coded 0 < 1 (unknown) < 2, as AND/OR are. */
const arrays: ArrayForms = {
  hoists: false,
  positions: (a) => `arrayEnumerate(${a})`,
  length: (a) => `toInt64(length(${a}))`,
  count: (i, t, over) => `toInt64(arrayCount(${i} -> ${t}, ${over}))`,
  exists: (i, t, over) => `arrayExists(${i} -> ${t}, ${over})`,
  sum: (i, when, value, over) => `arraySum(arrayMap(${i} -> if(${when}, ifNull(${value}, 0), 0), ${over}))`,
  extremes: (op, i, sure, may, value, over, open) => {
    const values = (when: string) => `arrayFilter(v -> isNotNull(v), arrayMap(${i} -> if(${when}, ${value}, NULL), ${over}))`;
    const known = values(sure);
    return {
      exact: `if(empty(${known}), NULL, toInt64(arrayReduce('${op}', ${known})))`,
      wide: `if(${open} OR empty(${known}), NULL, toInt64(arrayReduce('${op}', ${values(may)})))`,
    };
  },
  quantifier: (op, i, each, over) => {
    const codes = `arrayPushBack(arrayMap(${i} -> ${code(each)}, ${over}), ${op === 'any' ? 0 : 2})`;
    return decode(`arrayReduce('${op === 'any' ? 'max' : 'min'}', ${codes})`);
  },
  // Position from 1; 0 reads the element type's default, NULL (every member array is Nullable).
  relation: (rel, r) => {
    const first = `arrayFirstIndex(x -> ifNull(x = '${r}', 0), ${rel})`;
    const unknownBefore = `arrayFirstIndex(x -> isNull(x), ${rel})`;
    return `if(${unknownBefore} > 0 AND (${first} = 0 OR ${unknownBefore} < ${first}), 0, ${first})`;
  },
  isNull: (x) => `isNull(${x})`,
  ifNull: (x, d) => `ifNull(${x}, ${d})`,
  ifElse: (c, x, y) => `if(${c}, ${x}, ${y})`,
  memberIndex: (i) => (i ? `toInt32(${i} - 1)` : 'CAST(NULL AS Nullable(Int32))'),
  // One SELECT over the household rows (a member subject by ARRAY JOIN): on a Distributed table it runs
  // whole on every shard. The per-subject values are WITH aliases, so the summary is the same SELECT
  // with aggregates — each shard sends its partial aggregates.
  query: (p) => {
    const join = p.memberSubject ? ` ARRAY JOIN ${p.positions} AS ${p.subjectIndex}` : '';
    // 18.16 does not read a column that only a lambda inside a lambda mentions ("Unknown
    // identifier"); ignore(…) — always 0 — names every column the query reads at the top level.
    const conditions = [...(p.filtered ? [forms.notFalse('where_raw')] : []), `ignore(${p.read.join(', ')}) = 0`];
    const from = `FROM ${p.table}${join} WHERE ${conditions.join(' AND ')}`;
    // Rows: the per-subject values as WITH aliases selected as they are, the output's form outside
    // (18.16 loses an alias of a WITH alias in a subquery's result, and fails on a lambda expression
    // that two result columns share unless it is one WITH alias).
    const names = p.raw.map((r) => r.slice(r.lastIndexOf(' AS ') + 4));
    const sql = `SELECT\n  ${p.outer.join(',\n  ')}\nFROM (\nWITH\n  ${p.raw.join(',\n  ')}\nSELECT\n  ${[...p.ids, ...names].join(',\n  ')}\n${from}\n) decided`;
    const summary = `WITH\n  ${p.raw.join(',\n  ')}\nSELECT\n  ${p.summary.join(',\n  ')}\n${from}`;
    return { sql, summary };
  },
};

export const clickhouse: Dialect = {
  name: 'clickhouse',
  quote: (id) => `\`${clickhouseName(id).replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  // Dates are day numbers (Int32) in the ClickHouse layout.
  date: (iso) => String(Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000)),
  prelude: [],
  layout: 'arrays',
  forms,
  arrays,
};
