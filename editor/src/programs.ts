// Other programs a ruleset reads (`extends`, `eligible(pe/juntos)`), fetched from the server on first use
// and held by the shared loader (loader/loader.ts): the checker, Try-it, Checks and Impact resolve them
// through it, and the edited text compiles through it (`compileText`).
import type { Diagnostic } from '../../dsl/diagnostics';
import { parse } from '../../dsl';
import { loadRuleset, type LoadedRuleset } from '../../engine';
import { getRuleset, getVersion } from './api';
import { programReferences } from '../../loader/dependencies';
import { RulesetLoader, type RulesetSources, type StoredText } from '../../loader/loader';
import type { VersionEntry } from '../../loader/pins';
import { pinText, splitRef, type Pin } from '../../loader/ref';
import { storedText } from '../../loader/text-sources';

let changed: (() => void) | undefined;

/** Texts fetched from the server, by the reference that asked for them (`pe/juntos`: the current saved
 *  version; `pe/juntos@3`: that version, which the server finds by pin). A text not fetched yet is
 *  absent and its fetch starts; when it arrives the generation moves and analysis runs again. */
class FetchedSources implements RulesetSources<StoredText> {
  private readonly texts = new Map<string, StoredText | null>(); // null: asked for and not found
  private readonly inFlight = new Map<string, Promise<void>>();
  private changes = 0;

  current(id: string): StoredText | undefined {
    return this.known(id);
  }
  version(id: string, hash: string): StoredText | undefined {
    const current = this.known(id);
    return current?.version === hash ? current : this.known(`${id}@${hash}`);
  }
  versions(id: string): readonly VersionEntry[] {
    const current = this.known(id);
    return current ? [current] : [];
  }
  byPin(id: string, pin: Pin): StoredText | undefined {
    return this.known(`${id}@${pinText(pin)}`);
  }
  pins(): ReadonlyMap<string, string> {
    return new Map();
  }
  generation(): string {
    return String(this.changes);
  }

  has(ref: string): boolean {
    return this.texts.has(ref);
  }
  text(ref: string): string | undefined {
    return this.texts.get(ref)?.source;
  }

  private known(ref: string): StoredText | undefined {
    if (!this.texts.has(ref)) {
      void this.fetch(ref);
      return undefined;
    }
    return this.texts.get(ref) ?? undefined;
  }

  fetch(ref: string): Promise<void> {
    const pending = this.inFlight.get(ref);
    if (pending) return pending;
    const { id, version } = splitRef(ref);
    const request = version ? getVersion(id, version).then((v) => v.source) : getRuleset(id).then((r) => r.source);
    const done = request
      .then((source) => void this.texts.set(ref, storedText(id, source)))
      .catch(() => void this.texts.set(ref, null))
      .finally(() => {
        this.inFlight.delete(ref);
        this.changes++;
        changed?.();
      });
    this.inFlight.set(ref, done);
    return done;
  }

  forget(id: string): void {
    for (const key of [...this.texts.keys()]) if (splitRef(key).id === id) this.texts.delete(key);
    this.changes++;
  }
}

const sources = new FetchedSources();
const loader = new RulesetLoader<LoadedRuleset>(sources, (id, source, resolvers) => loadRuleset(id, source, resolvers));

/** Called when a program that was asked for arrives, so analysis can run again. */
export function onProgramsChanged(listener: () => void): void {
  changed = listener;
}

/** Fetch the programs a text reads (`extends`, `eligible(…)`, `agrees with`), and theirs, if not here yet. */
export async function ensurePrograms(text: string, seen = new Set<string>()): Promise<void> {
  // The parser's references (not a pattern over the text, which would also match comments and strings).
  const refs = new Set(programReferences(parse(text).ast).filter((ref) => !seen.has(ref)));
  for (const ref of refs) seen.add(ref);
  await Promise.all([...refs].map((ref) => (sources.has(ref) ? undefined : sources.fetch(ref))));
  await Promise.all([...refs].map((ref) => sources.text(ref)).filter((t): t is string => typeof t === 'string').map((t) => ensurePrograms(t, seen)));
}

/** For the checker: another program's syntax tree. */
export const resolveAst = loader.resolveAst;

/** For evaluation: another program, compiled. */
export const resolveLoaded = loader.resolve;

/** A text being edited (or a baseline), compiled against the programs it reads. */
export function compileText(id: string, source: string): { ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] } {
  return loader.candidate(id, source);
}

/** Forget a program (after it was saved), so readers see its new text. */
export function forget(id: string): void {
  sources.forget(id);
}
