// The one ruleset loader of the CLI, the server and the editor. Where texts come from differs (the
// rulesets folder, the database, the server's API: a `RulesetSources`); what is done with them is here,
// once: `id@version` pins resolved to stored versions, syntax trees cached by content hash, compiled
// rulesets cached by content hash and by the exact versions of the programs they read, and those
// dependencies taken from the checker (every program it asked for while checking), never from the text.
//
// Two readings of a version:
//  - live: the programs it reads at their current version (the folder's file, the published version),
//    compiled again when one of them changes;
//  - pinned: the exact versions it read when it was saved (`sources.pins`), so a decision is reproduced
//    whatever changed since. A version without recorded pins reads its dependencies live.
import type { RulesetFile } from '../dsl/ast';
import type { Diagnostic } from '../dsl/diagnostics';
import { parse } from '../dsl/parse';
import { matchPin, type VersionEntry } from './pins';
import { parsePin, pinText, splitRef, type Pin } from './ref';

/** One stored text of a ruleset. */
export interface StoredText extends VersionEntry {
  ruleset: string;
  source: string;
}

/** Where the texts come from. */
export interface RulesetSources<V extends StoredText = StoredText> {
  /** The version a reference without a pin reads: the folder's file, the published version, the copy
   *  fetched from the server; undefined when there is none (yet). */
  current(id: string): V | undefined;
  /** The stored version with this full hash (its first save), if any. */
  version(id: string, hash: string): V | undefined;
  /** Every stored version of `id`, newest first, for pins by number or short hash. */
  versions(id: string): readonly VersionEntry[];
  /** The exact versions `v` read when it was saved (id → sha256:…); empty when none were recorded. */
  pins(v: V): ReadonlyMap<string, string>;
  /** Changes whenever `current` may answer differently; live entries are checked again then. */
  generation(): string;
  /** A source that resolves pins itself (the editor asks the server) answers here instead of versions(). */
  byPin?(id: string, pin: Pin): V | undefined;
}

/** How a text becomes a ruleset (engine/evaluate's loadRuleset, or the server's engine port). */
export type CompileText<L> = (
  id: string,
  source: string,
  resolvers: { resolve: (ref: string) => L | undefined; resolveAst: (ref: string) => RulesetFile | undefined },
) => { ruleset: L | undefined; diagnostics: Diagnostic[] };

export interface LoadedEntry<L> {
  /** undefined when the text has errors (see diagnostics) */
  ruleset: L | undefined;
  diagnostics: Diagnostic[];
  /** The programs the checker asked for and the version each resolved to (undefined: not found). For a
   *  live entry they are the current versions it was built against; for a pinned one, what it read. */
  dependencies: Map<string, string | undefined>;
  /** Whether its dependencies are the version's pins. */
  pinned: boolean;
  /** What `eligible(…)` resolves to when this entry is evaluated. */
  resolve: (ref: string) => L | undefined;
}

export type PinLookup<V> =
  | { ok: true; record: V }
  | { ok: false; reason: 'unknown-ruleset' | 'unknown' | 'ambiguous'; message: string; candidates: VersionEntry[] };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const MAX_TREES = 512;

export class RulesetLoader<L, V extends StoredText = StoredText> {
  private readonly entries = new Map<string, { entry: LoadedEntry<L>; live: Map<string, string | undefined> }>();
  private readonly trees = new Map<string, RulesetFile>();
  private currentMemo = new Map<string, V | undefined>();
  private memoGeneration: string | undefined;

  constructor(
    readonly sources: RulesetSources<V>,
    private readonly compileText: CompileText<L>,
    private readonly options: { maxEntries?: number; onCompile?: () => void } = {},
  ) {}

  /** Compiled entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The current version of `id` (memoised until the sources change). */
  current(id: string): V | undefined {
    const generation = this.sources.generation();
    if (generation !== this.memoGeneration) {
      this.currentMemo = new Map();
      this.memoGeneration = generation;
    }
    if (!this.currentMemo.has(id)) this.currentMemo.set(id, this.sources.current(id));
    return this.currentMemo.get(id);
  }

  currentVersion(id: string): string | undefined {
    return this.current(id)?.version;
  }

  /** The stored version a pin names (full hash, short hash ≥ 8 hex, or number), or what exists instead. */
  lookup(id: string, pin: Pin): PinLookup<V> {
    if (this.sources.byPin) {
      const found = this.sources.byPin(id, pin);
      return found ? { ok: true, record: found } : { ok: false, reason: 'unknown', message: `${id} has no version ${pinText(pin)}`, candidates: [] };
    }
    if (pin.kind === 'hash') {
      const record = this.sources.version(id, pin.hash);
      if (record) return { ok: true, record };
    }
    const history = this.sources.versions(id);
    if (history.length === 0) return { ok: false, reason: 'unknown-ruleset', message: `there is no ruleset ${id}`, candidates: [] };
    const match = matchPin(id, history, pin);
    if (!match.ok) return { ok: false, reason: match.reason, message: match.message, candidates: match.candidates.map((c) => ({ version: c.version, number: c.number })) };
    const record = this.sources.version(id, match.version.version);
    if (!record) return { ok: false, reason: 'unknown', message: `${id} has no version ${pinText(pin)}`, candidates: [] };
    return { ok: true, record: record.number === match.version.number ? record : { ...record, number: match.version.number } };
  }

  /** A reference as written in a text or a request (`pe/juntos`, `pe/juntos@3f2a9c01`): that version. */
  private named(ref: string): V | undefined {
    const { id, version } = splitRef(ref);
    if (version === undefined) return this.current(id);
    const pin = parsePin(version);
    if ('error' in pin) return undefined;
    const found = this.lookup(id, pin);
    return found.ok ? found.record : undefined;
  }

