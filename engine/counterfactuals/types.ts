// What the counterfactual analysis reports for one subject's decision: margins (how far a decisive numeric
// fact can move before the decision flips), nearest flips (the smallest changes that make an ineligible or
// undetermined subject eligible) and the dates on which the decision changes by itself (birthdays,
// parameters coming into force). Every reported change was applied to a copy of the household and
// re-evaluated with the public evaluator before it is reported. Types only.

/** Text as a message code and its arguments; `text` is the English rendering (messages.ts). A renderer
 *  with other catalogues renders `code` + `args` instead. */
export interface CounterfactualMessage {
  code: string;
  args: Record<string, string | number>;
  text: string;
}

/** How far a numeric fact can move, in one direction, before the decision flips. */
export interface Margin {
  /** JSON pointer of the fact in the household, e.g. "/monthly_income". */
  fact: string;
  value: number;
  /** The fact's unit as written in rules ("BRL per month", "kWh per month", ""). */
  unit: string;
  direction: 'up' | 'down';
  /** The last value, one `resolution` step at a time, at which the decision is still the same. */
  limit: number;
  /** One resolution step past `limit`: the first value at which it flips (verified). */
  flipsAt: number;
  /** |limit − value|: how far the fact can move and keep the decision. */
  by: number;
  resolution: number;
  /** The labelled condition(s) whose truth changes between `limit` and `flipsAt`. */
  conditions: string[];
  /** The compared quantity when it is derived from the fact (per-capita income vs the poverty line). */
  via?: {
    quantity: string;
    value: number;
    unit: string;
    threshold: { name: string | undefined; value: number };
    /** |threshold − value|: how far the quantity is from its threshold. */
    by: number;
  };
  message: CounterfactualMessage;
}

/** One fact set to a new value. `from` is null when the fact is absent from the household. */
export interface FactChange {
  fact: string;
  from: unknown;
  to: unknown;
  unit?: string;
  /** For numbers: to − from. */
  by?: number;
}

/** A change of one or two facts that makes the subject eligible (verified by re-evaluating). */
export interface Flip {
  changes: FactChange[];
  /** The ranking size: each number's change relative to its magnitude, 1 for an enum or boolean, 0.5 for
   *  filling an absent fact; summed over the changes. */
  size: number;
  conditions: string[];
  message: CounterfactualMessage;
}

/** The household unchanged, a later evaluation date: when the decision changes by itself. */
export interface DateChange {
  date: string;
  eligible: boolean | null;
  /** What happens on that day: a member's birthday, a parameter's new value, the program's start or end. */
  because: CounterfactualMessage[];
  message: CounterfactualMessage;
}

/** How much was searched: the answer is complete only within these bounds. */
export interface SearchBounds {
  evaluations: number;
  cap: number;
  /** true when the cap stopped the search before it finished. */
  capped: boolean;
  /** Days searched ahead for date changes. */
  horizonDays: number;
  /** The facts not changed because they cannot change (age, birth date, the ruleset's `cannot change`). */
  fixed: string[];
  note: string;
}

export interface SubjectCounterfactuals {
  subject: string;
  eligible: boolean | null;
  /** For a determined decision (eligible or not). */
  margins: Margin[];
  /** For an ineligible or undetermined subject, smallest first. */
  flips: Flip[];
  /** The first later date on which the decision differs (within the horizon), if any. */
  next?: DateChange;
  search: SearchBounds;
}
