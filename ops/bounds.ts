// Aggregate bounds: the one definition of how a number known only to lie in an interval is made and read,
// for every backend (the reference interpreter, the generated JavaScript, and — mirrored — the SQL backend).
// Pure functions on plain numbers; the engine wraps an interval with the origins of its unknowns
// (engine/unknown.ts: `Bounded`), so "which facts could still change it" travels with it.
//
// The contract (README, design: aggregate bounds):
// - `count(where p)`: lo = members with p known true, hi = lo + members with p unknown.
// - `sum(x where p)`: each member contributes an interval — p false: nothing; p true, x known: x;
//   p unknown, x known: between 0 and x; x unknown: anything (−∞..+∞). lo and hi are the sums.
// - `min`/`max(x where p)`: the members certainly counted with x known give one side; members that may
//   count (or whose x is unknown) widen the other. When no member is certainly counted the aggregate may
//   be over no members (an error), so it is plainly unknown.
// - An interval with lo = hi is that known value; with both sides infinite it says nothing (plain unknown).
// - A comparison (or range test) is decided when the whole interval lies on one side; `min`, `max` and
//   `clamp` of intervals are intervals; every other operation on an interval is unknown.

/** A number known to lie in [lo, hi], lo < hi (either side may be infinite, not both). */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** What a bounds-aware operation reads: a known number, an interval, or nothing known (`undefined`). */
export type Bound = number | Interval | undefined;

/** Exact addition of canonical decimals (the kit's `add`): undefined beyond the exact range. */
export type Add = (x: number, y: number) => number | undefined;

/** An interval made canonical: the known number when lo = hi, nothing when it bounds nothing. */
export function interval(lo: number, hi: number): Bound {
  if (lo === hi) return lo;
  if (lo === -Infinity && hi === Infinity) return undefined;
  return { lo, hi };
}

function lowOf(b: Bound): number {
  return b === undefined ? -Infinity : typeof b === 'number' ? b : b.lo;
}
function highOf(b: Bound): number {
  return b === undefined ? Infinity : typeof b === 'number' ? b : b.hi;
}

// ---------------------------------------------------------------- aggregates over members

/** The members an aggregate is not sure about, folded one at a time (see `uncertainMember`). */
export interface Uncertain {
  /** How many members may count (count: the hi side). */
  maybe: number;
  /** The sum of their contributions' sides (sum), or the widest value among them (min: lo, max: hi). */
  lo: number;
  hi: number;
  /** Some member is certainly counted although its value is unknown (min/max: never over no members). */
  sureUnknown: boolean;
}

export type BoundedAggregate = 'count' | 'sum' | 'min' | 'max';

/** Adds one member whose filter is unknown (`filterTrue` false) or whose value is unknown (`x` undefined)
 *  to the uncertain part of a count, sum, min or max. `acc` undefined: the first such member. */
export function uncertainMember(op: BoundedAggregate, acc: Uncertain | undefined, filterTrue: boolean, x: number | undefined, add: Add): Uncertain {
  const a: Uncertain = acc ?? { maybe: 0, lo: op === 'max' ? Infinity : op === 'min' ? Infinity : 0, hi: op === 'min' ? -Infinity : op === 'max' ? -Infinity : 0, sureUnknown: false };
  if (op === 'count') {
    a.maybe++;
    return a;
  }
  if (x === undefined) {
    if (filterTrue) a.sureUnknown = true;
    if (op === 'sum') {
      a.lo = -Infinity;
      a.hi = Infinity;
    } else if (op === 'min') {
      a.lo = -Infinity;
    } else {
      a.hi = Infinity;
    }
    return a;
  }
  // A known value of a member that may or may not count.
  if (op === 'sum') {
    a.lo = x < 0 ? addSide(a.lo, x, add, -Infinity) : a.lo;
    a.hi = x > 0 ? addSide(a.hi, x, add, Infinity) : a.hi;
  } else if (op === 'min') {
    a.lo = Math.min(a.lo, x);
  } else {
    a.hi = Math.max(a.hi, x);
  }
  return a;
}

/** One side of an interval plus a number, exactly; a side beyond the exact range becomes infinite (the
 *  true value is then no number the language has, so the interval still holds every one it could be). */
