// Trino and Spark SQL: printed for clusters we cannot run here (neither installs on these machines), and
// syntax-checked offline by a maintained parser (test/sql/trino-spark.test.ts). Both read the standard
// layout (rows of `households` and `members`) and have Kleene AND/OR/IN, FILTER and bool_or, but
// neither can define a SQL function or macro in a session: each elig_* helper is inlined, its
// arguments bound once to a lambda parameter (`transform(ARRAY[x], p -> body)`) so nested arithmetic
// grows linearly. Products and quotients are formed in DECIMAL(38, 0) and divided only where the
// division is exact ((q − q % d) / d), since both engines round or widen a decimal quotient their own way.
import { MAX_MICROS, normalCdfBody, quoteDouble, standardForms, type Dialect, type Forms } from './dialect';

const M = '1000000';

interface Flavour {
  /** One-element array literal and its element. */
  single(x: string): string;
  first(array: string): string;
  year(d: string): string;
  month(d: string): string;
  day(d: string): string;
  /** Days from 1970-01-01 to date d, and back. */
  dayNumber(d: string): string;
  fromDayNumber(n: string): string;
  text: string;
}

function inlineForms(fl: Flavour): Forms {
  let fresh = 0;
  // A parameter name unique in the query, so a helper inside another's argument never shadows it.
  const bind = (arg: string, body: (p: string) => string): string => {
    const p = `v${++fresh}`;
    return fl.first(`transform(${fl.single(arg)}, ${p} -> ${body(p)})`);
  };
  const bind2 = (a: string, b: string, body: (x: string, y: string) => string) => bind(a, (x) => bind(b, (y) => body(x, y)));
  const wide = (x: string) => `CAST(${x} AS DECIMAL(38, 0))`;
  const chk = (x: string) => bind(x, (v) => `CASE WHEN ${v} BETWEEN -${MAX_MICROS} AND ${MAX_MICROS} THEN CAST(${v} AS BIGINT) END`);
  // n / d rounded half away from zero: q = 2|n| + |d| over D = 2|d|, divided exactly after taking off q mod D.
  const divround = (n: string, d: string) => bind2(wide(n), wide(d), (x, y) => bind(`2 * abs(${x}) + abs(${y})`, (q) =>
    `sign(${x}) * sign(${y}) * ((${q} - ${q} % (2 * abs(${y}))) / (2 * abs(${y})))`));
  const md = (d: string) => `(${fl.month(d)} * 100 + ${fl.day(d)})`;
  const years = (a: string, b: string) => bind2(a, b, (x, y) => {
    const forward = (p: string, q: string) => `(${fl.year(q)} - ${fl.year(p)} - CASE WHEN ${md(q)} < ${md(p)} THEN 1 ELSE 0 END)`;
    return `CASE WHEN ${y} < ${x} THEN -${forward(y, x)} ELSE ${forward(x, y)} END`;
  });
  const months = (a: string, b: string) => bind2(a, b, (x, y) => {
    const forward = (p: string, q: string) => `((${fl.year(q)} - ${fl.year(p)}) * 12 + ${fl.month(q)} - ${fl.month(p)} - CASE WHEN ${fl.day(q)} < ${fl.day(p)} THEN 1 ELSE 0 END)`;
    return `CASE WHEN ${y} < ${x} THEN -${forward(y, x)} ELSE ${forward(x, y)} END`;
  });
  const helpers: Record<string, (a: string[]) => string> = {
    elig_chk: ([x]) => chk(x!),
    elig_divround: ([n, d]) => divround(n!, d!),
    elig_mul: ([a, b]) => chk(divround(`${wide(a!)} * ${wide(b!)}`, M)),
    elig_div: ([a, b]) => bind2(a!, b!, (x, y) => `CASE WHEN ${y} <> 0 THEN ${chk(divround(`${wide(x)} * ${M}`, y))} END`),
    elig_years: ([a, b]) => years(a!, b!),
    elig_months: ([a, b]) => months(a!, b!),
    elig_day: ([d]) => fl.dayNumber(d!),
    elig_date: ([n]) => fl.fromDayNumber(n!),
    elig_least: ([a, b]) => bind2(a!, b!, (x, y) => `CASE WHEN ${x} IS NOT NULL AND ${y} IS NOT NULL THEN least(${x}, ${y}) END`),
    elig_greatest: ([a, b]) => bind2(a!, b!, (x, y) => `CASE WHEN ${x} IS NOT NULL AND ${y} IS NOT NULL THEN greatest(${x}, ${y}) END`),
    elig_known: ([lo, hi]) => bind2(lo!, hi!, (x, y) => `CASE WHEN ${x} = ${y} THEN ${x} END`),
    elig_least_finite: ([a, b]) => bind2(a!, b!, (x, y) => `coalesce(least(${x}, ${y}), ${x}, ${y})`),
    elig_greatest_finite: ([a, b]) => bind2(a!, b!, (x, y) => `coalesce(greatest(${x}, ${y}), ${x}, ${y})`),
    elig_floor: ([x]) => `CAST(floor(${x} / 1000000.0) AS BIGINT) * ${M}`,
    elig_ceil: ([x]) => `CAST(ceil(${x} / 1000000.0) AS BIGINT) * ${M}`,
    elig_decimal: ([x]) => `CAST(CAST(${x} AS DECIMAL(38, 0)) / ${M} AS DECIMAL(18, 6))`,
    elig_normal_cdf: ([x]) => bind(`CAST(${x} AS DOUBLE) / ${M}`, (z) => normalCdfBody(z)),
  };
  return {
    ...standardForms,
    // Neither grammar has IS [NOT] FALSE.
    notFalse: (x) => `coalesce(${x}, TRUE)`,
    nullOf: (k) => (k === 'text' ? `CAST(NULL AS ${fl.text})` : standardForms.nullOf(k)),
    call: (helper, args) => {
      const f = helpers[helper];
      if (!f) throw new Error(`internal: no inline form for ${helper}`);
      return f(args);
    },
  };
}

export const trino: Dialect = {
  name: 'trino',
  quote: quoteDouble,
  date: (iso) => `DATE '${iso}'`,
  prelude: [],
  forms: inlineForms({
    single: (x) => `ARRAY[${x}]`,
    first: (a) => `element_at(${a}, 1)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `day(${d})`,
    dayNumber: (d) => `date_diff('day', DATE '1970-01-01', ${d})`,
    fromDayNumber: (n) => `date_add('day', ${n}, DATE '1970-01-01')`,
    text: 'VARCHAR',
  }),
};

export const spark: Dialect = {
  name: 'spark',
  quote: (id) => `\`${id.replaceAll('`', '``')}\``,
  date: (iso) => `DATE '${iso}'`,
  prelude: [],
  forms: inlineForms({
    single: (x) => `array(${x})`,
    first: (a) => `element_at(${a}, 1)`,
    year: (d) => `year(${d})`, month: (d) => `month(${d})`, day: (d) => `dayofmonth(${d})`,
    dayNumber: (d) => `datediff(${d}, DATE '1970-01-01')`,
    fromDayNumber: (n) => `date_add(DATE '1970-01-01', CAST(${n} AS INT))`,
    text: 'STRING',
  }),
};
