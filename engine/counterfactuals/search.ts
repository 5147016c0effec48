// The one-dimensional search along a numeric fact, on a grid of `resolution` steps from its current value,
// in exact micro-units (engine/values.ts). Probes go out in doubling steps and at every threshold the IR
// compares the fact with (±1 step), nearest first; at the first probe where the predicate holds, a binary
// search between it and the last probe where it did not finds the boundary to one step. So the answer is
// exact to the resolution whenever the decision changes at most once between two consecutive probes —
// true for every threshold the rules state, since each one is probed.
import { fromMicros, toMicros } from '../values';
import type { Probe } from './probe';
import type { Edit } from './household-edit';

export interface Axis {
  fact: string;
  /** Current value (the start of the grid). */
  start: number;
  resolution: number;
  min: number;
  max: number;
  /** Values near which the decision may change (thresholds, estimated crossings). */
  hints: readonly number[];
}

export interface Boundary {
  /** The last grid value at which `flipped` is false. */
  limit: number;
  /** One step further: the first at which it is true (verified by the search itself). */
  flipsAt: number;
}

/** Walks from `axis.start` in `direction` until `flipped(result)` holds; undefined within the range. */
export function searchAxis(
  probe: Probe, axis: Axis, direction: 1 | -1, flipped: (v: boolean | null) => boolean, base: readonly Edit[] = [],
): Boundary | undefined {
  const x0 = toMicros(axis.start);
  const r = toMicros(axis.resolution);
  const room = direction > 0 ? toMicros(axis.max) - x0 : x0 - toMicros(axis.min);
  const kMax = Math.floor(room / r);
  if (kMax < 1) return undefined;
  const ks = new Set<number>([kMax]);
  for (let k = 1; k < kMax; k *= 2) ks.add(k);
  for (const h of axis.hints) {
    const k = ((toMicros(h) - x0) / r) * direction;
    for (const kk of [Math.floor(k) - 1, Math.floor(k), Math.ceil(k), Math.ceil(k) + 1]) if (kk >= 1 && kk <= kMax) ks.add(kk);
  }
  const valueAt = (k: number) => fromMicros(x0 + direction * k * r)!;
  const at = (k: number) => flipped(probe.eligible([...base, { fact: axis.fact, to: valueAt(k) }]));
  let prev = 0;
  for (const k of [...ks].sort((a, b) => a - b)) {
    if (!at(k)) {
      prev = k;
      continue;
    }
    let lo = prev;
    let hi = k;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (at(mid)) hi = mid;
      else lo = mid;
    }
    return { limit: valueAt(hi - 1), flipsAt: valueAt(hi) };
  }
  return undefined;
}
