// Puts each subject's counterfactuals on its decision in a response (`counterfactuals: true` requests).
import type { EvaluateResponse, Household } from '../decision';
import type { LoadedRuleset } from '../types';
import { counterfactuals, type CounterfactualOptions } from './analyse';

export function withCounterfactuals(ruleset: LoadedRuleset, household: Household, response: EvaluateResponse,
  options: CounterfactualOptions): EvaluateResponse {
  if (!response.in_force) return response; // outside the program's dates nothing but time changes a decision
  const bySubject = new Map(counterfactuals(ruleset, household, options).map((c) => [c.subject, c]));
  for (const d of response.decisions) {
    const c = bySubject.get(d.subject);
    if (c) d.counterfactuals = { margins: c.margins, flips: c.flips, ...(c.next ? { next: c.next } : {}), search: c.search };
  }
  return response;
}
