// An unknown value and where it came from: the absent household facts (JSON pointers), the parameters
// not in force on the date, and evaluation errors (division by zero, a key no table row matches).
// `missing` in a decision is computed from these, never guessed.
import type { Bound, Interval } from '../ops/bounds';

export class Unknown {
  constructor(
    readonly missing: ReadonlySet<string>,
    readonly notInForce: ReadonlySet<string> = EMPTY,
    readonly errors: ReadonlySet<string> = EMPTY,
    /** Assumptions withheld on purpose (see engine/assumptions.ts): the value they hold could decide this. */
    readonly assumed: ReadonlySet<string> = EMPTY,
  ) {}

  static missing(pointer: string): Unknown {
    return new Unknown(new Set([pointer]));
  }
  static notInForce(parameter: string): Unknown {
    return new Unknown(EMPTY, new Set([parameter]));
  }
  static error(message: string): Unknown {
    return new Unknown(EMPTY, EMPTY, new Set([message]));
  }
  static assumed(assumption: string): Unknown {
    return new Unknown(EMPTY, EMPTY, EMPTY, new Set([assumption]));
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** An unknown number known to lie in [lo, hi] (ops/bounds.ts): an aggregate over partly known members, or
 *  `min`/`max`/`clamp` of one. It is an Unknown — every operation that does not read bounds treats it as
 *  one, with its origins: the facts that could still move it. */
export class Bounded extends Unknown implements Interval {
  constructor(
    readonly lo: number,
    readonly hi: number,
    origins: Unknown,
  ) {
    super(origins.missing, origins.notInForce, origins.errors, origins.assumed);
  }
}

/** A bounds-aware operation's result as a value: the known number, an interval carrying `origins`, or a
 *  plain unknown with them. */
export function boundedValue(b: Bound, origins: Unknown): unknown {
  if (typeof b === 'number') return b;
  return b === undefined ? origins : new Bounded(b.lo, b.hi, origins);
}

/** What a bounds-aware operation reads from a value: a known number, an interval, or nothing. */
export function boundOf(v: unknown): Bound {
  if (typeof v === 'number') return v;
  return v instanceof Bounded ? v : undefined;
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** The union of the origins of every unknown among `values`. Unknowns are immutable, so when one of them
 *  already holds the union (the usual case: one unknown operand, or the same one twice) it is the result
 *  itself — an interval's origins as a plain unknown — and no sets are made. */
export function unknownOf(...values: unknown[]): Unknown {
  let first: Unknown | undefined;
  for (const v of values) {
    if (!(v instanceof Unknown)) continue;
    if (first === undefined) first = v;
    else if (v !== first && !covers(first, v)) return merged(values);
  }
  if (first === undefined) return NO_ORIGINS;
  return first.constructor === Unknown ? first : new Unknown(first.missing, first.notInForce, first.errors, first.assumed);
}

const NO_ORIGINS = new Unknown(EMPTY);

/** Whether every origin of `b` is one of `a`'s. */
function covers(a: Unknown, b: Unknown): boolean {
  return subset(b.missing, a.missing) && subset(b.notInForce, a.notInForce) && subset(b.errors, a.errors) && subset(b.assumed, a.assumed);
}

function subset(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  if (x === y || x.size === 0) return true;
  if (x.size > y.size) return false;
  for (const e of x) if (!y.has(e)) return false;
  return true;
}

function merged(values: readonly unknown[]): Unknown {
  const missing = new Set<string>();
  const notInForce = new Set<string>();
  const errors = new Set<string>();
  let assumed: Set<string> | undefined;
  for (const v of values) {
    if (!(v instanceof Unknown)) continue;
    for (const p of v.missing) missing.add(p);
    for (const p of v.notInForce) notInForce.add(p);
    for (const e of v.errors) errors.add(e);
    if (v.assumed.size > 0) for (const a of v.assumed) (assumed ??= new Set()).add(a);
  }
  return new Unknown(missing, notInForce.size > 0 ? notInForce : EMPTY, errors.size > 0 ? errors : EMPTY, assumed ?? EMPTY);
}

/** JSON pointers in a stable, readable order: segment by segment, numeric segments numerically. */
export function sortPointers(pointers: Iterable<string>): string[] {
  return [...pointers].sort(comparePointers);
}

function comparePointers(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    const an = /^\d+$/.test(as[i]);
    const bn = /^\d+$/.test(bs[i]);
    if (an && bn) return Number(as[i]) - Number(bs[i]);
    return as[i] < bs[i] ? -1 : 1;
  }
  return as.length - bs.length;
}

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
