// The structured explanation: what a decision rests on, as data — message codes with machine arguments
// (values with their units and currencies, node ids, member ids, JSON pointers), never sentences. It is
// built from the IR and the values of its nodes by node id (build.ts); engine/render/ turns it into
// sentences in one language. Callers that want to act on a decision read these codes, not the text.
import type { Unit } from '../ir/types';

/** A ruleset text (a label or a title) as the renderer needs it: the ruleset's own words, and its
 *  per-language templates when the ruleset gives them (shared contract 2). */
export interface LabelRef {
  text: string;
  labels?: LocalizedTextLike;
}

/** Shared contract 2 (engine/ir/types.ts once H-lang's labels land): read structurally so this builds
 *  on either side of that change. */
export interface LocalizedTextLike {
  default: TextTemplateLike;
  byLang: Partial<Record<string, TextTemplateLike>>;
}
export type TextTemplateLike = readonly (string | { param: string })[];

/** A value as the rule saw it. `unit` in base-unit exponents; `currency` the one among them. */
export interface Quantity {
  value: number | string | boolean | null;
  unit?: Unit;
  currency?: string;
  /** A date (ISO text in `value`). */
  date?: boolean;
  /** An enum value (its code in `value`) of the field `field` ("members.employment"). */
  enum_field?: string;
}

/** What a value is called: a household fact, a let or parameter, a computed figure. */
export type Term =
  | { kind: 'field'; owner: 'household' | 'member'; path: readonly string[] }
  | { kind: 'name'; name: string; of: 'let' | 'parameter' }
  | { kind: 'elapsed'; unit: string; since: Term; until?: Term }
  | { kind: 'years_in_program'; program: string }
  | { kind: 'aggregate'; op: string }
  | { kind: 'call'; op: string }
  | { kind: 'value' };

export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** The figures behind one condition's answer. `held`: the answer this detail explains. */
export type Detail =
  | { code: 'compare'; node: number; subject: Term; seen: Quantity; op: CompareOp; threshold: Quantity; threshold_name?: string; held: boolean; repeat?: boolean }
  | { code: 'range'; node: number; subject: Term; seen: Quantity; low?: number; high?: number; high_exclusive: boolean; held: boolean }
  | { code: 'set'; node: number; subject: Term; seen: Quantity; values: readonly string[]; field?: string; held: boolean; single: boolean }
  | { code: 'known'; node: number; subject: Term; held: boolean }
  | { code: 'flag'; node: number; subject: Term; value: boolean | null }
  /** `any(members as m: …)` met by these members; `all(…)` failed by these. */
  | { code: 'members'; node: number; op: 'any' | 'all'; members: readonly string[] }
  /** `any(…)` met by no member; `all(…)` met by every member concerned. */
  | { code: 'no_member' | 'every_member'; node: number }
  /** `all(members as c where …: …)` with no member the filter lets in: the condition does not apply. */
  | { code: 'not_applicable'; node: number; filter: Detail | undefined }
  /** Parts of a compound test (`a and b`, `not a`, an `if`'s branch), each with its figures. */
  | { code: 'parts'; node: number; op: 'and' | 'or'; parts: readonly Detail[] };

/** A fact the decision still needs: the pointer, and what a person calls it. */
export interface MissingFact {
  pointer: string;
  /** The member it is about (id and, when recorded, name); absent for a household fact. */
  member?: { index: number; id: string; name?: string };
  /** The field's path below the household or member: ["enrollment", "attendance_rate"]. */
  field: readonly string[];
}

/** One reason, as reasons are read aloud. */
export type Reason =
  | { code: 'met' | 'not_met'; node: number; label: LabelRef; detail: Detail | undefined }
  /** A `none of` item that held (so the group failed), or did not (so it is met). */
  | { code: 'must_not_hold' | 'does_not_hold'; node: number; label: LabelRef; detail: Detail | undefined }
  /** An `any of` group that failed: none of its items holds, and any one alone would have done. */
  | { code: 'none_of_alternatives'; node: number; label: LabelRef | undefined; items: readonly Reason[] }
  /** An `any of` group that held through these items. */
  | { code: 'alternative_met'; node: number; label: LabelRef | undefined; items: readonly Reason[] }
  | { code: 'cannot_decide'; node: number; label: LabelRef | undefined; missing: readonly MissingFact[]; not_in_force: readonly string[]; errors: readonly string[]; day: string }
  | { code: 'filter_unknown'; node: number; missing: readonly MissingFact[]; not_in_force: readonly string[]; errors: readonly string[]; day: string }
  | { code: 'program_not_in_force'; day: string; from: string; until?: string }
  | { code: 'amount'; node: number; total: Quantity; period: string; breakdown: Breakdown | undefined }
  | { code: 'no_cash_benefit'; node: number | undefined }
  /** A named part of what the program gives (`component … per …`), beside the benefit, term by term. */
  | { code: 'component'; node: number; name: string; total: Quantity; period: string; breakdown: Breakdown | undefined };

/** How an amount is made, term by term: `2 checkups × Bs 50 per checkup + Bs 120`. */
export type Breakdown =
  | { kind: 'product'; node: number; factors: readonly BreakdownTerm[] }
  | { kind: 'sum'; node: number; terms: readonly Breakdown[] }
  | { kind: 'term'; term: BreakdownTerm };

export interface BreakdownTerm {
  node: number;
  subject: Term | undefined;
  value: Quantity;
  /** `min(x, cap)` that capped x: the cap and the value before it. */
  capped_from?: Quantity;
}

export interface StructuredExplanation {
  subject: string;
  eligible: boolean | null;
  reasons: Reason[];
}
