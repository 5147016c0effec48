// The rulesets the server can evaluate: the store's versions through the shared loader (loader/loader.ts,
// which caches compilations by content hash and dependency versions, so a request never recompiles), with
// the server's answers (problems) when a reference names nothing servable. Two readings of a version:
//  - live (`bo/mped`, the published version): the programs it reads (`extends`, `eligible(…)`) at their
//    published versions, rebuilt when one of them is published anew;
//  - pinned (`bo/mped@3`, `@3f2a9c01`, `@sha256:…`): the exact versions it read when it was saved
//    (store.reads), so an old decision is reproduced whatever was published since.
import { RulesetLoader, type LoadedEntry, type RulesetSources } from '../loader/loader';
import type { VersionEntry } from '../loader/pins';
import { parseRef, splitRef, type Pin } from '../loader/ref';
import type { EnginePort, LoadedRulesetLike, Resolve } from './engine-port';
import type { Metrics } from './metrics';
import { problems } from './problems';
import type { Store, VersionRecord } from './store';

export { readHeader } from '../loader/header';
export { hasErrors } from '../loader/loader';

/** A compiled stored version (or save candidate): the loader's entry. */
export type Entry<L> = LoadedEntry<L>;

/** What an evaluation needs: the ruleset and the resolver for the programs it reads. */
export interface ForEvaluation<L> {
  ruleset: L;
  resolve: Resolve<L>;
  /** Whether the request pinned a version (then its recorded dependencies are used). */
  pinned: boolean;
}

/** A pin that names no stored version, or several: the problem body says which versions exist. */
export type Lookup = { ok: true; record: VersionRecord } | { ok: false; reason: 'unknown-ruleset' | 'unknown' | 'ambiguous'; message: string; candidates: VersionEntry[] };

/** The database as the loader's sources: current = the published version; pins = what a save recorded. */
export class StoreSources implements RulesetSources<VersionRecord> {
  constructor(private readonly store: Store) {}
  current(id: string): VersionRecord | undefined {
    return this.store.published(id);
  }
  version(id: string, hash: string): VersionRecord | undefined {
    return this.store.version(id, hash);
  }
  versions(id: string): readonly VersionEntry[] {
    return this.store.history(id);
  }
  pins(v: VersionRecord): ReadonlyMap<string, string> {
    return this.store.reads(v.seq);
  }
  generation(): string {
    return this.store.changeGeneration;
  }
}

export class Catalog<L extends LoadedRulesetLike = LoadedRulesetLike> {
  readonly loader: RulesetLoader<L, VersionRecord>;

  constructor(
    readonly store: Store,
    readonly engine: EnginePort<L>,
    metrics?: Metrics,
    maxEntries = 512,
  ) {
    this.loader = new RulesetLoader<L, VersionRecord>(new StoreSources(store),
      (id, source, resolvers) => engine.loadRuleset(id, source, resolvers),
      { maxEntries, onCompile: () => metrics?.compilations.inc() });
  }

  get size(): number {
    return this.loader.size;
  }

  /** The published version of a ruleset (memoised until the store changes). */
  currentVersion(id: string): string | undefined {
    return this.loader.currentVersion(id);
  }

  /** The stored version a pin names (full hash, short hash ≥ 8 hex, or number). */
  lookup(id: string, pin: Pin): Lookup {
    return this.loader.lookup(id, pin);
  }

  /** Resolver handed to the engine: other programs at their published version (or as the text pins them). */
  get resolve(): Resolve<L> {
    return this.loader.resolve;
  }

  /** One stored version compiled live (or from the cache); undefined when the version does not exist. */
  compiled(id: string, version: string): Entry<L> | undefined {
    const record = this.store.version(id, version);
    return record && this.loader.live(record);
  }

  /** A stored version read with the exact versions it recorded when it was saved. Versions saved before
   *  pins were recorded have none: their dependencies are then the published ones. */
  pinnedEntry(record: VersionRecord): Entry<L> {
    return this.loader.pinned(record);
  }

  /** Compile a text that may not be stored (a save candidate, /check) against the published versions of
   *  what it reads. Does not touch the cache. Its `dependencies` are the pins a save records. */
  compileSource(id: string, source: string): Entry<L> {
    return this.loader.candidate(id, source);
  }

  /** The exact versions a compiled text read, for a save to record. */
  static reads(entry: Entry<unknown>): Map<string, string> {
    return RulesetLoader.reads(entry);
  }

  /** Put a freshly saved version's compilation in the cache. */
  remember(record: VersionRecord, entry: Entry<L>): void {
    this.loader.remember(record, entry);
  }

  /** `id@sha256:…` read live (the published versions of what it reads), as the main thread chose it. */
  live(ref: string): ForEvaluation<L> {
    const { id, version } = splitRef(ref);
    const entry = version ? this.compiled(id, version) : undefined;
    if (!entry) throw problems.unknownVersion(id, version ?? '');
    if (!entry.ruleset) throw problems.rulesetHasErrors(id, version!, entry.diagnostics);
    return { ruleset: entry.ruleset, resolve: entry.resolve, pinned: false };
  }

  /** The ruleset to evaluate for `ref` (`bo/mped`, `bo/mped@3`, `@3f2a9c01`, `@sha256:…`); throws a Problem otherwise. */
  forEvaluation(ref: string): ForEvaluation<L> {
    const parsed = parseRef(ref);
    if (!parsed.ok) {
      const { id } = splitRef(ref);
      throw parsed.error.startsWith(`\`${id}\``) ? problems.unknownRuleset(id) : problems.unknownVersion(id, splitRef(ref).version ?? '', parsed.error);
    }
    const { id, pin } = parsed.ref;
    if (!pin) {
      const version = this.currentVersion(id);
      if (!version) {
        if (this.store.current(id)) throw problems.nothingPublished(id);
        throw problems.unknownRuleset(id);
      }
      const entry = this.compiled(id, version)!;
      if (!entry.ruleset) throw problems.rulesetHasErrors(id, version, entry.diagnostics);
      return { ruleset: entry.ruleset, resolve: entry.resolve, pinned: false };
    }
    const found = this.lookup(id, pin);
    if (!found.ok) {
      if (found.reason === 'unknown-ruleset') throw problems.unknownRuleset(id);
      throw problems.unknownVersion(id, splitRef(ref).version ?? '', found.message, found.candidates, found.reason === 'ambiguous');
    }
    const entry = this.pinnedEntry(found.record);
    if (!entry.ruleset) throw problems.rulesetHasErrors(id, found.record.version, entry.diagnostics);
    return { ruleset: entry.ruleset, resolve: entry.resolve, pinned: true };
  }
}
