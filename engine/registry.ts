// Loaded rulesets by id from a source provider (files for the CLI, a map of texts in tests): the shared
// loader (loader/loader.ts) over sources with one text per id. Other programs read with `eligible(…)`
// are resolved through it; a pin by hash (`bo/mped@sha256:…`, `bo/mped@3f2a9c01`) must name that text
// (version numbers need a history: the server's store).
import { RulesetLoader } from '../loader/loader';
import { TextSources } from '../loader/text-sources';
import { loadRuleset } from './evaluate';
import type { LoadedRuleset } from './types';

export class Registry extends RulesetLoader<LoadedRuleset> {
  private readonly texts: TextSources;

  constructor(resolveSource: (id: string) => string | undefined) {
    const texts = new TextSources(resolveSource);
    super(texts, (id, source, resolvers) => loadRuleset(id, source, resolvers));
    this.texts = texts;
  }

  /** "bo/mped", or pinned by hash: the ruleset, or undefined when absent, broken or another version. */
  get(ref: string): LoadedRuleset | undefined {
    return this.resolve(ref);
  }

  /** Forget a ruleset (its source changed), or everything; rulesets are reloaded on next use. */
  override invalidate(id?: string): void {
    this.texts.forget(id);
    super.invalidate();
  }
}
