// Three-way merge of ruleset texts (node-diff3, line by line): base → theirs and base → mine. Changes that
// do not overlap are combined; overlapping ones become conflict regions written with git's markers, so the
// merged text cannot be saved until someone resolves them (the markers do not parse) and nothing of either
// side is dropped unseen.
import { diff3Merge } from 'node-diff3';

export interface ConflictRegion {
  /** 1-based line in `merged` where the region's `<<<<<<<` marker is. */
  line: number;
  mine: string[];
  base: string[];
  theirs: string[];
}

export interface MergeOutcome {
  clean: boolean;
  merged: string;
  conflicts: ConflictRegion[];
}

export const MARKERS = { mine: '<<<<<<< mine', base: '||||||| base', split: '=======', theirs: '>>>>>>> theirs' } as const;

export function threeWayMerge(base: string, theirs: string, mine: string): MergeOutcome {
  const lines = (text: string) => text.split('\n');
  const regions = diff3Merge(lines(mine), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const conflicts: ConflictRegion[] = [];
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const c = region.conflict!;
    conflicts.push({ line: out.length + 1, mine: c.a, base: c.o, theirs: c.b });
    out.push(MARKERS.mine, ...c.a, MARKERS.base, ...c.o, MARKERS.split, ...c.b, MARKERS.theirs);
  }
  return { clean: conflicts.length === 0, merged: out.join('\n'), conflicts };
}

/** The 1-based line of the first merge marker left in a text (an unresolved conflict), or undefined.
 *  Compared line by line with the markers threeWayMerge writes (and git's, which carry a label). */
export function conflictMarkerLine(text: string): number | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === MARKERS.split || line.startsWith('<<<<<<< ') || line.startsWith('>>>>>>> ') || line.startsWith('||||||| ')) return i + 1;
  }
  return undefined;
}
