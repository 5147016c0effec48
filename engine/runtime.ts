// The helpers compiled code calls (passed in as `rt`). Each one mirrors a rule of the interpreter or of
// semantics.ts exactly; `undefined` stands for unknown.
import { findRelation, programInForce, programParticipation } from './semantics';
import { membersOf, type EvalEnv, type RawHousehold, type RawMember } from './types';
import { add, ageFromIsoDate, canon, div, monthsBetween, mul, neg, sub, normalCdf, parseIsoDate, roundTo, yearsBetween, ymdOf } from './values';

function relation(ms: RawMember[], relationship: string): RawMember | undefined {
  const i = findRelation(ms, relationship);
  return typeof i === 'number' ? ms[i] : undefined;
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

  round: (x: number, places: number): number | undefined => roundTo(x, places),
  normalCdf,
  yearsBetween,
  monthsBetween,
  ymd: ymdOf,

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

export type Runtime = typeof runtime;
