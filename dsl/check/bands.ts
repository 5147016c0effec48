// Band analysis of numeric tables: which key values no row covers (gaps, values below or above every
// band) and which several rows cover (overlaps), each with a witness value. Values are checked on the
// table's grid (multiples of its granularity, default 1): every bound is scaled to a whole number of
// grid steps with exact decimals, so "between 16 and 17 at 0.01" means exactly 16.01 … 16.99.
import { ceilDiv, floorDiv, formatDecimal, parseDecimal } from './decimal';

/** One row's key as written: a single number is `low = high`; an open end is undefined. */
export interface BandRow {
  low: string | undefined;
  high: string | undefined;
  highExclusive?: boolean;
}

export interface BandGap {
  /** Rows (indices into the input) on each side of the gap. */
  before: number;
  after: number;
  from: string; // first uncovered grid value
  to: string; // last uncovered grid value
  witness: string; // a value in the middle of the gap
}
export interface BandOverlap {
  rows: [number, number]; // in input order
  from: string;
  to: string;
  witness: string; // the smallest value both cover
}
export interface BandUncovered {
  side: 'below' | 'above';
  /** The nearest uncovered value: just below the lowest row, or just above the highest. */
  witness: string;
  bound: string; // the lowest lower bound / highest upper bound
  row: number;
}
export interface BandAnalysis {
  gaps: BandGap[];
  overlaps: BandOverlap[];
  uncovered: BandUncovered[];
  /** Rows that contain no value of the grid (e.g. `0.005` at granularity 0.01, or `5..<5`). */
  empty: number[];
}

interface Interval { row: number; lo: bigint | null; hi: bigint | null } // null = unbounded

/**
 * Analyses the rows of a numeric table at `granularity` (a decimal string, default "1"). The domain is
 * the values from 0 (or the lowest bound, when a row goes below 0) upwards.
 * Throws only on malformed input (unparseable numbers or a granularity ≤ 0), which the checker reports
 * before calling.
 */
export function analyseBands(rows: readonly BandRow[], granularity = '1'): BandAnalysis {
  const g = parseDecimal(granularity);
  if (g === undefined || g <= 0n) throw new Error(`bad granularity ${granularity}`);
  const num = (t: string) => {
    const v = parseDecimal(t);
    if (v === undefined) throw new Error(`bad number ${t}`);
    return v;
  };
  const out: BandAnalysis = { gaps: [], overlaps: [], uncovered: [], empty: [] };
  const intervals: Interval[] = [];
  rows.forEach((r, row) => {
    const lo = r.low === undefined ? null : ceilDiv(num(r.low), g);
    let hi: bigint | null = null;
    if (r.high !== undefined) {
      const h = num(r.high);
      hi = r.highExclusive ? ceilDiv(h, g) - 1n : floorDiv(h, g);
    }
    if (lo !== null && hi !== null && lo > hi) out.empty.push(row);
    else intervals.push({ row, lo, hi });
  });
  if (intervals.length === 0) return out;
  const show = (k: bigint) => formatDecimal(k * g);

  // Sweep from low to high, tracking the row that reaches furthest: a row starting beyond it leaves a
  // gap; a row starting at or before it overlaps it.
  const sorted = [...intervals].sort((a, b) => cmpLo(a.lo, b.lo) || a.row - b.row);
  let reach = sorted[0];
  for (const cur of sorted.slice(1)) {
    if (reach.hi === null) {
      out.overlaps.push(overlap(reach, cur, show));
      continue;
    }
    if (cur.lo !== null && cur.lo > reach.hi + 1n) {
      const from = reach.hi + 1n;
      const to = cur.lo - 1n;
      out.gaps.push({ before: reach.row, after: cur.row, from: show(from), to: show(to), witness: show(from + (to - from) / 2n) });
    } else if (cur.lo === null || cur.lo <= reach.hi) {
      out.overlaps.push(overlap(reach, cur, show));
    }
    if (cur.hi === null || cur.hi > reach.hi) reach = cur;
  }

  const lowest = sorted[0];
  if (lowest.lo !== null && lowest.lo > 0n) {
    out.uncovered.push({ side: 'below', witness: show(lowest.lo - 1n), bound: show(lowest.lo), row: lowest.row });
  }
  if (reach.hi !== null) {
    out.uncovered.push({ side: 'above', witness: show(reach.hi + 1n), bound: show(reach.hi), row: reach.row });
  }
  return out;
}

function cmpLo(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function overlap(a: Interval, b: Interval, show: (k: bigint) => string): BandOverlap {
  // b starts at or after a's start (sorted), and a reaches at least b's start.
  const from = b.lo ?? a.lo; // both open below: the overlap has no lowest value; use a's/b's top
  const to = a.hi === null ? b.hi : b.hi === null ? a.hi : a.hi < b.hi ? a.hi : b.hi;
  const witness = from ?? to ?? 0n;
  const rows: [number, number] = a.row < b.row ? [a.row, b.row] : [b.row, a.row];
  return {
    rows,
    from: from === null ? '-∞' : show(from),
    to: to === null ? '∞' : show(to),
    witness: show(witness),
  };
}
