// The ruleset's `property` laws with fast-check, in the browser, without blocking typing: the same laws,
// generators, seed and run count as `elig test` (engine/checks/run.ts), but the predicate is asynchronous
// and yields to the page every few milliseconds, so a long run (or its shrinking) is cut into slices.
// With the same seed and runs it finds the same shrunk counterexample as `elig test --seed S --runs N`.
import fc from 'fast-check';
import type { PropertyDecl } from '../../dsl/ast';
import type { LoadedRuleset, RulesetResolver } from '../../engine';
import { outcomeOf, prepareProperty, type PropertyOutcome } from '../../engine/checks/run';

export interface BrowserCheckOptions {
  runs: number;
  seed: number;
  resolve?: RulesetResolver;
  /** True when the result is no longer wanted (the text changed): the run then finishes at once. */
  cancelled?: () => boolean;
  /** The longest stretch of work between two yields to the page, in ms. */
  sliceMs?: number;
}

/** Give the page a turn (a macrotask, so input and rendering run in between). */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs one property; undefined when cancelled. */
export async function runPropertySliced(ruleset: LoadedRuleset, property: PropertyDecl, options: BrowserCheckOptions): Promise<PropertyOutcome | undefined> {
  const cancelled = options.cancelled ?? (() => false);
  const sliceMs = options.sliceMs ?? 12;
  const prepared = prepareProperty(ruleset, property, options);
  if ('outcome' in prepared) return prepared.outcome;
  const { law, base } = prepared;
  let sliceStart = performance.now();
  const predicate = async (value: unknown): Promise<boolean> => {
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToPage();
      sliceStart = performance.now();
    }
    if (cancelled()) return true; // finish quickly: no more failures, nothing more to shrink
    return law.check(value) === undefined;
  };
  const details = await fc.check(fc.asyncProperty(law.arbitrary, predicate), { numRuns: base.runs, seed: base.seed });
  return cancelled() ? undefined : outcomeOf(ruleset, prepared, details, options.resolve);
}
