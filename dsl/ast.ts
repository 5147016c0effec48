// The abstract syntax tree: the spine every later stage reads. Types only.
// Every node carries `id` (unique within one parsed file, stable order of creation) and `range`.
// Nothing here is a Chevrotain type, so the checker, compiler and editor never see the parser.

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
  offset: number; // 0-based character offset
}
export interface Range {
  start: Position;
  end: Position; // exclusive
}

interface NodeBase {
  id: number;
  range: Range;
}

/** A name as written, with its own range (for "did you mean" and go-to-definition). */
export interface Name extends NodeBase {
  kind: 'Name';
  text: string;
}

/** A citation: `source "…"` is a fact, `assumption "…"` a guess with its reason. */
export interface Provenance extends NodeBase {
  kind: 'Provenance';
  type: 'source' | 'assumption';
  text: string;
}

// ---------------------------------------------------------------- units

/** `BOB per person per month` → numerator [BOB], denominators [person, month]. `number` → both empty. */
export interface UnitExpr extends NodeBase {
  kind: 'UnitExpr';
  numerator: Name[]; // empty for `number`
  denominators: Name[];
}

// ---------------------------------------------------------------- file

export interface RulesetFile extends NodeBase {
  kind: 'RulesetFile';
  program: ProgramHeader | undefined; // undefined only after a syntax error
  declarations: Declaration[];
}

export interface ProgramHeader extends NodeBase {
  kind: 'ProgramHeader';
  programId: ProgramRef;
  title: string;
  titleRange?: Range;
  country: Name | undefined;
  currency: Name | undefined;
  provenance: Provenance[];
  inForce: { from: DateLiteral; until: DateLiteral | undefined } | undefined;
  extends: ProgramRef | undefined;
  /** `language pt`: the language the ruleset's labels are written in (absent: English). */
  language?: Name | undefined;
}

export interface ProgramRef extends NodeBase {
  kind: 'ProgramRef';
  programId: string; // "bo/mped"
  version: string | undefined; // from "bo/mped@sha256:…"
}

export type Declaration =
  | ParameterDecl
  | TableDecl
  | SubjectDecl
  | LetDecl
  | EligibleDecl
  | BenefitDecl
  | ScoreDecl
  | OutcomeDecl
  | ExampleDecl
  | PropertyDecl
  | TranslationDecl
  | CannotChangeDecl
  | PaymentDecl
  | ComponentDecl;

export interface ParameterDecl extends NodeBase {
  kind: 'ParameterDecl';
  name: Name;
  type: UnitExpr | DateTypeExpr;
  values: DatedValue[]; // one with `from: undefined` for `= value`
  until: DateLiteral | undefined;
}

export interface DateTypeExpr extends NodeBase {
  kind: 'DateTypeExpr';
}

export interface DatedValue extends NodeBase {
  kind: 'DatedValue';
  from: DateLiteral | undefined;
  /** `from 2008-01-01 assumption "…" = …`: the day is a guess within its year (the source gives the year). */
  fromAssumption?: string;
  value: NumberLiteral | DateLiteral;
  provenance: Provenance | undefined; // missing → checker error E-NO-PROVENANCE
}

export interface TableDecl extends NodeBase {
  kind: 'TableDecl';
  name: Name;
  resultUnit: UnitExpr;
  provenance: Provenance[];
  granularity: NumberLiteral | undefined;
  rows: TableRow[];
}

export interface TableRow extends NodeBase {
  kind: 'TableRow';
  key: NumberLiteral | RangeExpr | EnumKey | Otherwise;
  value: NumberLiteral;
}

export interface EnumKey extends NodeBase {
  kind: 'EnumKey';
  name: string;
}
export interface Otherwise extends NodeBase {
  kind: 'Otherwise';
}

export type SubjectDecl = HouseholdSubject | MemberSubject;
export interface HouseholdSubject extends NodeBase {
  kind: 'HouseholdSubject';
}
export interface MemberSubject extends NodeBase {
  kind: 'MemberSubject';
  alias: Name;
  filter: Expr | undefined;
}

export interface LetDecl extends NodeBase {
  kind: 'LetDecl';
  name: Name;
  value: Expr;
}

export interface EligibleDecl extends NodeBase {
  kind: 'EligibleDecl';
  condition: ConditionItem;
}

export type ConditionItem = LabelledCondition | ConditionGroup;

export interface LabelledCondition extends NodeBase {
  kind: 'LabelledCondition';
  label: string;
  labelRange?: Range; // of the quoted label, for diagnostics inside it
  test: Expr;
  provenance: Provenance | undefined;
}

export interface ConditionGroup extends NodeBase {
  kind: 'ConditionGroup';
  combinator: 'all' | 'any' | 'none';
  label: string | undefined;
  labelRange?: Range;
  items: ConditionItem[];
}

export type BenefitPeriod = 'month' | 'bimonth' | 'year' | 'once';

export interface BenefitDecl extends NodeBase {
  kind: 'BenefitDecl';
  period: BenefitPeriod;
  amount: Expr;
}

