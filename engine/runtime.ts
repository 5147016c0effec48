// The helpers compiled code calls (passed in as `rt`). Each one mirrors a rule of the interpreter or of
// semantics.ts exactly; `undefined` stands for unknown.
import { findRelation, programInForce, programParticipation } from './semantics';
import { membersOf, type EvalEnv, type RawHousehold, type RawMember } from './types';
import type { Kit } from '../ops/registry';
import { callBounds, compareBounds, inRangeBounds } from '../ops/bounds';
import { aggregateFast, aggregateValue, and, applyFunction, applyOperator, callUnknown, compareUnknown, inRangeUnknown, not, or, OUT_OF_RANGE, uncertain } from './three-valued';
import { Unknown, isUnknown, unknownOf } from './unknown';
import { add, ageFromIsoDate, canon, div, monthsBetween, mul, neg, normalCdf, parseIsoDate, roundTo, sub, yearsBetween, ymdOf } from './values';

/** The primitives the operations registry's entries are built from, for the interpreter and (as `M_…`)
 *  for generated code: one implementation of each. */
export const kit: Kit = { canon, add, sub, mul, div, neg, roundTo, normalCdf, yearsBetween, monthsBetween };

/** The first member with this relationship, as findRelation finds it, without its origins (so without
 *  allocating): unknown when a member before it has no recorded relationship, or when none has it. */
function relation(ms: RawMember[], relationship: string): RawMember | undefined {
  for (let i = 0; i < ms.length; i++) {
    const r = ms[i].relationship;
    if (typeof r !== 'string') return undefined;
    if (r === relationship) return ms[i];
  }
  return undefined;
}

export const runtime = {
  canon,
  /** Exact decimal arithmetic (values.ts): undefined when out of range or dividing by zero. */
  add,
  sub,
  mul,
  div,
  neg,
  /** Readers of stored values by type: the same as semantics.readValue. */
  readNumber: (x: unknown): number | undefined => (typeof x === 'number' ? canon(x) : undefined),
  readBool: (x: unknown): boolean | undefined => (typeof x === 'boolean' ? x : undefined),
  readString: (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined),
  readDate: (x: unknown): number | undefined => (typeof x === 'string' ? parseIsoDate(x) : undefined),
  readRaw: (x: unknown): unknown => (x === null ? undefined : x),

  /** `m.age`: whole years from birth_date to the date, else the recorded age. */
  age(m: RawMember | undefined, day: number): number | undefined {
    if (m === undefined) return undefined;
    const age = typeof m.birth_date === 'string' ? ageFromIsoDate(m.birth_date, day) : undefined;
    if (age !== undefined) return age;
    return typeof m.age === 'number' ? canon(m.age) : undefined;
  },
  residencyYears(h: RawHousehold, day: number): number | undefined {
    // yearsBetween(resident_since, day) without making a day number: the same fast path ages use.
    return typeof h.resident_since === 'string' ? ageFromIsoDate(h.resident_since, day) : undefined;
  },
  members: membersOf,
  head: (ms: RawMember[]): RawMember | undefined => relation(ms, 'head'),
  spouse: (ms: RawMember[]): RawMember | undefined => relation(ms, 'spouse'),

  /** `in_program(p)`, `years_in_program(p)`, `recertified(p)`: see semantics.programParticipation. */
  inProgram(h: RawHousehold, id: string, day: number): boolean | undefined {
    const p = programParticipation(h, id, day);
    return p === undefined ? undefined : p !== null;
  },
  yearsInProgram(h: RawHousehold, id: string, day: number): number | undefined {
    const p = programParticipation(h, id, day);
    return p === undefined ? undefined : p === null ? 0 : yearsBetween(p.since, day);
  },
  recertified(h: RawHousehold, id: string, day: number): boolean | undefined {
    const p = programParticipation(h, id, day);
    if (p === undefined) return undefined;
    if (p === null) return false;
    return typeof p.recertified === 'boolean' ? p.recertified : undefined;
  },

  ymd: ymdOf,
  kit,
  /** Bounds (ops/bounds.ts) for the fast mode, and the traced mode's helpers (below). */
  bounds: undefined as unknown as { compareBounds: typeof compareBounds; inRangeBounds: typeof inRangeBounds; callBounds: typeof callBounds },
  origins: undefined as unknown as typeof origins,

  /** `eligible(other)` with the other ruleset's fast compiled code: true when some subject is eligible,
   *  undefined when none is and some is undetermined, false otherwise (and when it is not in force). */
  program(env: EvalEnv, selfId: string, id: string, version: string | undefined, h: RawHousehold, day: number): boolean | undefined {
    const stack = env.stack ?? [selfId];
    if (stack.includes(id)) return undefined;
    const other = env.resolve?.(version ? `${id}@${version}` : id);
    if (!other || (version && other.version !== version)) return undefined;
    if (!programInForce(other.checked, day)) return false;
    let undecided = false;
    for (const s of other.compiled.fast(h, day, { ...env, stack: [...stack, id] })) {
      if (s.eligible === true) return true;
      if (s.eligible === undefined) undecided = true;
    }
    return undecided ? undefined : false;
  },
};

