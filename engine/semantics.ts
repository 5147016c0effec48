// Rules both evaluators share, so the compiler and the interpreter cannot drift apart on them:
// how a table row matches, how a household value is read. (Which parameter value is in force on a date
// is the IR's per-date step alone: engine/ir/resolve.ts.)
import type { NumberLiteral, TableDecl, TableRow } from '../dsl/ast';
import type { CheckedRuleset, Type } from '../dsl/check/types';
import { canon, canonFinite, parseIsoDate } from './values';

export function literalNumber(n: NumberLiteral): number {
  return canonFinite(Number(n.text));
}

export function literalDate(text: string): number {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`not a date: ${text}`);
  return d;
}

// ---------------------------------------------------------------- tables

export type RowMatcher =
  | { kind: 'point'; value: number; result: number }
  | { kind: 'range'; low: number; high: number; highExclusive: boolean; result: number }
  | { kind: 'enum'; name: string; result: number };

export interface TableShape {
  rows: RowMatcher[];
  otherwise: number | undefined;
}

const shapeCache = new WeakMap<TableDecl, TableShape>();

export function tableShape(decl: TableDecl): TableShape {
  let shape = shapeCache.get(decl);
  if (!shape) shapeCache.set(decl, (shape = computeShape(decl)));
  return shape;
}

function computeShape(decl: TableDecl): TableShape {
  const rows: RowMatcher[] = [];
  let otherwise: number | undefined;
  for (const row of decl.rows) {
    const m = rowMatcher(row);
    if (m === 'otherwise') otherwise ??= literalNumber(row.value);
    else rows.push(m);
  }
  return { rows, otherwise };
}

function rowMatcher(row: TableRow): RowMatcher | 'otherwise' {
  const result = literalNumber(row.value);
  const k = row.key;
  switch (k.kind) {
    case 'Otherwise':
      return 'otherwise';
    case 'NumberLiteral':
      return { kind: 'point', value: literalNumber(k), result };
    case 'EnumKey':
      return { kind: 'enum', name: k.name, result };
    case 'RangeExpr':
      return {
        kind: 'range',
        low: k.low ? literalNumber(k.low) : -Infinity,
        high: k.high ? literalNumber(k.high) : Infinity,
        highExclusive: k.highExclusive,
        result,
      };
  }
}

export function isAssumptionTable(decl: TableDecl): boolean {
  return decl.provenance.some((p) => p.type === 'assumption');
}

// ---------------------------------------------------------------- household values

/** A stored household value as the language sees it, or undefined when absent or of the wrong shape.
 *  Numbers are canonicalised on read; dates become day numbers. */
export function readValue(raw: unknown, type: Type | undefined): unknown {
  if (raw === undefined || raw === null) return undefined;
  switch (type?.kind) {
    case 'number':
      return typeof raw === 'number' ? canon(raw) : undefined;
    case 'bool':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'text':
    case 'enum':
      return typeof raw === 'string' ? raw : undefined;
    case 'date':
      return typeof raw === 'string' ? parseIsoDate(raw) : undefined;
    default:
      return raw; // records (nested objects) and anything the checker typed loosely
  }
}

/** Follow `path` from `owner`; undefined as soon as a step is absent. */
export function readPath(owner: unknown, path: readonly string[]): unknown {
  let o = owner;
  for (const key of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[key];
  }
  return o;
}

/** `head` / `spouse`: the first member with that relationship. A member before it whose relationship is
 *  absent might be the one, so the answer is then unknown and names those members' relationship fields;
 *  with no such member at all it is unknown as "/members" (no fact in the record would decide it). */
export function findRelation(members: readonly Record<string, unknown>[], relationship: string): number | { missing: string[] } {
  const missing: string[] = [];
  for (let i = 0; i < members.length; i++) {
    const r = members[i].relationship;
    if (typeof r !== 'string') missing.push(`/members/${i}/relationship`);
    else if (r === relationship) return missing.length > 0 ? { missing } : i;
  }
  return { missing: missing.length > 0 ? missing : ['/members'] };
}

// ---------------------------------------------------------------- program, assumptions

const windows = new WeakMap<CheckedRuleset, [number, number]>();

export function programInForce(checked: CheckedRuleset, day: number): boolean {
  let w = windows.get(checked);
  if (!w) {
    const f = checked.header.inForce;
    w = f ? [literalDate(f.from.text), f.until ? literalDate(f.until.text) : Infinity] : [-Infinity, Infinity];
    windows.set(checked, w);
  }
  return w[0] <= day && day <= w[1];
}

/** The household's entry for a program on `day`: the latest one with `since` ≤ day and no `until`
 *  before it. `undefined` when the household has no `programs` record (unknown), `null` when it has one
 *  without such an entry (the household does not take part). */
export function programParticipation(
  h: Record<string, unknown>,
  programId: string,
  day: number,
): { index: number; since: number; recertified: unknown } | null | undefined {
  if (!Array.isArray(h.programs)) return undefined;
  let found: { index: number; since: number; recertified: unknown } | null = null;
  h.programs.forEach((p: unknown, index: number) => {
    if (!p || typeof p !== 'object') return;
    const entry = p as Record<string, unknown>;
    const since = typeof entry.since === 'string' ? parseIsoDate(entry.since) : undefined;
    const until = typeof entry.until === 'string' ? parseIsoDate(entry.until) : undefined;
    if (entry.program !== programId || since === undefined || since > day || (until !== undefined && until < day)) return;
    if (!found || since >= found.since) found = { index, since, recertified: entry.recertified };
  });
  return found;
}
