// How a parse is written down at build time (scripts/build.ts) and read back by the CLI bundle
// (dsl/stored-parses.ts, replaced there). JSON has no `undefined`, which the syntax tree uses for absent
// parts (`until: undefined`): it is written as a stand-in string and put back on reading, so the tree
// read has the same keys in the same order. Positions shared by a node and its first or last child are
// read back as equal copies (nothing changes a position).
import type { ParseResult } from './parse-result';

const UNDEFINED = '\u0000undefined\u0000';

export function writeParse(result: ParseResult): string {
  return JSON.stringify(result, (_key, value: unknown) => {
    if (value === UNDEFINED) throw new Error('a text equal to the stand-in for undefined');
    return value === undefined ? UNDEFINED : value;
  });
}

export function readParse(json: string): ParseResult {
  return revive(JSON.parse(json)) as ParseResult;
}

function revive(value: unknown): unknown {
  if (value === UNDEFINED) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k in o) o[k] = revive(o[k]);
  }
  return value;
}
