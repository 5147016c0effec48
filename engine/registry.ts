// Loaded rulesets by id, loaded on first use from a source provider (files for the CLI, the database for
// the server, the editor's buffers). Other programs read with `eligible(…)` are resolved through it.
import { parse, type Diagnostic } from '../dsl';
import type { RulesetFile } from '../dsl/ast';
import { loadRuleset } from './evaluate';
import type { LoadedRuleset } from './types';
import { parsePin, splitRef as split } from '../loader/ref';

export class Registry {
  private readonly loaded = new Map<string, { ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] }>();
  private readonly asts = new Map<string, RulesetFile | undefined>();

  constructor(private readonly resolveSource: (id: string) => string | undefined) {}

  /** "bo/mped", or pinned by hash ("bo/mped@sha256:…", "bo/mped@3f2a9c01"): a source provider holds one
   *  version per id, so a pin must name that one (version numbers need a history: the server's store). */
  get(ref: string): LoadedRuleset | undefined {
    const [id, version] = splitRef(ref);
    const r = this.load(id).ruleset;
    if (!r || version === undefined) return r;
    const pin = parsePin(version);
    if ('error' in pin || pin.kind === 'number') return undefined;
    return r.version.slice(7).startsWith(pin.kind === 'hash' ? pin.hash.slice(7) : pin.prefix) ? r : undefined;
  }

  /** The ruleset with its diagnostics; `ruleset` is undefined when the source is absent or has errors. */
  load(id: string): { ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] } {
    let entry = this.loaded.get(id);
    if (!entry) {
      const source = this.resolveSource(id);
      // The checker reads other programs as ASTs only, so a cycle of `eligible(…)` cannot loop here.
      entry = source === undefined
        ? { ruleset: undefined, diagnostics: [] }
        : loadRuleset(id, source, { resolve: this.resolve, resolveAst: (pid) => this.ast(splitRef(pid)[0]) });
      this.loaded.set(id, entry);
    }
    return entry;
  }

  /** Forget a ruleset (its source changed), or everything; rulesets are reloaded on next use. */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.loaded.clear();
      this.asts.clear();
    } else {
      // Others may have compiled against it; they re-check cheaply on next use.
      this.loaded.clear();
      this.asts.delete(id);
    }
  }

  /** A resolver for evaluate()'s `resolve` option. */
  readonly resolve = (ref: string): LoadedRuleset | undefined => this.get(ref);

  private ast(id: string): RulesetFile | undefined {
    if (!this.asts.has(id)) {
      const source = this.resolveSource(id);
      this.asts.set(id, source === undefined ? undefined : parse(source).ast);
    }
    return this.asts.get(id);
  }
}

function splitRef(ref: string): [string, string | undefined] {
  const { id, version } = split(ref);
  return [id, version];
}
