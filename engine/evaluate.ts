// The public evaluation API: load a ruleset (parse, check, compile), evaluate a household with the compiled
// code or with the reference interpreter, and shape the result as the decision contract (decision.ts).
//
// One decision path: every decision is built by `fields` (+ `explainSubject` for reasons and the tree) from
// a SubjectView — node values by IR node id and the origins of the unknown ones. On requests the view is
// the traced compiled code's (which carries origins, compile.ts); the batch path runs the fast code and
// asks the traced code, once per household, only for an undetermined subject's missing facts or for
// reasons when they are read. A decision's `assumptions` come from the compiled withheld run (every
// assumption withheld, compile.ts), once per household. The reference interpreter gives the same view,
// and the same assumptions, for the tests that hold the two to each other (`interpretHousehold`); it is
// not on the request path.
import { check, hasErrors, parse, type Diagnostic } from '../dsl';
import type { CheckedRuleset, ProgramResolver } from '../dsl/check/types';
import type { Aggregate } from '../dsl/ast';
import { compile, type CompiledSubject } from './compile';
import type { Decision, EvaluateResponse, ExplanationNode, Household, Period, ReasonDetail } from './decision';
import { explainSubject, notInForceReason, rememberedReasons, type ExplainContext, type Lang, type NodeTrace } from './explain';
import type { NodeValues } from './explain/build';
import { ReasonMemo } from './explain/memo';
import { assumptionsOf, referenceAssumptions, withheldSubjects } from './assumptions';
import { paymentExplanation, paymentReasons, reportedComponents } from './payment';
import { aggregateMembers, interpretSubjects, type MemberTruth, type SubjectValues } from './interpret';
import { assumptionsOn } from './ir/resolve';
import { programInForce } from './semantics';
import { sha256Hex } from './sha256';
import { membersOf, type EvalEnv, type LoadedRuleset, type RawHousehold, type RawMember, type RulesetResolver, type WithheldSubject } from './types';
import { isUnknown, sortPointers, type Unknown } from './unknown';
import { formatIsoDate, parseIsoDate } from './values';

export interface LoadOptions {
  /** Other loaded rulesets, for `eligible(…)` and `extends`. */
  resolve?: RulesetResolver;
  /** What the checker reads for other programs; by default the ASTs of `resolve`'s rulesets. */
  resolveAst?: ProgramResolver;
}

export function loadRuleset(id: string, source: string, options: LoadOptions = {}): { ruleset: LoadedRuleset | undefined; diagnostics: Diagnostic[] } {
  const parsed = parse(source);
  const resolveAst: ProgramResolver = options.resolveAst ?? ((pid) => options.resolve?.(pid)?.checked.ast);
  const checked = check(parsed.ast, { id, resolve: resolveAst });
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics) || !checked.checked) return { ruleset: undefined, diagnostics };
  try {
    const c = checked.checked;
    const ruleset: LoadedRuleset = {
      id: c.id,
      version: `sha256:${sha256Hex(source)}`,
      title: c.header.title,
      source,
      checked: c,
      compiled: compile(c),
    };
    return { ruleset, diagnostics };
  } catch (e) {
    // A checked ruleset the compiler cannot handle is our bug, never the author's: report it, don't crash.
    const range = parsed.ast.range;
    const message = `internal error while compiling: ${e instanceof Error ? e.message : String(e)}`;
    return { ruleset: undefined, diagnostics: [...diagnostics, { code: 'E-INTERNAL', severity: 'error', range, message }] };
  }
}

export interface EvaluateOptions {
  date: string;
  explain?: boolean; // default true
  resolve?: RulesetResolver;
  /** The language of reasons and explanation labels (default en; see engine/render/). */
  lang?: Lang;
  /** Batch path only (explain: false). By default each decision's `reasons` and `assumptions` are computed
   *  when first read (see FastDecision); `lazy: false` computes them at once and returns plain objects —
   *  cheaper for a caller that reads or serialises every decision, as the service and the CLI do. */
  lazy?: boolean;
}

/** Evaluates with the compiled code. With `explain: false` (the batch path) it runs the fast code and
 *  computes each decision's `reasons` when they are first read (see FastDecision); a subject whose decision
 *  is undetermined gets its missing facts from the traced code, run once for the household. */