/** `cannot change household.area, members.sex`: facts the program says cannot change (counterfactual
 *  search never changes them). Each field is written `household.<path>` or `members.<path>`. */
export interface CannotChangeDecl extends NodeBase {
  kind: 'CannotChangeDecl';
  fields: FieldPath[];
  provenance: Provenance | undefined;
}

/** `household.electricity.bill_per_month`: the owner word, then the path, each part with its range. */
export interface FieldPath extends NodeBase {
  kind: 'FieldPath';
  parts: Name[];
}

/** `paid when <condition item>`: a condition of payment for the benefit's period. An eligible subject whose
 *  condition is false stays eligible and is paid 0 for the period; unknown leaves the amount unknown. */
export interface PaymentDecl extends NodeBase {
  kind: 'PaymentDecl';
  condition: ConditionItem;
}

/** `component savings per year = …`: a named part of what the program gives, with its own period, reported
 *  beside the benefit (which stays the primary amount). Paid only to eligible subjects. */
export interface ComponentDecl extends NodeBase {
  kind: 'ComponentDecl';
  name: Name;
  period: BenefitPeriod;
  amount: Expr;
  provenance: Provenance | undefined;
}

export interface ScoreDecl extends NodeBase {
  kind: 'ScoreDecl';
  name: Name;
  value: Expr;
}

export interface OutcomeDecl extends NodeBase {
  kind: 'OutcomeDecl';
  value: Expr;
  /** `outcome when eligible = …`: reported only for eligible subjects (null otherwise), e.g. selection by
   *  a score cutoff among those who qualify. */
  whenEligible: boolean;
}

// ---------------------------------------------------------------- translations

/** `translation es { "label as written": "its Spanish text"  income_limit: "límite de ingreso" }`: the
 *  ruleset's texts in another language. A quoted key is a text of the ruleset (the title, a condition's or
 *  group's label, a term of `sum of`); a bare key is a name (a parameter, table, let or score), translated
 *  for explanations; `outcome <value>` is a value an outcome expression reports (the decision's `outcome`
 *  stays the value; explanations show its text). */
export interface TranslationDecl extends NodeBase {
  kind: 'TranslationDecl';
  language: Name; // "es"
  entries: TranslationEntry[];
}

export interface TranslationEntry extends NodeBase {
  kind: 'TranslationEntry';
  /** `outcome selected: …` is an `outcome` key: the value an outcome expression reports. */
  key: { kind: 'text'; text: string; range: Range } | { kind: 'name'; name: Name } | { kind: 'outcome'; value: string; range: Range };
  text: string;
  textRange: Range;
}

// ---------------------------------------------------------------- examples and properties

export interface ExampleDecl extends NodeBase {
  kind: 'ExampleDecl';
  name: string;
  date: DateLiteral | undefined;
  household: JsonValue; // a JsonObject when well-formed
  expectations: Expectation[];
}

export interface Expectation extends NodeBase {
  kind: 'Expectation';
  subject: string; // a member id, or "household"
  field: 'eligible' | 'benefit' | 'score' | 'outcome' | 'component';
  scoreName: string | undefined; // for field = 'score', and the component's name for field = 'component'
  expected: JsonValue; // true/false/null, a number or a string
}

/** A law the ruleset must obey, checked by `elig test` on generated households. */
export interface PropertyDecl extends NodeBase {
  kind: 'PropertyDecl';
  name: string;
  law: PropertyLaw;
}

/** A decision field a property talks about: `eligible`, `benefit`, `score priority`, `outcome`. */
export interface DecisionRef {
  field: 'eligible' | 'benefit' | 'score' | 'outcome';
  scoreName: string | undefined;
  range: Range;
}

/** `eligible`, `not eligible`, `benefit > 0`, `score priority >= 300`, `outcome = "selected"`. */
export interface DecisionTest {
  ref: DecisionRef;
  negated: boolean;
  op: Compare['op'] | undefined;
  value: NumberLiteral | TextLiteral | undefined;
}

export type InvariantTransformation = 'member_order' | 'unrelated_member' | 'date_within_period';

export type PropertyLaw =
  /** `eligible never rises with household.monthly_income` */
  | { kind: 'monotone'; result: DecisionRef; direction: 'never_rises' | 'never_falls'; input: Expr }
  /** `benefit always <= 1820` */
  | { kind: 'bound'; result: DecisionRef; op: Compare['op']; limit: NumberLiteral }
  /** `eligible implies benefit > 0` */
  | { kind: 'implies'; premise: DecisionTest; conclusion: DecisionTest }
  /** `unchanged when members are reordered` */
  | { kind: 'invariant'; transformation: InvariantTransformation; phrase: string }
  /** `agrees with br/bolsa-escola-df when household.monthly_income < 100` */
  | { kind: 'agrees'; other: ProgramRef; when: Expr | undefined }
  | { kind: 'deterministic' };

