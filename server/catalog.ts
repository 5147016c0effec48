// The rulesets the server can evaluate: the store's versions compiled by the engine, cached per version so
// a request never recompiles. A compiled version is immutable; an entry is only rebuilt when a program it
// reads (`extends`, `eligible(…)`) got a new current version since it was compiled.
import type { Diagnostic } from '../dsl/diagnostics';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import type { Metrics } from './metrics';
import { problems } from './problems';
import type { Store, VersionRecord } from './store';

interface Entry<L> {
  ruleset: L | undefined;
  diagnostics: Diagnostic[];
  /** Current versions of the programs it resolved while compiling. */
  dependencies: Map<string, string | undefined>;
}

export interface ParsedRef { id: string; version: string | undefined }

export function parseRef(ref: string): ParsedRef {
  const at = ref.indexOf('@');
  return at < 0 ? { id: ref, version: undefined } : { id: ref.slice(0, at), version: ref.slice(at + 1) };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `program bo/mped "My First Decent Job"` → its id and title, without compiling (for files with errors). */
export function readHeader(source: string): { id: string | undefined; title: string | null } {
  const m = /^\s*program\s+([a-z]{2}\/[a-z0-9-]+)(?:@\S+)?(?:\s+"((?:[^"\\]|\\.)*)")?/m.exec(source.replace(/^(\s*#.*\n)+/, ''));
  return { id: m?.[1], title: m?.[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : null };
}

export class Catalog<L extends LoadedRulesetLike = LoadedRulesetLike> {
  private readonly cache = new Map<string, Entry<L>>();
  private readonly compiling = new Set<string>();
  private currentCache = new Map<string, string | undefined>();
  private currentGeneration = '';

  constructor(
    readonly store: Store,
    readonly engine: EnginePort<L>,
    private readonly metrics?: Metrics,
    private readonly maxEntries = 512,
  ) {}

  get size(): number {
    return this.cache.size;
  }

  /** The current version id of a ruleset (memoised until the store changes). */
  currentVersion(id: string): string | undefined {
    if (this.currentGeneration !== this.store.changeGeneration) {
      this.currentCache = new Map();
      this.currentGeneration = this.store.changeGeneration;
    }
    if (!this.currentCache.has(id)) this.currentCache.set(id, this.store.current(id)?.version);
    return this.currentCache.get(id);
  }

  /** Resolver handed to the engine: other programs at their current version. */
  readonly resolve = (ref: string): L | undefined => {
    const { id, version: pinned } = parseRef(ref);
    const version = pinned ?? this.currentVersion(id);
    if (!version) return undefined;
    return this.compiled(id, version)?.ruleset;
  };

  /** Compile (or fetch from the cache) one stored version. undefined when the version does not exist. */
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
    return this.compileRecord(record);
  }

  private dependenciesUnchanged(entry: Entry<L>): boolean {
    for (const [dep, version] of entry.dependencies) if (this.currentVersion(dep) !== version) return false;
    return true;
  }

  private compileRecord(record: VersionRecord): Entry<L> {
    const key = `${record.ruleset}@${record.version}`;
    if (this.compiling.has(key)) {
      // A cycle between programs: the checker reports it; here we only stop the recursion.
      return { ruleset: undefined, diagnostics: [], dependencies: new Map() };
    }
    this.compiling.add(key);
    try {
      const entry = this.compileSource(record.ruleset, record.source);
      this.cache.set(key, entry);
      while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      return entry;
    } finally {
      this.compiling.delete(key);
    }
  }

  /** Compile a text that may not be stored (a save candidate, /check). Does not touch the cache. */
  compileSource(id: string, source: string): Entry<L> {
    const dependencies = new Map<string, string | undefined>();
    const resolve = (ref: string): L | undefined => {
      const dep = parseRef(ref);
      if (!dep.version) dependencies.set(dep.id, this.currentVersion(dep.id));
      return this.resolve(ref);
    };
    const { ruleset, diagnostics } = this.engine.loadRuleset(id, source, { resolve });
    this.metrics?.compilations.inc();
    return { ruleset: hasErrors(diagnostics) ? undefined : ruleset, diagnostics, dependencies };
  }

  /** Put a freshly saved version's compilation in the cache. */
  remember(id: string, version: string, entry: Entry<L>): void {
    this.cache.set(`${id}@${version}`, entry);
  }

  /** The ruleset to evaluate for `ref` (`bo/mped` or `bo/mped@sha256:…`); throws a Problem otherwise. */
  forEvaluation(ref: string): L {
    const { id, version: pinned } = parseRef(ref);
    const version = pinned ?? this.currentVersion(id);
    if (!version) throw problems.unknownRuleset(id);
    const entry = this.compiled(id, version);
    if (!entry) {
      if (!this.currentVersion(id)) throw problems.unknownRuleset(id);
      throw problems.unknownVersion(id, version);
    }
    if (!entry.ruleset) throw problems.rulesetHasErrors(id, version, entry.diagnostics);
    return entry.ruleset;
  }
}
