// The typed intermediate form (IR): a checked ruleset lowered ONCE (lower.ts) into plain data that every
// backend reads — the reference interpreter, the JavaScript generator, explanations, the population
// funnel, and backends still to come (SQL, aggregate bounds, counterfactuals). Types only.
//
// Design rules:
// - Every name is resolved and every node typed: a backend never looks back at the AST or at the
//   checker's side tables (names, fields, calls, types).
// - Every node has `id`: the id of the AST node it was lowered from. AST ids are assigned in creation
//   order (and renumbered once for variants), so they are stable across runs for the same source, unique
//   within one checked ruleset, and the same numbers the editor and the explanations already use.
// - `at` says where the node was written: the range and the ruleset id whose file holds it (a variant's
//   inherited rules point into the base's file).
// - Built-in functions are `call` nodes naming an entry of the operations registry (ops/registry.ts):
//   the IR does not list them, so a new built-in needs no new node kind.
// - Dated parameters are `param` nodes with explicit periods; `resolveForDate` (resolve.ts) turns each
//   into a `paramValue` node for one day: the value and the period in force, or "not in force".

import type { Unit } from '../../dsl/check/types';

export type { Unit } from '../../dsl/check/types';

// ---------------------------------------------------------------- types

/** A value's type. Numbers carry their unit as base-unit exponents (`BOB per person per month` →
 *  { BOB: 1, person: -1, month: -1 }) and, separately, the currency among them, if any. A bare literal
 *  whose unit comes from its context has `unit: 'any'`. */
export type IrType =
  /** `scale: k`: the value is held × 10ᵏ (a region fed only to a floating function, with coefficients of
   *  more than 6 places — dsl/check/coefficients.ts); a reader shows it divided back (ir/scale.ts). */
  | { kind: 'number'; unit: Unit | 'any'; currency: string | undefined; scale?: number }
  | { kind: 'bool' }
  | { kind: 'text' }
  | { kind: 'date' } // a whole day number (days since 1970-01-01, UTC) at run time
  | { kind: 'enum'; field: string; values: readonly string[] } // field: "members.employment"
  | { kind: 'household' }
  | { kind: 'member' }
  | { kind: 'members' }
  | { kind: 'record'; path: string }; // a nested object: "household.electricity"

// ---------------------------------------------------------------- where, and on what authority