export type JsonValue =
  | { kind: 'JsonObject'; id: number; range: Range; entries: { key: string; keyRange: Range; value: JsonValue }[] }
  | { kind: 'JsonArray'; id: number; range: Range; items: JsonValue[] }
  | { kind: 'JsonString'; id: number; range: Range; value: string }
  | { kind: 'JsonNumber'; id: number; range: Range; text: string }
  | { kind: 'JsonBool'; id: number; range: Range; value: boolean }
  | { kind: 'JsonNull'; id: number; range: Range };

// ---------------------------------------------------------------- expressions

export type Expr =
  | NumberLiteral
  | DateLiteral
  | BoolLiteral
  | TextLiteral
  | NameRef
  | FieldAccess
  | Unary
  | Binary
  | Compare
  | InRange
  | InSet
  | IsEnum
  | IsKnown
  | IfExpr
  | Call
  | Aggregate
  | PointsSum
  | ProgramDecision
  | ProgramLiteral;

export interface NumberLiteral extends NodeBase {
  kind: 'NumberLiteral';
  text: string; // exactly as written, e.g. "22.420" — the formatter prints it back
  unit: UnitExpr | undefined;
}
export interface DateLiteral extends NodeBase {
  kind: 'DateLiteral';
  text: string; // "2012-01-01"
}
export interface BoolLiteral extends NodeBase {
  kind: 'BoolLiteral';
  value: boolean;
}
export interface TextLiteral extends NodeBase {
  kind: 'TextLiteral';
  value: string;
}
/** A bare name: a parameter, a `let`, the subject alias, an aggregate binder, or a built-in
 *  (`household`, `head`, `spouse`, `members`, `evaluation_date`). Resolved by the checker. */
export interface NameRef extends NodeBase {
  kind: 'NameRef';
  name: string;
}
export interface FieldAccess extends NodeBase {
  kind: 'FieldAccess';
  object: Expr;
  field: Name;
}
export interface Unary extends NodeBase {
  kind: 'Unary';
  op: '-' | 'not';
  operand: Expr;
}
export interface Binary extends NodeBase {
  kind: 'Binary';
  op: '+' | '-' | '*' | '/' | 'and' | 'or';
  left: Expr;
  right: Expr;
}
export interface Compare extends NodeBase {
  kind: 'Compare';
  op: '<' | '<=' | '>' | '>=' | '=' | '!=';
  left: Expr;
  right: Expr;
}
export interface RangeExpr extends NodeBase {
  kind: 'RangeExpr';
  low: NumberLiteral | undefined; // `..25`
  high: NumberLiteral | undefined; // `51..`
  highExclusive: boolean; // `18..<25`
}
export interface InRange extends NodeBase {
  kind: 'InRange';
  value: Expr;
  bounds: RangeExpr; // `in 18..24`; a single number `in 7` is the range 7..7
  negated: boolean;
}
export interface InSet extends NodeBase {
  kind: 'InSet';
  value: Expr;
  members: Name[]; // enum values, e.g. {public, agreement}
  negated: boolean;
}
export interface IsEnum extends NodeBase {
  kind: 'IsEnum';
  value: Expr;
  enumValue: Name;
  negated: boolean;
}
export interface IsKnown extends NodeBase {
  kind: 'IsKnown';
  value: Expr;
  negated: boolean; // `is unknown`
}
export interface IfExpr extends NodeBase {
  kind: 'IfExpr';
  condition: Expr;
  then: Expr;
  otherwise: Expr;
}
/** Built-in functions and table lookups: `min(a, b)`, `normal_cdf(x)`, `housing_points(h.housing)`. */
export interface Call extends NodeBase {
  kind: 'Call';
  callee: Name;
  args: Expr[];
}
export type AggregateOp = 'count' | 'sum' | 'min' | 'max' | 'any' | 'all';
/** `count(members as c where c.age < 14)`, `sum(members as m: m.monthly_income)`. */
export interface Aggregate extends NodeBase {
  kind: 'Aggregate';
  op: AggregateOp;
  binder: Name | undefined; // absent in `count(members)`
  filter: Expr | undefined;
  value: Expr | undefined; // absent for count
}
/** `sum of { "label": expr … }`: a points score explained term by term. */
export interface PointsSum extends NodeBase {
  kind: 'PointsSum';
  terms: { label: string; value: Expr; range: Range; labelRange?: Range }[];
}
/** `eligible(pe/juntos)`: another program's decision for the same household. */
export interface ProgramDecision extends NodeBase {
  kind: 'ProgramDecision';
  program: ProgramRef;
}

/** A program named as a value, for the participation functions: `years_in_program(pe/juntos)`. */
export interface ProgramLiteral extends NodeBase {
  kind: 'ProgramLiteral';
  program: ProgramRef;
}

export type Node =
  | RulesetFile
  | ProgramHeader
  | Declaration
  | Expr
  | RangeExpr
  | UnitExpr
  | Name
  | Provenance
  | DatedValue
  | TableRow
  | Expectation;
