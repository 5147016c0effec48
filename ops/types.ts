// The shape of one operation in the registry (registry.ts). Types only, and no imports: the checker
// (dsl/check), the engine and the editor all read the registry, so it depends on none of them.

/** Base-unit exponents, as the checker writes units: { BOB: 1, person: -1, month: -1 }. */
export type Unit = Readonly<Record<string, number>>;

/** What one argument must be. `plain`: a dimensionless number (a literal counts); `role` names what the
 *  argument is for in messages ("the number of decimal places", "a z-score"). */
export type ArgRule =
  | { kind: 'number' }
  | { kind: 'plain'; role: string; roleIsSubject: boolean }
  | { kind: 'date' }
  | { kind: 'program' };

/** The result type, from the argument types: the unit they share (min, max, clamp), the first
 *  argument's unit (round, abs), a fixed unit (years_between → year), or true/false. */
export type ResultRule =
  | { kind: 'shared-unit' }
  | { kind: 'first-unit' }
  | { kind: 'unit'; unit: Unit }
  | { kind: 'bool' };

/** The numeric and calendar primitives an operation is built from. The engine supplies them (engine/
 *  runtime.ts) to the interpreter and, under the same names prefixed with `M_`, to generated code. */
export interface Kit {
  /** Canonical form of a number read from outside or computed in floating point: the decimal rounded
   *  half away from zero to 6 places, undefined when not finite or beyond the exact range. */
  canon(x: number): number | undefined;
  /** Exact decimal arithmetic on canonical numbers (engine/values.ts): undefined out of range or for a
   *  zero divisor. */
  add(x: number, y: number): number | undefined;
  sub(x: number, y: number): number | undefined;
  mul(x: number, y: number): number | undefined;
  div(x: number, y: number): number | undefined;
  neg(x: number): number;
  roundTo(x: number, places: number): number | undefined;
  normalCdf(x: number): number;
  yearsBetween(from: number, to: number): number;
  monthsBetween(from: number, to: number): number;
}
export type KitName = keyof Kit;

/** A failed operation: the result is unknown, and the explanation names the error. */
export interface OpError {
  error: string;
}

/** What an explanation says a call's value measures, as data the renderer turns into words:
 *  `elapsed`: whole units from the first date to the second ("years since …", "years as …");
 *  `named`: the function's own name ("normal cdf"). */
export type CallMeaning = { kind: 'elapsed'; unit: 'year' | 'month' | 'day' } | { kind: 'named' };

/** A built-in function of the language, in one place: its name, type rule, semantics on known values,
 *  the JavaScript it compiles to, and what its explanation says. */
export interface FunctionEntry {
  kind: 'function';
  name: string;
  /** One line for completion and hover in the editor. */
  summary: string;
  /** Argument count [min, max]; max may be Infinity. */
  arity: readonly [number, number];
  /** The rule of argument i (the last one repeats for variadic functions). */
  args: readonly ArgRule[];
  result: ResultRule;
  /** How unknowns propagate. `strict`: any unknown argument makes the result unknown, with the union of
   *  the arguments' origins (missing facts, parameters not in force, errors); the function itself is
   *  then not called. Every built-in is strict today; a bounds-aware entry (issue 15) adds a mode. */
  unknowns: 'strict';
  /** The value on known arguments (canonical decimals or day numbers). */
  apply(args: readonly number[], kit: Kit): number | OpError;
  /** A JavaScript expression of the same value for known arguments, or `undefined` where `apply` gives
   *  an error. `a` are generated variable names; primitives are called as `M_<kit name>`. No ruleset
   *  text ever reaches this code: only the generator's variable names and the entry's own syntax. */
  emit(a: readonly string[]): string;
  /** The names of kit primitives `emit` uses (the generator binds only these). */
  uses: readonly KitName[];
  /** The same value as SQL (engine/sql/): numbers are 64-bit micro-units (× 10⁶), dates day numbers,
   *  NULL where `apply` gives an error. Absent: the SQL backend refuses the call with a diagnostic. */
  sql?: SqlEmit;
  /** For explanations: what the value measures. */
  meaning: CallMeaning;
  /** Computed in floating point, then made canonical: backends that hold exact decimals only (the
   *  json-rules-engine export inline in a condition) take it through a `let`. */
  floating?: boolean;
}

/** A function of the household's participation in a program (its `programs` record). The argument is a
 *  program id, never an expression; the engine evaluates these itself (semantics.programParticipation). */
export interface ParticipationEntry {
  kind: 'participation';
  name: string;
  summary: string;
  result: ResultRule;
  /** What it reads from the household's entry for the program: whether there is one, whole years since
   *  it began, or its `recertified` flag. */
  measure: ParticipationMeasure;
}
export type ParticipationMeasure = 'member' | 'years' | 'recertified';

export type OpEntry = FunctionEntry | ParticipationEntry;

/** An arithmetic operator: `+ - * /` and unary minus (`neg`). Strict like the functions; its unit rule is
 *  the checker's unit algebra (dsl/check/expressions.ts), which is not per operator. */
export interface OperatorEntry {
  kind: 'operator';
  symbol: '+' | '-' | '*' | '/' | 'neg';
  apply(args: readonly number[], kit: Kit): number | OpError;
  emit(a: readonly string[]): string;
  uses: readonly KitName[];
}

/** What a SQL dialect offers a built-in's `sql` (engine/sql/dialect.ts `Forms` implements it). */
export interface SqlForms {
  /** A call of one of the dialect's elig_* helpers (exact micro-unit arithmetic, dates, Φ). */
  call(helper: string, args: string[]): string;
  /** x as the dialect's 64-bit integer. */
  bigint(x: string): string;
  nullOf(kind: 'int'): string;
}

/** `a`: the arguments as SQL expressions; `literal`: each argument's number when it is a literal. A
 *  call it cannot translate is `{ refused }`, with the reason the diagnostic gives. */
export type SqlEmit = (a: readonly string[], f: SqlForms, literal: readonly (number | undefined)[]) => string | { refused: string };