export function evaluate(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const on = onDate(ruleset, options.date);
  const h = household as RawHousehold;
  const env: EvalEnv = { resolve: options.resolve };
  if (options.explain ?? true) {
    const views = ruleset.compiled.traced(h, on.day, env).map((s) => new CompiledView(ruleset, h, s));
    const withheld = on.inForce ? withheldSubjects(ruleset, h, on.day, env) : undefined;
    // The callback is written in place, not named: tsx and esbuild's keepNames wrap a named closure in
    // `__name`, a defineProperty on every call of evaluate (a tenth of an explained evaluation's time).
    return respond(ruleset, household, on, true, views, options.lang, env, (s, eligible) => assumptionsOf(ruleset.checked, withheld?.get(s.memberIndex), eligible));
  }
  // The batch path: no wrapper per subject, and the per-date facts (in force, assumptions) from the cache.
  const results = ruleset.compiled.fast(h, on.day, env);
  const checked = ruleset.checked;
  const members = Array.isArray(h.members) ? (h.members as RawMember[]) : NO_MEMBERS;
  const decisions: Decision[] = new Array(results.length);
  let later: LazyTrace | undefined;
  for (let i = 0; i < results.length; i++) {
    const s = results[i];
    const subject = s.memberIndex < 0 ? 'household' : String(members[s.memberIndex]?.id);
    if (!on.inForce) {
      decisions[i] = notInForce(checked, subject, on.day, false, options.lang);
      continue;
    }
    later ??= new LazyTrace(ruleset, h, on.day, env, options.lang);
    const f = fields(checked, on, s, (which) => later!.view(i).why(which));
    const d: Decision = options.lazy === false
      ? {
          subject, eligible: f.eligible, benefit: f.benefit, scores: f.scores, outcome: f.outcome, missing: f.missing, not_in_force: f.not_in_force,
          assumptions: later.assumptions(s.memberIndex, f.eligible), reasons: later.reasons(i, s.memberIndex, f.eligible),
        }
      : new FastDecision(subject, f, later, i, s.memberIndex);
    if (checked.components?.length) d.components = reportedComponents(checked, f.eligible, s.components);
    decisions[i] = d;
  }
  return envelope(ruleset, household, on, decisions);
}

/** The decision fields alone — no reasons, missing facts, assumptions or explanation — for bulk screening
 *  and population analysis: the compiled code with nothing around it. Same values as `evaluate`. */
export interface BareDecision {
  subject: string;
  eligible: boolean | null;
  /** 0 when not eligible, null when undetermined. */
  benefit: number | null;
  scores: Record<string, number | null>;
  outcome: string | null;
}

export function decide(ruleset: LoadedRuleset, household: Household, options: { date: string; resolve?: RulesetResolver }): BareDecision[] {
  const on = onDate(ruleset, options.date);
  const h = household as RawHousehold;
  const results = ruleset.compiled.fast(h, on.day, { resolve: options.resolve });
  const members = Array.isArray(h.members) ? (h.members as RawMember[]) : NO_MEMBERS;
  const out: BareDecision[] = new Array(results.length);
  for (let i = 0; i < results.length; i++) {
    const s = results[i];
    const subject = s.memberIndex < 0 ? 'household' : String(members[s.memberIndex]?.id);
    // Outside the program's period every subject is refused, as `evaluate` says (with its reason).
    const eligible = on.inForce ? (s.eligible ?? null) : false;
    const benefit = eligible === true ? (s.benefit ?? null) : eligible === false ? 0 : null;
    const scores = scoresOf(on.scoreNames, on.inForce ? s.scores : NO_SCORES);
    out[i] = { subject, eligible, benefit, scores, outcome: on.inForce ? reportedOutcome(ruleset.checked, eligible, s.outcome) : null };
  }
  return out;
}

/** Evaluates with the reference interpreter: the same response, by a different road (for the tests that
 *  hold the compiled code to it; never on the request path). */
export function interpretHousehold(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const on = onDate(ruleset, options.date);
  const env: EvalEnv = { resolve: options.resolve };
  const h = household as RawHousehold;
  const views = interpretSubjects(ruleset.checked, h, on.day, env).map((s) => new InterpretedView(s, ruleset.checked, h, on.day, env));
  return respond(ruleset, household, on, options.explain ?? true, views, options.lang, env, (s, eligible) => referenceAssumptions(ruleset.checked, h, on.day, s.memberIndex, env, eligible));
}

