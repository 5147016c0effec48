// THE registry of built-in functions: the checker types calls from it, the interpreter applies it, the
// JavaScript and SQL generators emit it, explanations describe it and the editor completes it. Adding a built-in
// is adding one entry here (plus its tests and a line in docs/language.md).
import type { ArgRule, FunctionEntry, OpEntry, OperatorEntry, OpError, ParticipationEntry, SqlEmit, SqlForms } from './types';

export type * from './types';

const NUMBER: ArgRule = { kind: 'number' };
const DATE: ArgRule = { kind: 'date' };
const NAMED = { kind: 'named' } as const;

/** A strict function of numbers whose result is canonical (undefined when not finite). */
function numeric(e: Omit<FunctionEntry, 'kind' | 'unknowns'>): FunctionEntry {
  return { kind: 'function', unknowns: 'strict', ...e };
}

const OUT_OF_RANGE: OpError = { error: 'number out of range' };

/** SQL numbers are micro-units. */
const MICRO = 1_000_000;

/** `round(x, places)` in SQL: half away from zero at a literal number of places (≥ 6: x as it is). */
const roundSql: SqlEmit = (a, f, literal) => {
  if (a.length > 1 && literal[1] === undefined) return { refused: '`round` with places that are not a literal is not translated to SQL' };
  const places = literal[1] ?? 0;
  if (!Number.isInteger(places)) return f.nullOf('int'); // the engine: "places must be a whole number"
  if (places >= 6) return a[0]!;
  const step = 10 ** (6 - places);
  return f.call('elig_chk', [`${f.call('elig_divround', [a[0]!, String(step)])} * ${step}`]);
};

/** Whole years or months between two dates (day numbers) as micro-units. */
function wholeUnitsSql(helper: string, a: string, b: string, f: SqlForms): string {
  return `(${f.bigint(f.call(helper, [f.call('elig_date', [a]), f.call('elig_date', [b])]))} * ${MICRO})`;
}

/** `+ - * /` and unary minus: exact on canonical decimals, one rounding half away from zero. */
const OPERATORS: OperatorEntry[] = [
  { kind: 'operator', symbol: '+', uses: ['add'], apply: ([a, b], k) => k.add(a, b) ?? OUT_OF_RANGE, emit: ([a, b]) => `M_add(${a}, ${b})` },
  { kind: 'operator', symbol: '-', uses: ['sub'], apply: ([a, b], k) => k.sub(a, b) ?? OUT_OF_RANGE, emit: ([a, b]) => `M_sub(${a}, ${b})` },
  { kind: 'operator', symbol: '*', uses: ['mul'], apply: ([a, b], k) => k.mul(a, b) ?? OUT_OF_RANGE, emit: ([a, b]) => `M_mul(${a}, ${b})` },
  {
    kind: 'operator', symbol: '/', uses: ['div'],
    apply: ([a, b], k) => (b === 0 ? { error: 'division by zero' } : k.div(a, b) ?? OUT_OF_RANGE),
    emit: ([a, b]) => `M_div(${a}, ${b})`, // undefined for a zero divisor
  },
  { kind: 'operator', symbol: 'neg', uses: ['neg'], apply: ([a], k) => k.neg(a), emit: ([a]) => `M_neg(${a})` },
];

export function operatorEntry(symbol: OperatorEntry['symbol']): OperatorEntry {
  return OPERATORS.find((o) => o.symbol === symbol)!;
}

