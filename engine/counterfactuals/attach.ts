// Puts each subject's counterfactuals on its decision in a response (`counterfactuals: true` requests).
// In a chosen language (the options' `lang`, else the response's `language`) their sentences are written
// by the renderer (engine/render/counterfactuals.ts); otherwise they keep the analysis's English text.
import type { EvaluateResponse, Household } from '../decision';
import { lower } from '../ir/lower';
import type { Lang } from '../ir/types';
import { sayCounterfactuals } from '../render/counterfactuals';
import { rendererFor } from '../render/render';
import { membersOf, type LoadedRuleset, type RawHousehold } from '../types';
import { parseIsoDate } from '../values';
import { counterfactuals, type CounterfactualOptions } from './analyse';

export function withCounterfactuals(ruleset: LoadedRuleset, household: Household, response: EvaluateResponse,
  options: CounterfactualOptions & { lang?: Lang }): EvaluateResponse {
  if (!response.in_force) return response; // outside the program's dates nothing but time changes a decision
  const bySubject = new Map(counterfactuals(ruleset, household, options).map((c) => [c.subject, c]));
  const lang = options.lang ?? (response.language as Lang | undefined);
  const w = lang ? rendererFor(lower(ruleset.checked), lang).on(parseIsoDate(options.date) ?? NaN) : undefined;
  const members = membersOf(household as RawHousehold);
  for (const d of response.decisions) {
    const c = bySubject.get(d.subject);
    if (!c) continue;
    d.counterfactuals = { margins: c.margins, flips: c.flips, ...(c.next ? { next: c.next } : {}), search: c.search };
    if (w) sayCounterfactuals(d.counterfactuals, w, members);
  }
  return response;
}
