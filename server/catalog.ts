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

/** The database as the loader's sources: current = the published version; pins = what a save recorded.
 *  A stored version and the pins it recorded never change (the schema's triggers refuse updates and
 *  deletes), so both are kept in memory once read: evaluating a ruleset already compiled asks the
 *  database nothing. Only "what is published" is read again, when the store's generation changes. */
export class StoreSources implements RulesetSources<VersionRecord> {
  private readonly versionMemo = new Map<string, VersionRecord>();
  private readonly pinsMemo = new Map<number, ReadonlyMap<string, string>>();
  private readonly historyMemo = new Map<string, readonly VersionEntry[]>();
  private historyGeneration: string | undefined;
  constructor(private readonly store: Store, private readonly maxMemo = 1024) {}
  current(id: string): VersionRecord | undefined {
    return this.store.published(id);
  }
  version(id: string, hash: string): VersionRecord | undefined {
    const key = `${id}@${hash}`;
    const known = this.versionMemo.get(key);
    if (known) return known;
    const record = this.store.version(id, hash);
    // A version not (yet) stored is not remembered: it may be saved in a moment.
    if (record) remember(this.versionMemo, key, record, this.maxMemo);
    return record;
  }
  versions(id: string): readonly VersionEntry[] {
    // The list of versions grows with each save: kept until the store's generation changes.
    const generation = this.store.changeGeneration;
    if (generation !== this.historyGeneration) {
      this.historyMemo.clear();
      this.historyGeneration = generation;
    }
    let history = this.historyMemo.get(id);
    if (!history) {
      history = this.store.history(id);
      remember(this.historyMemo, id, history, this.maxMemo);
    }
    return history;
  }
  pins(v: VersionRecord): ReadonlyMap<string, string> {
    const known = this.pinsMemo.get(v.seq);
    if (known) return known;
    const pins = this.store.reads(v.seq);
    remember(this.pinsMemo, v.seq, pins, this.maxMemo);
    return pins;
  }
  generation(): string {
    return this.store.changeGeneration;
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

export class Catalog<L extends LoadedRulesetLike = LoadedRulesetLike> {
  readonly loader: RulesetLoader<L, VersionRecord>;
  private readonly sources: StoreSources;

  constructor(
    readonly store: Store,
    readonly engine: EnginePort<L>,
    metrics?: Metrics,
    maxEntries = 512,
  ) {
    this.sources = new StoreSources(store);
    this.loader = new RulesetLoader<L, VersionRecord>(this.sources,
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
    const record = this.sources.version(id, version);
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
      // The published version, memoised until the store changes: no query once it is compiled.
      const record = this.loader.current(id);
      if (!record) {
        if (this.store.current(id)) throw problems.nothingPublished(id);
        throw problems.unknownRuleset(id);
      }
      const entry = this.loader.live(record);
      if (!entry.ruleset) throw problems.rulesetHasErrors(id, record.version, entry.diagnostics);
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