const NO_MEMBERS: RawMember[] = [];

/** The outcome as reported: `outcome when eligible = …` is null for a subject that is not (or not yet
 *  known to be) eligible. */
function reportedOutcome(checked: CheckedRuleset, eligible: boolean | null, outcome: string | undefined): string | null {
  if (checked.outcome?.whenEligible && eligible !== true) return null;
  return outcome ?? null;
}

/** The response around the decisions (shared/api.md). */
function envelope(ruleset: LoadedRuleset, household: Household, on: OnDate, decisions: Decision[]): EvaluateResponse {
  return {
    ruleset: { id: ruleset.id, version: ruleset.version, title: ruleset.title },
    date: on.date,
    household: String(household.id),
    in_force: on.inForce,
    decisions,
  };
}
const NO_SCORES: (number | undefined)[] = [];

/** What a ruleset's decisions share on one date, worked out once per (ruleset, date): batch callers
 *  evaluate many households on one date. */
interface OnDate {
  date: string; // ISO text of `day` (the caller's text: parseIsoDate accepts only the canonical form)
  day: number;
  inForce: boolean;
  assumptions: string[];
  period: Period;
  scoreNames: string[];
}

const onDates = new WeakMap<LoadedRuleset, OnDate>();

function onDate(ruleset: LoadedRuleset, date: string): OnDate {
  const last = onDates.get(ruleset);
  if (last !== undefined && last.date === date) return last;
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  const checked = ruleset.checked;
  const on: OnDate = {
    date: formatIsoDate(day),
    day,
    inForce: programInForce(checked, day),
    assumptions: assumptionsOn(checked, day),
    period: period(checked),
    scoreNames: checked.scores.map((s) => s.name.text),
  };
  onDates.set(ruleset, on);
  return on;
}

function scoresOf(names: string[], values: readonly (number | undefined)[]): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  for (let i = 0; i < names.length; i++) scores[names[i]] = values[i] ?? null;
  return scores;
}

// ---------------------------------------------------------------- one subject, from either evaluator

/** One subject's values, whichever evaluator computed them: the decision fields, and every explained
 *  node's value by IR node id with the origins of the unknown ones (NodeTrace, read by explain.ts). */
interface SubjectView extends NodeTrace {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: readonly (number | undefined)[];
  readonly outcome: string | undefined;
  /** The components' amounts, in declaration order. */
  readonly components: readonly (number | undefined)[];
  /** Where an unknown eligibility or benefit came from. */
  why(which: 'eligible' | 'benefit'): Unknown | undefined;
}

/** The traced compiled code's values: node values by trace slot, unknowns with their origins. */
class CompiledView implements SubjectView {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: readonly (number | undefined)[];
  readonly outcome: string | undefined;
  readonly components: readonly (number | undefined)[];
  private readonly slotOfNode: Int32Array;
  private readonly values: unknown[];

  constructor(private readonly ruleset: LoadedRuleset, private readonly h: RawHousehold, private readonly s: CompiledSubject) {
    this.memberIndex = s.memberIndex;
    this.eligible = s.eligible;
    this.benefit = s.benefit;
    this.scores = s.scores;
    this.outcome = s.outcome;
    this.components = s.components;
    this.slotOfNode = ruleset.compiled.slotOfNode;
    this.values = s.trace ?? [];
  }
  private slot(id: number): unknown {
    const slot = this.slotOfNode[id];
    return slot === undefined || slot < 0 ? undefined : this.values[slot];
  }
  value(id: number): unknown {
    const v = this.slot(id);
    return isUnknown(v) ? undefined : v;
  }
  origins(id: number): Unknown | undefined {
    const v = this.slot(id);
    return isUnknown(v) ? v : undefined;
  }
  members(agg: Aggregate): MemberTruth[] {
    // The traced code keeps each member's answer for every condition the explanation lists by member.
    const slot = this.ruleset.compiled.memberSlots.get(agg.id);
    const answers = slot === undefined ? undefined : (this.values[slot] as unknown[] | undefined);
    if (!answers) throw new Error(`internal: no member answers traced for node ${agg.id}`);
    const members = membersOf(this.h);
    return answers.map((holds, i) => ({ id: String(members[i]?.id), holds: typeof holds === 'boolean' ? holds : null }));
  }
  concerned(aggregateId: number): (boolean | null)[] | undefined {
    const slot = this.ruleset.compiled.memberSlots.get(aggregateId);
    return slot === undefined ? undefined : (this.values[slot + 1] as (boolean | null)[] | undefined);
  }
  why(which: 'eligible' | 'benefit'): Unknown | undefined {
    return this.s.why?.[which];
  }
}

