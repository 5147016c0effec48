// The engine in the browser: the current text loaded once per change, evaluated by Try-it and Checks.
import { hasErrors, type Diagnostic } from '../../dsl/diagnostics';
import { evaluate, type LoadedRuleset } from '../../engine';
import type { EvaluateResponse, Household } from '../../engine/decision';
import { compileText, resolveLoaded } from './programs';
import { state, type Analysis } from './state';

let cached: { analysis: Analysis; ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] } | undefined;

/** The current text as a loaded ruleset, or the diagnostics that stop it from loading. */
export function currentRuleset(): { ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] } {
  const analysis = state.analysis;
  const id = state.loaded?.id;
  if (!analysis || !id) return { ruleset: undefined, diagnostics: [] };
  // keyed on the analysis itself: the same text analyses again when another program it reads arrives
  if (cached && cached.analysis === analysis) return cached;
  if (hasErrors(analysis.diagnostics)) {
    cached = { analysis, ruleset: undefined, diagnostics: analysis.diagnostics };
    return cached;
  }
  try {
    const { ruleset, diagnostics } = compileText(id, analysis.text);
    cached = { analysis, ruleset, diagnostics };
  } catch (error) {
    const at = { line: 1, column: 1, offset: 0 };
    cached = { analysis, ruleset: undefined, diagnostics: [{ code: 'E-INTERNAL', severity: 'error', range: { start: at, end: at }, message: `The engine failed to load the ruleset: ${String(error)}` }] };
  }
  return cached;
}

export function run(ruleset: LoadedRuleset, household: unknown, date: string, lang?: 'en' | 'es' | 'pt'): EvaluateResponse {
  return evaluate(ruleset, household as Household, { date, explain: true, resolve: resolveLoaded, lang });
}
