// The decision contract of ../shared/api.md: what `/evaluate` and `elig eval --json` return.
// Callers depend on these shapes; extra fields are additions, never renames.

import type { SubjectCounterfactuals } from './counterfactuals/types';

/** A decision's counterfactuals: the subject's analysis without the fields the decision already has. */
export type DecisionCounterfactuals = Omit<SubjectCounterfactuals, 'subject' | 'eligible'>;

export type Period = 'month' | 'bimonth' | 'year' | 'once';

export interface EvaluateRequest {
  ruleset: string; // "bo/mped" or "bo/mped@sha256:…"
  date?: string; // ISO date; default today
  household?: Household;
  households?: Household[];
  explain?: boolean; // default true
  counterfactuals?: boolean; // default false
}

/** A household record per household.schema.json (validated before it reaches the engine). */
export type Household = { id: string; members: Member[] } & Record<string, unknown>;
export type Member = { id: string } & Record<string, unknown>;

export interface EvaluateResponse {
  ruleset: { id: string; version: string; title: string };
  date: string;
  household: string;
  /** false when the program itself is not in force on `date`; every decision is then false. */
  in_force: boolean;
  decisions: Decision[];
  /** Added: the language reasons and labels are written in, when the request chose one (es, pt, en). */
  language?: string;
}

export interface BatchResponse {
  ruleset: { id: string; version: string; title: string };
  date: string;
  results: Omit<EvaluateResponse, 'ruleset' | 'date'>[];
}

export interface Decision {
  subject: string; // a member id, or "household"
  eligible: boolean | null;
  benefit: { amount: number | null; currency: string; period: Period };
  scores: Record<string, number | null>;
  outcome: string | null;
  /** JSON pointers into the household of the absent facts that would decide `eligible`. */
  missing: string[];
  /** Parameters that had no value in force on the date and that the decision needed. */
  not_in_force: string[];
  /** Ids of assumption-marked parameters and tables this decision depended on. */
  assumptions: string[];
  reasons: string[];
  explanation?: ExplanationNode;
  /** Added (with the explanation): each reason as data beside its text — a stable `code`, the condition's
   *  node id, the values with units and currencies, missing facts with their pointer, member and field.
   *  Callers act on these, never on the sentences. See engine/api-contract.md. */
  reason_details?: ReasonDetail[];
  /** With `counterfactuals: true`: margins, nearest flips, the next date it changes (engine/counterfactuals). */
  counterfactuals?: DecisionCounterfactuals;
  /** Only for rulesets that declare `component`s: each named part beside the primary `benefit`, with its own
   *  period (0 when not eligible, null when undetermined). An addition to ../shared/api.md. */
  components?: { name: string; amount: number | null; currency: string; period: Period }[];
}

/** One reason as data (engine/explain/types.ts `Reason`) and its text in the response's language. */
export type ReasonDetail = { code: string; text: string } & Record<string, unknown>;

/** One node of the explanation tree: a condition, a computed value or a group. */
export interface ExplanationNode {
  kind: 'all' | 'any' | 'none' | 'condition' | 'value' | 'term';
  /** Added: the IR node id of the condition, group or value (stable for the same ruleset source). */
  id?: number;
  label: string;
  /** true/false/null for conditions and groups; absent for plain values. */
  holds?: boolean | null;
  /** The value the rule saw (a number, text, boolean, date or null when unknown). */
  value?: unknown;
  /** What it was compared against: `{op: '<=', threshold: 70, name: 'dignity_tariff'}`. */
  compared?: { op: string; threshold: unknown; name?: string; /** Added: the enum field of `is`/`in` values. */ field?: string };
  unit?: string;
  source?: string;
  assumption?: string;
  missing?: string[];
  /** Added by the engine: parameters not in force on the date that left this node unknown. */
  not_in_force?: string[];
  /** Added by the engine: evaluation errors that left this node unknown (division by zero, no table row). */
  errors?: string[];
  /** Line of the rule in the ruleset (1-based), for the editor to jump to. */
  line?: number;
  /** For a variant's inherited rule: the ruleset whose file `line` is in (e.g. br/bolsa-escola-df). */
  program?: string;
  children?: ExplanationNode[];
}
