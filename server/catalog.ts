// The rulesets the server can evaluate: the store's versions compiled by the engine, cached per version so
// a request never recompiles. A compiled version is immutable. Two readings of a version:
//  - live (`bo/mped`, the published version): the programs it reads (`extends`, `eligible(…)`) at their
//    published versions, rebuilt when one of them is published anew;
//  - pinned (`bo/mped@3`, `@3f2a9c01`, `@sha256:…`): the exact versions it read when it was saved
//    (store.reads), so an old decision is reproduced whatever was published since.
import type { Diagnostic } from '../dsl/diagnostics';
import { matchPin } from '../loader/pins';
import { parsePin, parseRef, splitRef, type Pin } from '../loader/ref';
import type { EnginePort, LoadedRulesetLike, Resolve } from './engine-port';
import type { Metrics } from './metrics';
import { problems } from './problems';
import type { Store, VersionRecord } from './store';

export { readHeader } from '../loader/header';
interface Entry<L> {
  ruleset: L | undefined;
  diagnostics: Diagnostic[];
  /** Versions of the programs it resolved while compiling (id → sha256:…; undefined: not found). For a
   *  live entry they are the published versions it was built against; for a pinned one, its pins. */
  dependencies: Map<string, string | undefined>;
  /** Pinned entries never go stale: their dependencies are exact versions. */
  pinned: boolean;
  /** What `eligible(…)` resolves to when this entry is evaluated. */
  resolve: Resolve<L>;
}

/** What an evaluation needs: the ruleset and the resolver for the programs it reads. */
export interface ForEvaluation<L> {
  ruleset: L;
  resolve: Resolve<L>;
  /** Whether the request pinned a version (then its recorded dependencies are used). */
  pinned: boolean;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A pin that names no stored version, or several: the problem body says which versions exist. */
export type Lookup = { ok: true; record: VersionRecord } | { ok: false; reason: 'unknown-ruleset' | 'unknown' | 'ambiguous'; message: string; candidates: { version: string; number: number }[] };

export class Catalog<L extends LoadedRulesetLike = LoadedRulesetLike> {
  private readonly cache = new Map<string, Entry<L>>();
  private readonly compiling = new Set<string>();
  private publishedCache = new Map<string, string | undefined>();
  private publishedGeneration = '';