/** The reference interpreter's values: every node it evaluated, by id. */
class InterpretedView implements SubjectView {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: (number | undefined)[];
  readonly outcome: string | undefined;
  readonly components: (number | undefined)[];
  constructor(private readonly s: SubjectValues, private readonly checked: CheckedRuleset, private readonly h: RawHousehold, private readonly day: number, private readonly env: EvalEnv) {
    this.memberIndex = s.memberIndex;
    this.eligible = known(s.eligible) as boolean | undefined;
    this.benefit = known(s.benefit) as number | undefined;
    this.scores = s.scores.map(known) as (number | undefined)[];
    this.outcome = known(s.outcome) as string | undefined;
    this.components = s.components.map(known) as (number | undefined)[];
  }
  value(id: number): unknown {
    return known(this.s.nodes.get(id));
  }
  origins(id: number): Unknown | undefined {
    const v = this.s.nodes.get(id);
    return isUnknown(v) ? v : undefined;
  }
  members(agg: Aggregate): MemberTruth[] {
    return aggregateMembers(this.checked, this.h, this.day, this.memberIndex, agg, this.env);
  }
  why(which: 'eligible' | 'benefit'): Unknown | undefined {
    const v = this.s[which];
    return isUnknown(v) ? v : undefined;
  }
}

/** The traced compiled run of a household, made only when a lazily computed reason, or the missing facts
 *  of an undetermined subject, are first read: the same subjects, in the same order, as the fast run.
 *  Likewise the withheld run, when a decision's assumptions are first read. */
class LazyTrace {
  private views: CompiledView[] | undefined;
  private valueViews: CompiledView[] | undefined;
  private withheldRun: Map<number, WithheldSubject> | undefined | null = null;
  constructor(readonly ruleset: LoadedRuleset, readonly h: RawHousehold, readonly day: number, readonly env: EvalEnv, readonly lang: Lang | undefined) {}
  view(index: number): CompiledView {
    this.views ??= this.ruleset.compiled.traced(this.h, this.day, this.env).map((s) => new CompiledView(this.ruleset, this.h, s));
    return this.views[index]!;
  }
  /** The values run (no origins): enough for a decided subject's reasons. */
  values(index: number): CompiledView {
    if (this.views) return this.views[index]!; // the traced run was made already: it holds the same values
    this.valueViews ??= this.ruleset.compiled.values(this.h, this.day, this.env).map((s) => new CompiledView(this.ruleset, this.h, s));
    return this.valueViews[index]!;
  }
  /** The subject's values with every assumption withheld (undefined: the ruleset has none). */
  withheld(memberIndex: number): WithheldSubject | undefined {
    if (this.withheldRun === null) this.withheldRun = withheldSubjects(this.ruleset, this.h, this.day, this.env);
    return this.withheldRun?.get(memberIndex);
  }

  /** The assumptions a subject's decision depended on, given its verdict. */
  assumptions(memberIndex: number, eligible: boolean | null): string[] {
    return assumptionsOf(this.ruleset.checked, this.withheld(memberIndex), eligible);
  }

  /** A subject's reasons. A decided subject's read values only, and are most often remembered
   *  (explain/memo.ts); an undetermined one's name what is missing, from the traced run. */
  reasons(index: number, memberIndex: number, eligible: boolean | null): string[] {
    const checked = this.ruleset.checked;
    const ctx = { lang: this.lang, household: this.h, memberIndex, env: this.env };
    if (eligible === null) return explainSubject(checked, this.view(index), this.day, false, ctx).reasons;
    const paid = checked.payment && eligible === true
      ? { key: 'payment', write: (v: NodeValues) => paymentReasons(checked, v, this.lang, this.day) } : undefined;
    return rememberedReasons(checked, this.values(index), this.day, ctx, reasonMemo(this.ruleset, this.lang), paid);
  }
}

