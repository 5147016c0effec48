// One language's message catalogue: ICU MessageFormat sentences (compiled once per language, see
// ../messages.ts) and the words the sentences are built from (household fields, enum values, units).

export type Lang = 'en' | 'es' | 'pt';
export const LANGS: readonly Lang[] = ['en', 'es', 'pt'];

export type MessageKey =
  | 'met' | 'met_detail' | 'not_met' | 'not_met_detail' | 'does_not_apply'
  | 'must_not_hold' | 'must_not_hold_detail' | 'does_not_hold' | 'does_not_hold_detail'
  | 'none_of_alternatives' | 'none_of_alternatives_unlabelled' | 'alternative_item'
  | 'cannot_decide' | 'cannot_decide_unlabelled' | 'filter_unknown' | 'needs' | 'not_in_force' | 'errors'
  | 'program_not_in_force' | 'program_window' | 'program_window_until'
  | 'amount' | 'amount_detail' | 'no_cash_benefit' | 'period' | 'component' | 'component_detail'
  | 'compare' | 'compare_repeat' | 'op_held' | 'op_not' | 'op_held_date' | 'op_not_date' | 'named'
  | 'range' | 'range_between' | 'range_from' | 'range_to' | 'range_under' | 'range_from_under'
  | 'set_single' | 'set_single_not' | 'set' | 'set_not'
  | 'known' | 'flag' | 'members_any' | 'members_all' | 'no_member' | 'every_member' | 'not_applicable'
  | 'filter_compare' | 'filter_range' | 'filter_set'
  | 'fact_member' | 'fact_household' | 'member_named'
  | 'times' | 'capped' | 'unknown_value'
  | 'elapsed' | 'elapsed_until' | 'years_in_program' | 'aggregate'
  | 'report_header' | 'report_not_in_force' | 'report_no_subjects' | 'verdict' | 'report_benefit' | 'report_benefit_unknown' | 'report_benefit_none' | 'subject_household'
  | 'report_no_cash' | 'report_score' | 'report_outcome' | 'report_missing' | 'report_params_not_in_force'
  | 'report_assumptions' | 'report_why' | 'report_source' | 'report_assumption' | 'report_missing_short'
  | 'page_title' | 'page_intro' | 'page_reasons' | 'page_missing' | 'page_assumptions' | 'page_details' | 'page_footer'
  | 'tree_about_member' | 'tree_payment' | 'tree_relation' | 'tree_all' | 'tree_any' | 'tree_none' | 'tree_member' | 'tree_benefit'
  | 'tree_no_cash_benefit' | 'tree_score' | 'tree_outcome' | 'tree_outcome_when_eligible'
  | 'payment_met' | 'payment_not_paid' | 'payment_not_paid_must_not_hold' | 'payment_unknown' | 'payment_group' | 'payment_cite' | 'name_from'
  | 'cf_margin_keep' | 'cf_margin_edge' | 'cf_margin_keep_via' | 'cf_margin_reach' | 'cf_margin_reach_via' | 'cf_change' | 'cf_change_fill' | 'cf_flip' | 'cf_flip_pair' | 'cf_flip_fill_range' | 'cf_date_from' | 'cf_date_until' | 'cf_date_changes' | 'cf_because' | 'cf_because_birthday' | 'cf_because_parameter' | 'cf_because_parameters' | 'cf_because_program' | 'cf_because_residency' | 'cf_heading_flips' | 'cf_no_flips' | 'cf_heading_margins' | 'cf_in_time' | 'cf_searched' | 'cf_none';

export interface Catalog {
  lang: Lang;
  messages: Record<MessageKey, string>;
  /** Household and member fields by path ("enrollment.attendance_rate"), as a case worker names them. */
  fields: Record<string, string>;
  /** Enum values by field ("members.employment") and value; `*` holds values shared by every field. */
  enums: Record<string, Record<string, string>>;
  /** A unit as it follows a number: ICU plural patterns with `#` ("{n, plural, one {# year} other {# years}}"). */
  units: Record<string, string>;
  /** A unit as a denominator: "per month" → "al mes". */
  per: Record<string, string>;
  /** Names of lets, parameters and functions, for rulesets written in another language or without
   *  labels for them (the ruleset's own identifiers otherwise, underscores as spaces). */
  names: Record<string, string>;
}