const FUNCTIONS: FunctionEntry[] = [
  numeric({
    name: 'min', summary: 'the smallest of two or more numbers in one unit',
    arity: [2, Infinity], args: [NUMBER], result: { kind: 'shared-unit' }, meaning: NAMED, uses: [],
    apply: (a) => Math.min(...a),
    emit: (a) => `Math.min(${a.join(', ')})`,
    sql: (a, f) => a.reduce((acc, x) => f.call('elig_least', [acc, x])),
  }),
  numeric({
    name: 'max', summary: 'the largest of two or more numbers in one unit',
    arity: [2, Infinity], args: [NUMBER], result: { kind: 'shared-unit' }, meaning: NAMED, uses: [],
    apply: (a) => Math.max(...a),
    emit: (a) => `Math.max(${a.join(', ')})`,
    sql: (a, f) => a.reduce((acc, x) => f.call('elig_greatest', [acc, x])),
  }),
  numeric({
    name: 'clamp', summary: 'clamp(x, low, high): x kept between low and high',
    arity: [3, 3], args: [NUMBER], result: { kind: 'shared-unit' }, meaning: NAMED, uses: [],
    apply: ([x, lo, hi]) => Math.min(Math.max(x, lo), hi),
    emit: ([x, lo, hi]) => `Math.min(Math.max(${x}, ${lo}), ${hi})`,
    sql: ([x, lo, hi], f) => f.call('elig_least', [f.call('elig_greatest', [x, lo]), hi]),
  }),
  numeric({
    name: 'round', summary: 'round(x, places): half away from zero to `places` decimals (0 by default)',
    arity: [1, 2], args: [NUMBER, { kind: 'plain', role: 'the number of decimal places', roleIsSubject: true }],
    result: { kind: 'first-unit' }, meaning: NAMED, uses: ['roundTo'],
    apply: ([x, places], k) => k.roundTo(x, places ?? 0) ?? { error: 'round: places must be a whole number' },
    emit: ([x, places]) => `M_roundTo(${x}, ${places ?? '0'})`,
    sql: roundSql,
  }),
  numeric({
    name: 'floor', summary: 'the largest whole number not above x',
    arity: [1, 1], args: [NUMBER], result: { kind: 'first-unit' }, meaning: NAMED, uses: ['canon'],
    apply: ([x], k) => k.canon(Math.floor(x)) ?? OUT_OF_RANGE,
    emit: ([x]) => `M_canon(Math.floor(${x}))`,
    sql: ([x], f) => f.call('elig_floor', [x]),
  }),
  numeric({
    name: 'ceil', summary: 'the smallest whole number not below x',
    arity: [1, 1], args: [NUMBER], result: { kind: 'first-unit' }, meaning: NAMED, uses: ['canon'],
    apply: ([x], k) => k.canon(Math.ceil(x)) ?? OUT_OF_RANGE,
    emit: ([x]) => `M_canon(Math.ceil(${x}))`,
    sql: ([x], f) => f.call('elig_ceil', [x]),
  }),
  numeric({
    name: 'abs', summary: 'the absolute value of x',
    arity: [1, 1], args: [NUMBER], result: { kind: 'first-unit' }, meaning: NAMED, uses: ['canon'],
    apply: ([x], k) => k.canon(Math.abs(x)) ?? OUT_OF_RANGE,
    emit: ([x]) => `M_canon(Math.abs(${x}))`,
    // ClickHouse's abs of an Int64 is a UInt64, which has no common type with Int64: cast back.
    sql: ([x], f) => f.bigint(`abs(${x})`),
  }),
  numeric({
    name: 'sqrt', summary: 'the square root of a plain number, to 6 decimals (unknown for a negative number)',
    arity: [1, 1], args: [{ kind: 'plain', role: 'the number under the root', roleIsSubject: false }],
    result: { kind: 'unit', unit: {} }, meaning: NAMED, uses: ['canon'], floating: true,
    apply: ([x], k) => (x < 0 ? { error: 'the square root of a negative number' } : k.canon(Math.sqrt(x)) ?? OUT_OF_RANGE),
    emit: ([x]) => `(${x} < 0 ? undefined : M_canon(Math.sqrt(${x})))`,
  }),
  numeric({
    name: 'normal_cdf', summary: 'the standard normal distribution function Φ(z), to 6 decimals (probit models)',
    arity: [1, 1], args: [{ kind: 'plain', role: 'a z-score', roleIsSubject: false }],
    result: { kind: 'unit', unit: {} }, meaning: NAMED, uses: ['normalCdf'], floating: true,
    apply: ([x], k) => k.normalCdf(x),
    emit: ([x]) => `M_normalCdf(${x})`,
    sql: ([x], f) => f.call('elig_normal_cdf', [x]),
  }),
  numeric({
    name: 'years_between', summary: 'whole years from the first date to the second (birthday rule)',
    arity: [2, 2], args: [DATE], result: { kind: 'unit', unit: { year: 1 } }, meaning: { kind: 'elapsed', unit: 'year' },
    uses: ['yearsBetween'],
    apply: ([a, b], k) => k.yearsBetween(a, b),
    emit: ([a, b]) => `M_yearsBetween(${a}, ${b})`,
    sql: ([a, b], f) => wholeUnitsSql('elig_years', a, b, f),
  }),
  numeric({
    name: 'months_between', summary: 'whole months from the first date to the second',
    arity: [2, 2], args: [DATE], result: { kind: 'unit', unit: { month: 1 } }, meaning: { kind: 'elapsed', unit: 'month' },
    uses: ['monthsBetween'],
    apply: ([a, b], k) => k.monthsBetween(a, b),
    emit: ([a, b]) => `M_monthsBetween(${a}, ${b})`,
    sql: ([a, b], f) => wholeUnitsSql('elig_months', a, b, f),
  }),
  numeric({
    name: 'days_between', summary: 'days from the first date to the second (negative when the second is earlier)',
    arity: [2, 2], args: [DATE], result: { kind: 'unit', unit: { day: 1 } }, meaning: { kind: 'elapsed', unit: 'day' },
    uses: [],
    apply: ([a, b]) => b - a, // dates are day numbers
    emit: ([a, b]) => `(${b} - ${a})`,
    sql: ([a, b]) => `((${b} - ${a}) * ${MICRO})`,
  }),
];

const PARTICIPATION: ParticipationEntry[] = [
  { kind: 'participation', name: 'in_program', summary: 'whether the household takes part in a program on the date (its `programs` record)',
    result: { kind: 'bool' }, measure: 'member' },
  { kind: 'participation', name: 'years_in_program', summary: 'whole years the household has taken part in a program',
    result: { kind: 'unit', unit: { year: 1 } }, measure: 'years' },
  { kind: 'participation', name: 'recertified', summary: 'whether the household was recertified in a program',
    result: { kind: 'bool' }, measure: 'recertified' },
];

const BY_NAME: ReadonlyMap<string, OpEntry> = new Map<string, OpEntry>([...FUNCTIONS, ...PARTICIPATION].map((e) => [e.name, e]));

/** Every built-in function, in the order the documentation and completion list them. */
export const OPERATIONS: readonly OpEntry[] = [...FUNCTIONS, ...PARTICIPATION];

export function operation(name: string): OpEntry | undefined {
  return BY_NAME.get(name);
}

/** The entry of a built-in function the checker resolved (an internal error when absent). */
export function functionEntry(name: string): FunctionEntry {
  const e = BY_NAME.get(name);
  if (e?.kind !== 'function') throw new Error(`internal: no built-in function ${name}`);
  return e;
}