/** A subject's decisive assumptions, given its verdict: from the compiled withheld run, or the interpreter's. */
type Assumed = (s: SubjectView, eligible: boolean | null) => string[];

function known(v: unknown): unknown {
  return isUnknown(v) ? undefined : v;
}

// ---------------------------------------------------------------- the decision, built one way

/** A decision's fields apart from reasons and explanation, from a subject's values: the same for the
 *  batch path (fast values; `why` asked only for an undetermined amount) and the explained one. */
type DecisionFields = Omit<Decision, 'reasons' | 'explanation' | 'assumptions' | 'subject'>;

function fields(
  checked: CheckedRuleset, on: OnDate,
  s: { eligible: boolean | undefined; benefit: number | undefined; scores: readonly (number | undefined)[]; outcome: string | undefined },
  why: (which: 'eligible' | 'benefit') => Unknown | undefined,
): DecisionFields {
  const eligible = s.eligible ?? null;
  const amount = eligible === true ? (s.benefit ?? null) : eligible === false ? 0 : null;
  // Name what is missing when the decision, or the amount of an eligible subject, is undetermined.
  let missing: string[] = [];
  let notInForceParams: string[] = [];
  if (amount === null) {
    const u = why(eligible === null ? 'eligible' : 'benefit');
    missing = sortPointers(u?.missing ?? []);
    notInForceParams = [...(u?.notInForce ?? [])].sort();
  }
  return {
    eligible,
    benefit: { amount, currency: checked.currency, period: on.period },
    scores: scoresOf(on.scoreNames, s.scores),
    outcome: reportedOutcome(checked, eligible, s.outcome),
    missing,
    not_in_force: notInForceParams,
  };
}

function respond(
  ruleset: LoadedRuleset, household: Household, on: OnDate, explain: boolean, subjects: SubjectView[], lang: Lang | undefined, env: EvalEnv, assumed: Assumed,
): EvaluateResponse {
  const checked = ruleset.checked;
  const members = membersOf(household as RawHousehold);
  const decisions: Decision[] = [];
  for (const s of subjects) {
    const subject = s.memberIndex < 0 ? 'household' : String(members[s.memberIndex]?.id);
    const ctx = { lang, household: household as RawHousehold, memberIndex: s.memberIndex, env };
    decisions.push(on.inForce ? decision(checked, s, subject, on, explain, ctx, assumed) : notInForce(checked, subject, on.day, explain, lang));
  }
  const response = envelope(ruleset, household, on, decisions);
  if (explain && lang) response.language = lang;
  return response;
}

function period(checked: CheckedRuleset): Period {
  return checked.benefit?.period ?? 'once';
}

function decision(checked: CheckedRuleset, s: SubjectView, subject: string, on: OnDate, explain: boolean,
  ctx: ExplainContext & { household: RawHousehold; memberIndex: number; env: EvalEnv }, assumed: Assumed): Decision {
  const f = fields(checked, on, s, (which) => s.why(which));
  const explained = explainSubject(checked, s, on.day, explain, ctx);
  if (checked.payment && f.eligible === true) explained.reasons.push(...paymentReasons(checked, s, ctx.lang, on.day));
  const assumptions = assumed(s, f.eligible);
  const d: Decision = { subject, ...f, assumptions, reasons: explained.reasons };
  if (checked.components?.length) d.components = reportedComponents(checked, f.eligible, s.components);
  if (explain) {
    d.explanation = explained.explanation;
    const details = explained.structured as unknown as ReasonDetail[];
    for (let i = 0; i < details.length; i++) details[i].text = explained.reasons[i]; // built for this decision: no copy
    d.reason_details = details;
    const paid = checked.payment ? paymentExplanation(checked, s, ctx.lang, on.day) : undefined;
    if (paid && d.explanation) d.explanation.children = [...(d.explanation.children ?? []), paid];
  }
  return d;
}

/** A decision of the batch path (explain: false). Its `reasons` are an enumerable own property from the
 *  start — `Object.keys`, spread, `JSON.stringify`, `structuredClone` and deep equality all see them — but
 *  an accessor that computes them on first read (from a values or traced run of the same household and
 *  date, shared by the household's decisions) and returns the same array after. Callers that never read
 *  reasons do not pay for them. The household must not be changed before the reasons are read. Likewise
 *  `assumptions` (from the household's withheld run). Assigning either makes it a plain data property.
 *
 *  Reading does not turn the accessor into a data property: redefining a property moves the object to a
 *  slow (dictionary) shape, which cost more than the reasons themselves in a batch that reads them.
 *  `JSON.stringify` reads the accessors like any property. */