export interface SourceRange {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

/** Where a node was written: its range in the file of ruleset `rulesetId`. */
export interface Location {
  range: SourceRange;
  rulesetId: string;
}

/** `source "…"` (a fact with its citation) or `assumption "…"` (a guess with its reason). */
export interface Provenance {
  type: 'source' | 'assumption';
  text: string;
}

interface NodeBase {
  id: number;
  at: Location;
}

// ---------------------------------------------------------------- texts in several languages

/** The languages rulesets and explanations speak. */
export type Lang = 'es' | 'pt' | 'en';

/** A label as literal text and parameter references: `"per-capita income at most {income_limit}"` →
 *  ["per-capita income at most ", { param: "income_limit" }]. `param` names a parameter, or a `let`
 *  computed from parameters and the date alone (the checker guarantees one or the other): a renderer
 *  prints its value in force with its unit. */
export type TextTemplate = readonly (string | { param: string })[];

/** A text in the ruleset's own language (`default`) and in the languages its `translation` blocks give
 *  (`byLang`, which also holds the ruleset's own language). A renderer falls back to `default`. */
export interface LocalizedText {
  default: TextTemplate;
  byLang: Partial<Record<Lang, TextTemplate>>;
}

// ---------------------------------------------------------------- expressions

export type IrExpr =
  | IrConst
  | IrParam
  | IrParamValue
  | IrLetRef
  | IrHousehold
  | IrMembers
  | IrSubjectMember
  | IrBinderMember
  | IrRelation
  | IrEvaluationDate
  | IrField
  | IrAge
  | IrResidencyYears
  | IrHouseholdSize
  | IrNegate
  | IrNot
  | IrArith
  | IrLogic
  | IrCompare
  | IrInRange
  | IrInSet
  | IrIsKnown
  | IrIf
  | IrCall
  | IrTableLookup
  | IrAggregate
  | IrPoints
  | IrParticipation
  | IrProgramEligible
  | IrPaymentGate;

/** A literal, already in run-time form: a canonical decimal, a day number, a boolean or a text. */
export interface IrConst extends NodeBase {
  kind: 'const';
  type: IrType;
  value: number | boolean | string;
}

/** A parameter reference before the date is known; its periods are in `IrRuleset.parameters`. */
export interface IrParam extends NodeBase {
  kind: 'param';
  type: IrType;
  name: string;
}

/** A parameter resolved for one day by resolveForDate: the value in force and its period, or not in force. */
export interface IrParamValue extends NodeBase {
  kind: 'paramValue';
  type: IrType;
  name: string;
  inForce: IrPeriod | undefined; // undefined: no value in force on the day (the result is unknown)
}

/** A `let` read by name; its definition is in `IrRuleset.lets`. */
export interface IrLetRef extends NodeBase {
  kind: 'letRef';
  type: IrType;
  name: string;
  letId: number;
}

export interface IrHousehold extends NodeBase {
  kind: 'household';
  type: { kind: 'household' };
}
export interface IrMembers extends NodeBase {
  kind: 'members';
  type: { kind: 'members' };
}
/** The member a `for each member as x` subject is about. */
export interface IrSubjectMember extends NodeBase {
  kind: 'subjectMember';
  type: { kind: 'member' };
}
/** The member an aggregate's binder stands for (`m` in `sum(members as m: …)`). */
export interface IrBinderMember extends NodeBase {
  kind: 'binderMember';
  type: { kind: 'member' };
  aggregateId: number;
}
/** `head`, `spouse`: the first member with that relationship (unknown when a member before it has none). */
export interface IrRelation extends NodeBase {
  kind: 'relation';
  type: { kind: 'member' };
  relationship: 'head' | 'spouse';
}
export interface IrEvaluationDate extends NodeBase {
  kind: 'evaluationDate';
  type: { kind: 'date' };
}

/** A stored field, read from `owner` (the household or a member expression) along `path`, e.g.
 *  household → ["electricity", "kwh_per_month"]. Absent or of the wrong shape → unknown, and the fact
 *  is named by its JSON pointer (the owner's pointer + the path). */
export interface IrField extends NodeBase {
  kind: 'field';
  type: IrType;
  ownerKind: 'household' | 'member';
  owner: IrExpr;
  path: readonly string[];
}

/** `m.age`: whole years from `birth_date` to the evaluation date, else the recorded `age`. */
export interface IrAge extends NodeBase {
  kind: 'age';
  type: IrType;
  member: IrExpr;
}
/** `household.residency_years`: whole years since `resident_since`. */
export interface IrResidencyYears extends NodeBase {
  kind: 'residencyYears';
  type: IrType;
}
/** `household.size`: the number of members listed. */
export interface IrHouseholdSize extends NodeBase {
  kind: 'householdSize';
  type: IrType;
}

export interface IrNegate extends NodeBase {
  kind: 'negate';
  type: IrType;
  operand: IrExpr;
}
export interface IrNot extends NodeBase {
  kind: 'not';
  type: { kind: 'bool' };
  operand: IrExpr;
}
/** `+ - * /`: the operation is the registry entry of that symbol (exact, canonical; `/` by 0 → error). */
export interface IrArith extends NodeBase {
  kind: 'arith';
  type: IrType;
  op: '+' | '-' | '*' | '/';
  left: IrExpr;
  right: IrExpr;
}
/** Kleene `and` / `or`, short-circuiting on the deciding value. */
export interface IrLogic extends NodeBase {
  kind: 'logic';
  type: { kind: 'bool' };
  op: 'and' | 'or';
  left: IrExpr;
  right: IrExpr;
}
export type CompareOp = '<' | '<=' | '>' | '>=' | '=' | '!=';
export interface IrCompare extends NodeBase {
  kind: 'compare';
  type: { kind: 'bool' };
  op: CompareOp;
  left: IrExpr;
  right: IrExpr;
}
/** `x in 18..24`, `x in ..<25`, `x not in 51..`: bounds are canonical decimals, absent when open. */
export interface IrInRange extends NodeBase {
  kind: 'inRange';
  type: { kind: 'bool' };
  value: IrExpr;
  low: number | undefined;
  high: number | undefined;
  highExclusive: boolean;
  negated: boolean;
}
/** `x in {a, b}`, and `x is a` (written: 'is', one value). */
export interface IrInSet extends NodeBase {
  kind: 'inSet';
  type: { kind: 'bool' };
  value: IrExpr;
  values: readonly string[];
  negated: boolean;
  written: 'in' | 'is';
}
/** `x is known` / `x is unknown`: never unknown itself. */
export interface IrIsKnown extends NodeBase {
  kind: 'isKnown';
  type: { kind: 'bool' };
  value: IrExpr;
  negated: boolean;
}
/** `if c then a else b`: an unknown condition gives unknown, with the facts of c and of both branches. */
export interface IrIf extends NodeBase {
  kind: 'if';
  type: IrType;
  condition: IrExpr;
  then: IrExpr;
  otherwise: IrExpr;
}
/** A built-in function: `op` names its entry in the operations registry (ops/registry.ts), which gives
 *  its type rule, three-valued semantics, generated code and explanation. */
export interface IrCall extends NodeBase {
  kind: 'call';
  type: IrType;
  op: string;
  args: IrExpr[];
}

/** One row of a table or band, as an explicit matcher, first match wins. */
export type IrRowMatcher =
  | { kind: 'point'; value: number; result: number }
  | { kind: 'range'; low: number | undefined; high: number | undefined; highExclusive: boolean; result: number }
  | { kind: 'enum'; value: string; result: number };

/** `housing_points(h.housing)`: the table's rows are in `IrRuleset.tables`. No row and no `otherwise`
 *  → unknown with an error naming the table. */
export interface IrTableLookup extends NodeBase {
  kind: 'tableLookup';
  type: IrType;
  table: string;
  key: IrExpr;
}

export type AggregateOp = 'count' | 'sum' | 'min' | 'max' | 'any' | 'all';
/** `count(members as c where c.age < 14)`, `sum(members as m: m.income)`, `any(members as m: …)`.
 *  Inside `filter` and `value`, `binderMember` nodes with this node's id stand for each member in turn.
 *  count/sum/min/max are strict (one unknown filter or value makes the result unknown); any/all are
 *  Kleene over members; min/max over no members are an error. */
export interface IrAggregate extends NodeBase {
  kind: 'aggregate';
  type: IrType;
  op: AggregateOp;
  binder: string | undefined; // the binder's name as written, for explanations
  filter: IrExpr | undefined;
  value: IrExpr | undefined; // absent for count
}

/** `sum of { "label": points … }`: a points score explained term by term. */
export interface IrPoints extends NodeBase {
  kind: 'points';
  type: IrType;
  terms: IrPointsTerm[];
}
export interface IrPointsTerm {
  label: string;
  labels?: LocalizedText;
  value: IrExpr;
  at: Location;
}

/** `in_program(p)`, `years_in_program(p)`, `recertified(p)`: the household's `programs` record.
 *  `op` names the registry entry. */
export interface IrParticipation extends NodeBase {
  kind: 'participation';
  type: IrType;
  op: string;
  /** What is read from the household's entry for the program (the registry entry's `measure`). */
  measure: 'member' | 'years' | 'recertified';
  program: string;
}

/** `eligible(pe/juntos)`: true when some subject of the other program is eligible on the same household. */
export interface IrProgramEligible extends NodeBase {
  kind: 'programEligible';
  type: { kind: 'bool' };
  program: string;
  version: string | undefined;
}

/** The benefit under a condition of payment (`paid when …`): `amount` when the condition `IrRuleset.payment`
 *  (node `conditionId`) holds, 0 when it fails (the subject stays eligible), unknown while it is unknown.
 *  Its id is the `paid when` declaration's. */
export interface IrPaymentGate extends NodeBase {
  kind: 'paymentGate';
  type: IrType;
  conditionId: number;
  amount: IrExpr;
}

// ---------------------------------------------------------------- conditions

export type IrCondition = IrLabelledCondition | IrConditionGroup;

/** `"aged 18 to 24": youth.age in 18..24 source "…"` */
export interface IrLabelledCondition extends NodeBase {
  kind: 'condition';
  label: string; // as written, in the ruleset's language (a `{param}` is left as written)
  labels?: LocalizedText;
  test: IrExpr;
  provenance: Provenance | undefined;
}

/** `all of { … }`, `any of "label" { … }`, `none of { … }` */
export interface IrConditionGroup extends NodeBase {
  kind: 'group';
  combinator: 'all' | 'any' | 'none';
  label: string | undefined;
  labels?: LocalizedText; // when there is a label
  items: IrCondition[];
}

// ---------------------------------------------------------------- declarations

/** One value of a parameter and the days it is in force: [from, until] inclusive, undefined when open. */
export interface IrPeriod {
  from: number | undefined;
  until: number | undefined;
  value: number; // a canonical decimal, or a day number for `date` parameters
  provenance: Provenance | undefined;
  /** `from 2008-01-01 assumption "…" = …`: the first day is a guess within its year (the source gives
   *  the year only); on the days of that year the value in force rests on the guess. */
  fromAssumption?: string;
  at: Location;
}

export interface IrParameter extends NodeBase {
  kind: 'parameter';
  name: string;
  /** How the name reads, when a `translation` block gives it (default: the own-language entry, else the
   *  name with spaces for underscores). */
  labels?: LocalizedText;
  type: IrType;
  periods: IrPeriod[]; // in date order, not overlapping
}

export interface IrTable extends NodeBase {
  kind: 'table';
  name: string;
  labels?: LocalizedText; // as for parameters
  type: IrType; // of the results
  keyKind: 'number' | 'enum';
  rows: IrRowMatcher[];
  otherwise: number | undefined;
  provenance: Provenance[];
}

/** The household, or each member; members whose filter is false get no decision. */
export type IrSubject =
  | { kind: 'household'; id: number; at: Location }
  | { kind: 'member'; id: number; at: Location; alias: string; filter: IrExpr | undefined };

export interface IrLet extends NodeBase {
  kind: 'let';
  name: string;
  labels?: LocalizedText; // as for parameters
  type: IrType;
  value: IrExpr;
  /** What the value can depend on, for evaluators that hoist: 'date' (parameters, literals, the date and
   *  such lets), 'household' (no subject), 'subject' (reads the subject, directly or through lets). */
  dependsOn: 'date' | 'household' | 'subject';
}

export type BenefitPeriod = 'month' | 'bimonth' | 'year' | 'once';

export interface IrBenefit extends NodeBase {
  kind: 'benefit';
  period: BenefitPeriod;
  amount: IrExpr;
}

/** `component savings per year = …`: a named part of what the program gives, paid only when eligible. */
export interface IrComponent extends NodeBase {
  kind: 'component';
  name: string;
  labels?: LocalizedText; // as for parameters
  period: BenefitPeriod;
  amount: IrExpr;
  provenance: Provenance | undefined;
}

export interface IrScore extends NodeBase {
  kind: 'score';
  name: string;
  labels?: LocalizedText; // as for parameters
  value: IrExpr;
}

export interface IrOutcome extends NodeBase {
  kind: 'outcome';
  value: IrExpr;
  /** `outcome when eligible = …`: reported only for eligible subjects. */
  whenEligible: boolean;
}

/** A whole ruleset. `lets` are in dependency order (each reads only lets before it). */
export interface IrRuleset {
  id: string; // "bo/mped"
  title: string;
  /** The language the ruleset is written in (`language pt`; English when it says none). */
  language?: Lang;
  /** The title in the ruleset's language and its translations. */
  titles?: LocalizedText;
  currency: string;
  country: string | undefined;
  /** The program's own window: [from, until] day numbers, undefined when open. */
  inForce: { from: number | undefined; until: number | undefined };
  parameters: ReadonlyMap<string, IrParameter>;
  tables: ReadonlyMap<string, IrTable>;
  subject: IrSubject;
  lets: readonly IrLet[];
  eligible: IrCondition | undefined;
  benefit: IrBenefit | undefined;
  /** `paid when …`: the condition of payment; the benefit's amount is then an `IrPaymentGate` reading it. */
  payment?: IrCondition;
  /** Named components beside the benefit, in declaration order. */
  components?: readonly IrComponent[];
  scores: readonly IrScore[];
  outcome: IrOutcome | undefined;
  /** How each outcome value reads (`translation es { outcome selected: "seleccionada" }`), by value; the
   *  decision's `outcome` stays the value. Absent when no translation gives one. */
  outcomeTexts?: ReadonlyMap<string, LocalizedText>;
  /** Ids of other programs read with `eligible(…)`. */
  programDependencies: readonly string[];
  /** Every expression and condition node by id (parameters, tables and declarations too). */
  nodes: ReadonlyMap<number, IrNode>;
  /** Set by resolveForDate: the day every `param` has been resolved for. */
  resolvedFor?: number;
}

export type IrNode =
  | IrExpr
  | IrCondition
  | IrParameter
  | IrTable
  | IrLet
  | IrBenefit
  | IrComponent
  | IrScore
  | IrOutcome;
