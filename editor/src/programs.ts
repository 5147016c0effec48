// Other programs a ruleset reads (`extends`, `eligible(pe/juntos)`), fetched from the server on first use
// and cached, so the checker and the engine can resolve them in the browser.
import type { RulesetFile } from '../../dsl/ast';
import { parse } from '../../dsl';
import { loadRuleset, type LoadedRuleset } from '../../engine';
import { getRuleset, getVersion } from './api';
import { programReferences } from '../../loader/dependencies';
import { splitRef } from '../../loader/ref';

const sources = new Map<string, string | null>(); // null: asked for and not found
const asts = new Map<string, RulesetFile>();
const loaded = new Map<string, LoadedRuleset | null>();
const inFlight = new Map<string, Promise<void>>();
let changed: (() => void) | undefined;

/** Called when a program that was asked for arrives, so analysis can run again. */
export function onProgramsChanged(listener: () => void): void {
  changed = listener;
}

function fetchSource(ref: string): Promise<void> {
  const pending = inFlight.get(ref);
  if (pending) return pending;
  const { id, version } = splitRef(ref);
  const request = version ? getVersion(id, version).then((v) => v.source) : getRuleset(id).then((r) => r.source);
  const done = request
    .then((source) => void sources.set(ref, source))
    .catch(() => void sources.set(ref, null))
    .finally(() => {
      inFlight.delete(ref);
      changed?.();
    });
  inFlight.set(ref, done);
  return done;
}

/** Fetch the programs a text reads (`extends`, `eligible(…)`, `agrees with`), and theirs, if not here yet. */
export async function ensurePrograms(text: string, seen = new Set<string>()): Promise<void> {
  // The parser's references (not a pattern over the text, which would also match comments and strings).
  const refs = new Set(programReferences(parse(text).ast).filter((ref) => !seen.has(ref)));
  for (const ref of refs) seen.add(ref);
  await Promise.all([...refs].map((ref) => (sources.has(ref) ? undefined : fetchSource(ref))));
  await Promise.all([...refs].map((ref) => sources.get(ref)).filter((t): t is string => typeof t === 'string').map((t) => ensurePrograms(t, seen)));
}

function source(ref: string): string | undefined {
  const known = sources.get(ref);
  if (known === undefined) {
    void fetchSource(ref);
    return undefined;
  }
  return known ?? undefined;
}

export function resolveAst(ref: string): RulesetFile | undefined {
  const cached = asts.get(ref);
  if (cached) return cached;
  const text = source(ref);
  if (text === undefined) return undefined;
  const { ast } = parse(text);
  asts.set(ref, ast);
  return ast;
}

export function resolveLoaded(ref: string): LoadedRuleset | undefined {
  const cached = loaded.get(ref);
  if (cached !== undefined) return cached ?? undefined;
  const text = source(ref);
  if (text === undefined) return undefined;
  const { id } = splitRef(ref);
  const { ruleset } = loadRuleset(id, text, { resolve: resolveLoaded });
  loaded.set(ref, ruleset ?? null);
  return ruleset;
}

/** Forget a program (after it was saved), so readers see its new text. */
export function forget(id: string): void {
  for (const map of [sources, asts, loaded] as Map<string, unknown>[]) for (const key of [...map.keys()]) if (splitRef(key).id === id) map.delete(key);
}
