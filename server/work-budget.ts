// The work one /evaluate request may cause, estimated from its shape before anything runs: one unit per
// decision (a subject: the household, or each member for a member-level ruleset), and EXPLAIN_WEIGHT units
// per decision with its explanation tree (an explained decision is ~4 KB of JSON and that much work).
// The body and batch limits alone let 136 KB of members ask for 24 MB of explanations.
import type { WorkEstimate } from './problems';

/** Default ELIG_WORK_BUDGET: 100,000 bare decisions, or 5,000 explained ones, per request. */
export const DEFAULT_WORK_BUDGET = 100_000;
export const EXPLAIN_WEIGHT = 20;
/** A decision with counterfactuals re-evaluates the household up to COUNTERFACTUAL_CAP times (the search's
 *  cap on the server), so it weighs that many units: 50 such decisions per request by default. */
export const COUNTERFACTUAL_CAP = 2000;
export const COUNTERFACTUAL_WEIGHT = COUNTERFACTUAL_CAP;

export function estimateWork(households: readonly { members?: unknown }[], memberSubjects: boolean, explain: boolean,
  budget: number, counterfactuals = false): WorkEstimate {
  let decisions = 0;
  for (const h of households) decisions += memberSubjects ? Math.max(1, Array.isArray(h.members) ? h.members.length : 0) : 1;
  return estimateWorkOf(households.length, decisions, explain, budget, counterfactuals);
}

/** The same estimate from counts (a worker counted the decisions while validating the raw body). */
export function estimateWorkOf(households: number, decisions: number, explain: boolean, budget: number,
  counterfactuals = false): WorkEstimate {
  const units = decisions * ((explain ? EXPLAIN_WEIGHT : 1) + (counterfactuals ? COUNTERFACTUAL_WEIGHT : 0));
  const perHousehold = households > 0 ? units / households : units;
  return {
    households, decisions, explain, explainWeight: EXPLAIN_WEIGHT, units,
    fitsPerRequest: Math.floor(budget / Math.max(1, perHousehold)),
    ...(counterfactuals ? { counterfactuals, counterfactualWeight: COUNTERFACTUAL_WEIGHT } : {}),
  };
}