  constructor(
    readonly store: Store,
    readonly engine: EnginePort<L>,
    private readonly metrics?: Metrics,
    private readonly maxEntries = 512,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  /** The published version of a ruleset (memoised until the store changes). */
  currentVersion(id: string): string | undefined {
    if (this.publishedGeneration !== this.store.changeGeneration) {
      this.publishedCache = new Map();
      this.publishedGeneration = this.store.changeGeneration;
    }
    if (!this.publishedCache.has(id)) this.publishedCache.set(id, this.store.published(id)?.version);
    return this.publishedCache.get(id);
  }

  /** The stored version a pin names (full hash, short hash ≥ 8 hex, or number). */
  lookup(id: string, pin: Pin): Lookup {
    if (pin.kind === 'hash') {
      const record = this.store.version(id, pin.hash);
      if (record) return { ok: true, record };
    }
    const history = this.store.history(id);
    if (history.length === 0) return { ok: false, reason: 'unknown-ruleset', message: `there is no ruleset ${id}`, candidates: [] };
    const match = matchPin(id, history, pin);
    if (!match.ok) {
      return { ok: false, reason: match.reason, message: match.message, candidates: match.candidates.map((c) => ({ version: c.version, number: c.number })) };
    }
    const record = this.store.version(id, match.version.version)!;
    return { ok: true, record: record.number === match.version.number ? record : { ...record, ...match.version } };
  }

  /** Resolver handed to the engine: other programs at their published version (or as the text pins them). */
  readonly resolve = (ref: string): L | undefined => {
    const { id, version } = splitRef(ref);
    if (version !== undefined) return this.pinnedText(id, version)?.ruleset;
    const published = this.currentVersion(id);
    return published ? this.compiled(id, published)?.ruleset : undefined;
  };

  /** A reference the ruleset text itself pins (`eligible(pe/juntos@sha256:…)`): that version, with its pins. */
  private pinnedText(id: string, text: string): Entry<L> | undefined {
    const pin = parsePin(text);
    if ('error' in pin) return undefined;
    const found = this.lookup(id, pin);
    return found.ok ? this.pinnedEntry(found.record) : undefined;
  }

  /** Compile (or fetch from the cache) one stored version, live. undefined when the version does not exist. */
  compiled(id: string, version: string): Entry<L> | undefined {
    const key = `${id}@${version}`;
    const cached = this.cache.get(key);
    if (cached && this.dependenciesUnchanged(cached)) {
      this.cache.delete(key); // refresh its place in the LRU order
      this.cache.set(key, cached);
      return cached;
    }
    const record = this.store.version(id, version);
    if (!record) return undefined;
    return this.remembered(key, () => this.compileSource(record.ruleset, record.source));
  }

  /** A stored version read with the exact versions it recorded when it was saved. Versions saved before
   *  pins were recorded have none: their dependencies are then the published ones. */
  pinnedEntry(record: VersionRecord): Entry<L> {
    const key = `${record.ruleset}@${record.version}#${record.seq}`;
    const cached = this.cache.get(key);
    if (cached && this.dependenciesUnchanged(cached)) return cached;
    const pins = this.store.reads(record.seq);
    return this.remembered(key, () => {
      const dependencies = new Map<string, string | undefined>();
      const resolve = (ref: string): L | undefined => {
        const { id, version } = splitRef(ref);
        if (version !== undefined) return this.pinnedText(id, version)?.ruleset;
        const pinned = pins.get(id);
        if (pinned === undefined) {
          dependencies.set(id, this.currentVersion(id)); // no pin recorded: live, and rebuilt when it changes
          return this.resolve(id);
        }
        const dep = this.store.version(id, pinned);
        return dep ? this.pinnedEntry(dep).ruleset : undefined;
      };
      const { ruleset, diagnostics } = this.engine.loadRuleset(record.ruleset, record.source, { resolve });
      this.metrics?.compilations.inc();
      return { ruleset: hasErrors(diagnostics) ? undefined : ruleset, diagnostics, dependencies, pinned: true, resolve };
    });
  }

  private remembered(key: string, build: () => Entry<L>): Entry<L> {
    if (this.compiling.has(key)) {
      // A cycle between programs: the checker reports it; here we only stop the recursion.
      return { ruleset: undefined, diagnostics: [], dependencies: new Map(), pinned: false, resolve: this.resolve };
    }
    this.compiling.add(key);
    try {
      const entry = build();
      this.cache.set(key, entry);
      while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      return entry;
    } finally {
      this.compiling.delete(key);
    }
  }

  private dependenciesUnchanged(entry: Entry<L>): boolean {
    for (const [dep, version] of entry.dependencies) if (this.currentVersion(dep) !== version) return false;
    return true;
  }

  /** Compile a text that may not be stored (a save candidate, /check) against the published versions of
   *  what it reads. Does not touch the cache. Its `dependencies` are the pins a save records. */
  compileSource(id: string, source: string): Entry<L> {
    const dependencies = new Map<string, string | undefined>();
    const resolve = (ref: string): L | undefined => {
      const dep = splitRef(ref);
      if (!dep.version) dependencies.set(dep.id, this.currentVersion(dep.id));
      return this.resolve(ref);
    };
    const { ruleset, diagnostics } = this.engine.loadRuleset(id, source, { resolve });
    this.metrics?.compilations.inc();
    return { ruleset: hasErrors(diagnostics) ? undefined : ruleset, diagnostics, dependencies, pinned: false, resolve: this.resolve };
  }

  /** The exact versions a compiled text read, for a save to record. */
  static reads(entry: Entry<unknown>): Map<string, string> {
    const reads = new Map<string, string>();
    for (const [id, version] of entry.dependencies) if (version) reads.set(id, version);
    return reads;
  }

  /** Put a freshly saved version's compilation in the cache. */
  remember(id: string, version: string, entry: Entry<L>): void {
    this.cache.set(`${id}@${version}`, entry);
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