/** The traced mode's helpers: unknowns carry their origins, exactly as the interpreter makes them (the
 *  three-valued operations are the interpreter's own, from three-valued.ts). */
const origins = {
  Unknown,
  and,
  or,
  not,
  unknownOf,
  compareUnknown,
  inRangeUnknown,
  callUnknown,
  uncertain,
  aggregateValue,
  aggregateFast,
  OUT_OF_RANGE,
  known: (x: unknown): unknown => (x instanceof Unknown ? undefined : x),
  unknown: (x: unknown): Unknown | undefined => (x instanceof Unknown ? x : undefined),
  missing: (pointer: string): Unknown => Unknown.missing(pointer),
  notInForce: (name: string): Unknown => Unknown.notInForce(name),
  /** The withheld mode (engine/withheld.ts): an assumption's value, withheld. */
  assumed: (name: string): Unknown => Unknown.assumed(name),
  /** `is known` as the interpreter reads it: a value unknown only by a withheld assumption is known in fact. */
  knownInFact: (x: unknown): boolean => !(x instanceof Unknown) || (x.missing.size === 0 && x.notInForce.size === 0 && x.errors.size === 0),
  memberPointer: (ms: RawMember[], m: RawMember, suffix: string): string => `/members/${ms.indexOf(m)}${suffix}`,
  operatorError: (symbol: '+' | '-' | '*' | '/', a: number, b: number): unknown => applyOperator(symbol, [a, b], kit),
  functionError: (name: string, args: number[]): unknown => applyFunction(name, args, kit),
  noRow: (table: string, key: unknown): Unknown => Unknown.error(`no row of ${table} matches ${String(key)}`),
  ageAt(ms: RawMember[], i: number, day: number): unknown {
    return runtime.age(ms[i], day) ?? Unknown.missing(`/members/${i}/birth_date`);
  },
  ageOf(ms: RawMember[], m: unknown, day: number): unknown {
    if (m instanceof Unknown) return m;
    return runtime.age(m as RawMember, day) ?? Unknown.missing(`/members/${ms.indexOf(m as RawMember)}/birth_date`);
  },
  residencyYears: (h: RawHousehold, day: number): unknown => runtime.residencyYears(h, day) ?? Unknown.missing('/resident_since'),
  relation(ms: RawMember[], relationship: string): unknown {
    const i = findRelation(ms, relationship);
    return typeof i === 'number' ? ms[i] : new Unknown(new Set(i.missing));
  },
  /** in_program, years_in_program, recertified: see semantics.programParticipation. */
  participation(h: RawHousehold, measure: 'member' | 'years' | 'recertified', id: string, day: number): unknown {
    const p = programParticipation(h, id, day);
    if (p === undefined) return Unknown.missing('/programs');
    if (measure === 'member') return p !== null;
    if (measure === 'years') return p === null ? 0 : yearsBetween(p.since, day);
    if (p === null) return false;
    return typeof p.recertified === 'boolean' ? p.recertified : Unknown.missing(`/programs/${p.index}/recertified`);
  },
  /** `eligible(other)` with the other ruleset's traced code: as the interpreter's, with origins. */
  program(env: EvalEnv, selfId: string, id: string, version: string | undefined, h: RawHousehold, day: number): unknown {
    const stack = env.stack ?? [selfId];
    if (stack.includes(id)) return Unknown.error(`${id} depends on itself`);
    const key = version ? `${id}@${version}` : id;
    const other = env.resolve?.(key);
    if (!other) return Unknown.error(`${key} is not available`);
    if (version && other.version !== version) return Unknown.error(`${id} is not at version ${version}`);
    if (!programInForce(other.checked, day)) return false;
    const values = other.compiled.traced(h, day, { ...env, stack: [...stack, id] }).map((s) => s.why?.eligible ?? s.eligible);
    if (values.includes(true)) return true;
    return values.some(isUnknown) ? unknownOf(...values) : false;
  },
};

runtime.bounds = { compareBounds, inRangeBounds, callBounds };
runtime.origins = origins;

export type Runtime = typeof runtime;
