// What the checker hands to the compiler: the AST plus every name resolved and every expression typed.
// The compiler and interpreter read only this; they never re-resolve names themselves.
import type {
  BenefitDecl, ComponentDecl, EligibleDecl, PaymentDecl, ExampleDecl, LetDecl, OutcomeDecl, ParameterDecl, ProgramHeader,
  PropertyDecl, Range, RulesetFile, ScoreDecl, SubjectDecl, TableDecl,
} from '../ast';

/** A unit as base-unit exponents: `BOB per person per month` → { BOB: 1, person: -1, month: -1 }.
 *  Dimensionless is {}. Keys are canonical singular names (`year`, `person`, …). */
export type Unit = Readonly<Record<string, number>>;

export type Type =
  | { kind: 'number'; unit: Unit | 'any' } // 'any': a bare literal, takes its context's unit
  | { kind: 'bool' }
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'enum'; values: readonly string[]; field: string; excluded?: readonly string[] } // field: "members.employment"; excluded: values ruled out by an enclosing `if … is v`
  | { kind: 'household' }
  | { kind: 'member' }
  | { kind: 'members' } // the list of members (only inside aggregates and count)
  | { kind: 'record'; path: string } // a nested object: "household.electricity", "member.enrollment"
  | { kind: 'error' }; // after an error has been reported, so one mistake gives one diagnostic

/** What a NameRef names. */
export type Resolution =
  | { kind: 'parameter'; decl: ParameterDecl }
  | { kind: 'let'; decl: LetDecl }
  | { kind: 'subject' } // the alias of `for each member as <alias>`
  | { kind: 'binder'; aggregateId: number } // the `m` of `sum(members as m: …)`
  | { kind: 'builtin'; name: 'household' | 'head' | 'spouse' | 'members' | 'evaluation_date' };

/** What a FieldAccess reads: a stored field (path from the household or member object) or a derived one. */
export type FieldRef =
  | { kind: 'stored'; owner: 'household' | 'member'; path: readonly string[] } // path from owner, e.g. ["electricity", "kwh_per_month"]
  | { kind: 'derived'; owner: 'household' | 'member'; name: 'age' | 'residency_years' | 'size' };

/** What a Call calls. */
export type CallTarget =
  | { kind: 'builtin'; name: string } // an entry of the operations registry (ops/registry.ts)
  | { kind: 'table'; decl: TableDecl };

export interface CheckedRuleset {
  ast: RulesetFile;
  id: string; // "bo/mped"
  header: ProgramHeader;
  currency: string; // "BOB"
  country: string | undefined;
  parameters: ReadonlyMap<string, ParameterDecl>;
  tables: ReadonlyMap<string, TableDecl>;
  /** `let`s in dependency order: each one only reads lets before it. */
  lets: readonly LetDecl[];
  subject: SubjectDecl; // a HouseholdSubject when the file has no `for`
  eligible: EligibleDecl | undefined;
  benefit: BenefitDecl | undefined;
  /** `paid when …`: the benefit's condition of payment. */
  payment?: PaymentDecl;
  /** `component name per period = …`: named parts reported beside the benefit. */
  components?: readonly ComponentDecl[];
  scores: readonly ScoreDecl[];
  outcome: OutcomeDecl | undefined;
  examples: readonly ExampleDecl[];
  properties: readonly PropertyDecl[];
  /** NameRef.id → what it names. */
  names: ReadonlyMap<number, Resolution>;
  /** FieldAccess.id → the field it reads. */
  fields: ReadonlyMap<number, FieldRef>;
  /** Call.id → built-in function or table. */
  calls: ReadonlyMap<number, CallTarget>;
  /** Expr.id → its type. */
  types: ReadonlyMap<number, Type>;
  /** Ids of other programs this one reads with `eligible(…)`. */
  programDependencies: readonly string[];
  /** The ruleset's language (`language pt`, else English) and its `translation` blocks. */
  translations?: Translations;
  /** Fields a `cannot change` declaration names: counterfactual search never changes them. */
  cannotChange?: readonly { owner: 'household' | 'member'; path: readonly string[] }[];
  /** Coefficients with more than 6 places and the regions computed in their units (coefficients.ts). */
  coefficients?: CoefficientScales;
  /** For a variant: the ruleset a rule at `range` was inherited from (its lines are that file's). */
  inheritedFrom?: (range: Range) => string | undefined;
}

/** The languages rulesets are written and translated in. */
export type Language = 'es' | 'pt' | 'en';

export interface Translations {
  /** The ruleset's own language: `language pt`, else English. */
  language: Language;
  /** By language, then by key (`text:<the text>` or `name:<the name>`): the translated text. */
  byLanguage: ReadonlyMap<Language, ReadonlyMap<string, string>>;
}

/** How the checker finds another ruleset (for `extends` and `eligible(…)`). */
export type ProgramResolver = (programId: string) => RulesetFile | undefined;

/** How many places beyond 6 the language computes a region in, and which nodes are in one. */
export interface CoefficientScales {
  /** k: every scaled node holds its value × 10ᵏ (1 ≤ k ≤ 6). */
  places: number;
  /** Expr.id → its scale (k, or 0 is never stored): literals here are lowered × 10^scale. */
  byExpr: ReadonlyMap<number, number>;
  /** Parameters whose values are stored × 10ᵏ. */
  parameters: ReadonlySet<string>;
  /** Call.id of a floating function → the scale of its argument, divided out before the call. */
  floatingArgs: ReadonlyMap<number, number>;
}