class FastDecision implements Decision {
  subject: string;
  eligible: boolean | null;
  benefit: Decision['benefit'];
  scores: Record<string, number | null>;
  outcome: string | null;
  missing: string[];
  not_in_force: string[];
  declare assumptions: string[];
  declare reasons: string[];
  declare components?: Decision['components'];
  readonly #later: LazyTrace;
  readonly #index: number;
  readonly #memberIndex: number;
  /** The computed values (undefined: not yet); once a property is a data property again, its own value rules. */
  #assumptions: string[] | undefined;
  #reasons: string[] | undefined;

  constructor(subject: string, f: DecisionFields, later: LazyTrace, index: number, memberIndex: number) {
    // The same own properties, in the same order, as a decision built by `decision`.
    this.subject = subject;
    this.eligible = f.eligible;
    this.benefit = f.benefit;
    this.scores = f.scores;
    this.outcome = f.outcome;
    this.missing = f.missing;
    this.not_in_force = f.not_in_force;
    this.#later = later;
    this.#index = index;
    this.#memberIndex = memberIndex;
    Object.defineProperty(this, 'assumptions', FastDecision.#lazyAssumptions);
    Object.defineProperty(this, 'reasons', FastDecision.#lazyReasons);
  }

  #computedAssumptions(): string[] {
    return (this.#assumptions ??= this.#later.assumptions(this.#memberIndex, this.eligible));
  }

  #computedReasons(): string[] {
    return (this.#reasons ??= this.#later.reasons(this.#index, this.#memberIndex, this.eligible));
  }

  static #toData(d: FastDecision, key: 'assumptions' | 'reasons', value: string[]): void {
    Object.defineProperty(d, key, { value, enumerable: true, configurable: true, writable: true });
  }

  /** Like `reasons`: an enumerable accessor that reads the household's withheld run on first read. */
  static readonly #lazyAssumptions: PropertyDescriptor = {
    get(this: FastDecision): string[] {
      return this.#computedAssumptions();
    },
    set(this: FastDecision, value: string[]) {
      FastDecision.#toData(this, 'assumptions', value);
    },
    enumerable: true,
    configurable: true,
  };

  static readonly #lazyReasons: PropertyDescriptor = {
    get(this: FastDecision): string[] {
      return this.#computedReasons();
    },
    set(this: FastDecision, value: string[]) {
      FastDecision.#toData(this, 'reasons', value);
    },
    enumerable: true,
    configurable: true,
  };
}

const memos = new WeakMap<LoadedRuleset, Map<Lang | undefined, ReasonMemo>>();

/** The batch path's memo of reason texts for a ruleset and language (exported for its tests). */
export function reasonMemo(ruleset: LoadedRuleset, lang: Lang | undefined): ReasonMemo {
  let byLang = memos.get(ruleset);
  if (!byLang) memos.set(ruleset, (byLang = new Map()));
  let memo = byLang.get(lang);
  if (!memo) byLang.set(lang, (memo = new ReasonMemo()));
  return memo;
}

/** Outside the program's own dates no one is eligible, whatever the household. */
function notInForce(checked: CheckedRuleset, subject: string, day: number, explain: boolean, lang: Lang | undefined): Decision {
  const f = checked.header.inForce!;
  const reason = notInForceReason(checked, day, lang);
  const d: Decision = {
    subject,
    eligible: false,
    benefit: { amount: 0, currency: checked.currency, period: period(checked) },
    scores: Object.fromEntries(checked.scores.map((sc) => [sc.name.text, null])),
    outcome: null,
    missing: [],
    not_in_force: [],
    assumptions: [],
    reasons: [reason.text],
  };
  if (explain) {
    d.reason_details = [{ ...reason.structured, text: reason.text }];
    const node: ExplanationNode = {
      kind: 'condition',
      label: 'the program is in force',
      holds: false,
      value: formatIsoDate(day),
      compared: { op: 'in', threshold: `${f.from.text}..${f.until?.text ?? ''}` },
      line: checked.header.range.start.line,
    };
    d.explanation = node;
  }
  return d;
}