function addSide(side: number, x: number, add: Add, overflow: number): number {
  if (!Number.isFinite(side)) return side;
  return add(side, x) ?? overflow;
}

/** The aggregate's value from its exact part — over the members certainly counted with a known value
 *  (`exact`: their count, sum, or min/max; undefined for a min/max over none of them) — and its uncertain
 *  part. A number when the uncertain members cannot change it, an interval, or undefined (plain unknown). */
export function aggregateBound(op: BoundedAggregate, exact: number | undefined, u: Uncertain, add: Add): Bound {
  switch (op) {
    case 'count':
      return interval(exact!, exact! + u.maybe);
    case 'sum':
      return interval(addSide(u.lo, exact!, add, -Infinity), addSide(u.hi, exact!, add, Infinity));
    case 'min':
      // Over no members certainly: it may be an error (min over none), so nothing is known.
      if (exact === undefined && !u.sureUnknown) return undefined;
      return interval(Math.min(u.lo, exact ?? Infinity), exact ?? Infinity);
    case 'max':
      if (exact === undefined && !u.sureUnknown) return undefined;
      return interval(exact ?? -Infinity, Math.max(u.hi, exact ?? -Infinity));
  }
}

// ---------------------------------------------------------------- reading intervals

export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** `a op b` for numbers at least one of which is an interval: decided when every value either could take
 *  gives the same answer, else undefined. */
export function compareBounds(op: CompareOp, a: Bound, b: Bound): boolean | undefined {
  const alo = lowOf(a), ahi = highOf(a), blo = lowOf(b), bhi = highOf(b);
  switch (op) {
    case '<':
      return ahi < blo ? true : alo >= bhi ? false : undefined;
    case '<=':
      return ahi <= blo ? true : alo > bhi ? false : undefined;
    case '>':
      return alo > bhi ? true : ahi <= blo ? false : undefined;
    case '>=':
      return alo >= bhi ? true : ahi < blo ? false : undefined;
    case '=':
      return ahi < blo || alo > bhi ? false : undefined; // equal only if both were one known number
    case '!=':
      return ahi < blo || alo > bhi ? true : undefined;
  }
}

/** `x in low..high` (open sides undefined) for an interval x: decided when x lies wholly inside or
 *  wholly outside the range. `negated`: `not in`. */
export function inRangeBounds(x: Interval, low: number | undefined, high: number | undefined, highExclusive: boolean, negated: boolean): boolean | undefined {
  const lo = low ?? -Infinity;
  const hi = high ?? Infinity;
  const inside = x.lo >= lo && (highExclusive ? x.hi < hi : x.hi <= hi);
  const outside = x.hi < lo || (highExclusive ? x.lo >= hi : x.lo > hi);
  if (inside) return !negated;
  if (outside) return negated;
  return undefined;
}

/** The built-ins that read intervals: `min`, `max`, `clamp`. */
export type BoundedCall = 'min' | 'max' | 'clamp';

export function isBoundedCall(name: string): name is BoundedCall {
  return name === 'min' || name === 'max' || name === 'clamp';
}

/** `min(…)`, `max(…)` or `clamp(x, low, high)` of known numbers, intervals, or unknowns. */
export function callBounds(op: BoundedCall, args: readonly Bound[]): Bound {
  if (op === 'clamp') return callBounds('min', [callBounds('max', [args[0], args[1]]), args[2]]);
  const pick = op === 'min' ? Math.min : Math.max;
  let lo = pick(...args.map(lowOf));
  let hi = pick(...args.map(highOf));
  if (Object.is(lo, -0)) lo = 0;
  if (Object.is(hi, -0)) hi = 0;
  return interval(lo, hi);
}

/** Whether argument `arg` of a bounded `min`/`max`/`clamp` whose result is `result` could still change it:
 *  an argument wholly above a min's (below a max's) highest possible value cannot; any of clamp's can.
 *  For `missing`. */
export function argumentMatters(op: 'min' | 'max' | 'clamp', arg: Bound, result: Bound): boolean {
  if (op === 'clamp') return true; // x, low and high each can still move the result
  return op === 'min' ? lowOf(arg) < highOf(result) : highOf(arg) > lowOf(result);
}
