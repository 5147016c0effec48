// Reading and changing one fact of a household by JSON pointer, on a copy: the caller's household is never
// touched. Pointers are the engine's (`/members/2/enrollment/attendance_rate`, RFC 6901 escapes).
import type { Household } from '../decision';

function segments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function readFact(h: Household, pointer: string): unknown {
  let at: unknown = h;
  for (const s of segments(pointer)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[s];
  }
  return at;
}

export interface Edit {
  fact: string;
  /** The new value; `undefined` removes the fact. */
  to: unknown;
}

/** A copy of `h` with the edits applied (missing records on the way are created). */
export function withFacts(h: Household, edits: readonly Edit[]): Household {
  const copy = structuredClone(h);
  for (const e of edits) {
    const path = segments(e.fact);
    let at = copy as Record<string, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const next = at[path[i]];
      if (next === null || typeof next !== 'object') at[path[i]] = {};
      at = at[path[i]] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    if (e.to === undefined) delete at[last];
    else at[last] = e.to;
  }
  return copy;
}
