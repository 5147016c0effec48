// Operations on values that may be unknown, with their origins: Kleene logic, and the bounds-aware
// reads of intervals (ops/bounds.ts). ONE implementation, called by the reference interpreter and by the
// generated code of the traced (explaining) mode, so the two cannot drift apart on what is decided and
// on which facts are reported missing.
import { aggregateBound, argumentMatters, callBounds, compareBounds, inRangeBounds, isBoundedCall, uncertainMember, type BoundedAggregate, type CompareOp, type Uncertain } from '../ops/bounds';
import { functionEntry, operatorEntry } from '../ops/registry';
import { Bounded, Unknown, boundOf, boundedValue, isUnknown, unknownOf } from './unknown';
import { add } from './values';
import type { Kit } from '../ops/registry';

export function and(a: unknown, b: unknown): unknown {
  if (a === false || b === false) return false;
  return isUnknown(a) || isUnknown(b) ? unknownOf(a, b) : true;
}
export function or(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  return isUnknown(a) || isUnknown(b) ? unknownOf(a, b) : false;
}
export function not(a: unknown): unknown {
  return isUnknown(a) ? a : !a;
}

/** `a op b` where a or b is unknown: decided by bounds when one is an interval and they suffice. */
export function compareUnknown(op: CompareOp, a: unknown, b: unknown): unknown {
  if (a instanceof Bounded || b instanceof Bounded) {
    const r = compareBounds(op, boundOf(a), boundOf(b));
    if (r !== undefined) return r;
  }
  return unknownOf(a, b);
}

/** `x in low..high` for an unknown x: decided when x is an interval wholly inside or outside. */
export function inRangeUnknown(x: Unknown, low: number | undefined, high: number | undefined, highExclusive: boolean, negated: boolean): unknown {
  if (x instanceof Bounded) {
    const r = inRangeBounds(x, low, high, highExclusive, negated);
    if (r !== undefined) return r;
  }
  return x;
}

/** A built-in call with some unknown argument. Every built-in is strict (the union of the arguments'
 *  origins), except that `min`, `max` and `clamp` of an interval are intervals: their origins are the
 *  unknown arguments that could still change the result. */
export function callUnknown(name: string, args: readonly unknown[]): unknown {
  if (!isBoundedCall(name) || !args.some((a) => a instanceof Bounded)) return unknownOf(...args);
  const bounds = args.map(boundOf);
  const result = callBounds(name, bounds);
  if (typeof result === 'number') return result;
  const matters = args.filter((a, i) => isUnknown(a) && argumentMatters(name, bounds[i], result));
  return boundedValue(result, unknownOf(...matters));
}

/** A registry function on known arguments: its value, or an unknown naming its error. */
export function applyFunction(name: string, args: readonly number[], kit: Kit): unknown {
  const r = functionEntry(name).apply(args, kit);
  return typeof r === 'number' ? r : Unknown.error(r.error);
}

export function applyOperator(symbol: '+' | '-' | '*' | '/' | 'neg', args: readonly number[], kit: Kit): unknown {
  const r = operatorEntry(symbol).apply(args, kit);
  return typeof r === 'number' ? r : Unknown.error(r.error);
}

export const OUT_OF_RANGE = Unknown.error('number out of range');

// ---------------------------------------------------------------- count, sum, min, max over members

export type { BoundedAggregate, Uncertain } from '../ops/bounds';

/** One member the aggregate is not sure about (filter unknown, or value unknown). */
export function uncertain(op: BoundedAggregate, acc: Uncertain | undefined, filterTrue: boolean, x: unknown): Uncertain {
  return uncertainMember(op, acc, filterTrue, typeof x === 'number' ? x : undefined, add);
}

/** The aggregate's value from its exact part (count, sum, or min/max over the members certainly counted
 *  with a known value — undefined for a sum beyond the exact range or a min/max over none) and the
 *  uncertain members with their unknowns' origins (`origins`, filters and values). */
export function aggregateValue(op: BoundedAggregate, exact: number | undefined, u: Uncertain | undefined, origins: readonly unknown[]): unknown {
  if (exact === undefined && (op === 'count' || op === 'sum')) return unknownOf(OUT_OF_RANGE, ...origins);
  if (u === undefined) return exact === undefined ? Unknown.error(`${op} over no members`) : exact;
  return boundedValue(aggregateBound(op, exact, u, add), unknownOf(...origins));
}

/** The same without origins, for the fast mode: a number, an interval ({lo, hi}), or undefined. */
export function aggregateFast(op: BoundedAggregate, exact: number | undefined, u: Uncertain | undefined): unknown {
  if (exact === undefined && (op === 'count' || op === 'sum')) return undefined;
  if (u === undefined) return exact;
  return aggregateBound(op, exact, u, add);
}