  /** The syntax tree of a stored text, parsed once per content hash. */
  tree(v: StoredText): RulesetFile {
    let tree = this.trees.get(v.version);
    if (!tree) {
      tree = parse(v.source).ast;
      this.trees.set(v.version, tree);
      while (this.trees.size > MAX_TREES) this.trees.delete(this.trees.keys().next().value!);
    }
    return tree;
  }

  /** For the checker alone (`elig check`, the editor's analysis): other programs' trees, live. */
  readonly resolveAst = (ref: string): RulesetFile | undefined => {
    const v = this.named(ref);
    return v && this.tree(v);
  };

  /** For evaluation: other programs at their current version (or as the reference pins them). */
  readonly resolve = (ref: string): L | undefined => {
    const { version } = splitRef(ref);
    const v = this.named(ref);
    if (!v) return undefined;
    return (version === undefined ? this.live(v) : this.pinned(v)).ruleset;
  };

  /** A stored version read live: what it reads at its current versions. */
  live(v: V): LoadedEntry<L> {
    return this.cached(`${v.ruleset}@${v.version}`, () => this.build(v.ruleset, v.source, undefined));
  }

  /** A stored version read with the exact versions it recorded when it was saved. */
  pinned(v: V): LoadedEntry<L> {
    const pins = this.sources.pins(v);
    if (pins.size === 0) return this.live(v); // nothing recorded (a folder's file, an old save): read live
    const key = `${v.ruleset}@${v.version}#${[...pins].sort().map(([p, pv]) => `${p}@${pv}`).join(',')}`;
    return this.cached(key, () => this.build(v.ruleset, v.source, pins));
  }

  /** A text that may not be stored (a save candidate, a check, a draft file), against the current
   *  versions of what it reads; not cached. Its dependencies are the pins a save records. */
  candidate(id: string, source: string): LoadedEntry<L> {
    return this.build(id, source, undefined).entry;
  }

  /** The pins a compiled text records: the versions its dependencies resolved to. */
  static reads(entry: LoadedEntry<unknown>): Map<string, string> {
    const reads = new Map<string, string>();
    for (const [id, version] of entry.dependencies) if (version) reads.set(id, version);
    return reads;
  }

  /** Keep a candidate's compilation for the version it was saved as (read live). */
  remember(v: V, entry: LoadedEntry<L>): void {
    const live = new Map<string, string | undefined>(entry.dependencies);
    this.store(`${v.ruleset}@${v.version}`, { entry, live });
  }

  /** The current version of `id` compiled live; `{ruleset: undefined, diagnostics: []}` when there is none. */
  load(id: string): { ruleset: L | undefined; diagnostics: Diagnostic[] } {
    const v = this.current(id);
    return v ? this.live(v) : { ruleset: undefined, diagnostics: [] };
  }

  /** Forget every compiled entry and tree (a source changed without a new generation). */
  invalidate(): void {
    this.entries.clear();
    this.trees.clear();
    this.currentMemo = new Map();
  }

  private cached(key: string, build: () => { entry: LoadedEntry<L>; live: Map<string, string | undefined> }): LoadedEntry<L> {
    const held = this.entries.get(key);
    if (held && this.unchanged(held.live)) {
      this.entries.delete(key); // refresh its place in the LRU order
      this.entries.set(key, held);
      return held.entry;
    }
    const built = build();
    this.store(key, built);
    return built.entry;
  }

  private store(key: string, value: { entry: LoadedEntry<L>; live: Map<string, string | undefined> }): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    const max = this.options.maxEntries ?? 512;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value!);
  }

  private unchanged(live: Map<string, string | undefined>): boolean {
    for (const [dep, version] of live) if (this.currentVersion(dep) !== version) return false;
    return true;
  }

  /**
   * Compile a text. The checker reads other programs as trees only (so a cycle of `eligible(…)` cannot
   * loop here); each program it asks for is a dependency. With `pins`, a dependency reads its pinned
   * version; without (or for a program with no pin) its current one, recorded in `live` so the entry is
   * rebuilt when that changes.
   */
  private build(id: string, source: string, pins: ReadonlyMap<string, string> | undefined): { entry: LoadedEntry<L>; live: Map<string, string | undefined> } {
    const dependencies = new Map<string, string | undefined>();
    const live = new Map<string, string | undefined>();
    const dependency = (depId: string): V | undefined => {
      const pinned = pins?.get(depId);
      if (pinned !== undefined) {
        const v = this.sources.version(depId, pinned);
        dependencies.set(depId, v?.version);
        return v;
      }
      const v = this.current(depId);
      dependencies.set(depId, v?.version);
      live.set(depId, v?.version);
      return v;
    };
    const resolveAst = (ref: string): RulesetFile | undefined => {
      const { id: depId, version } = splitRef(ref);
      const v = version === undefined ? dependency(depId) : this.named(ref);
      return v && this.tree(v);
    };
    const resolve: (ref: string) => L | undefined = pins
      ? (ref) => {
        const { id: depId, version } = splitRef(ref);
        if (version !== undefined) return this.resolve(ref);
        const pinned = pins.get(depId);
        if (pinned === undefined) return this.resolve(depId);
        const v = this.sources.version(depId, pinned);
        return v ? this.pinned(v).ruleset : undefined;
      }
      : this.resolve;
    const { ruleset, diagnostics } = this.compileText(id, source, { resolve, resolveAst });
    this.options.onCompile?.();
    return { entry: { ruleset: hasErrors(diagnostics) ? undefined : ruleset, diagnostics, dependencies, pinned: pins !== undefined, resolve }, live };
  }
}
