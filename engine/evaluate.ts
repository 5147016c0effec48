// The public evaluation API: load a ruleset (parse, check, compile), evaluate a household with the compiled
// code or with the reference interpreter, and shape the result as the decision contract (decision.ts).
//
// The compiled code does not track where unknowns came from. When a subject's decision is undetermined
// (or eligible with an unknown benefit), or when its explanation shows an unknown node, the interpreter
// re-evaluates that one subject to name the missing facts and the parameters not in force. That path is
// rare on complete records and never changes a decided value.
import { check, hasErrors, parse, type Diagnostic } from '../dsl';
import type { CheckedRuleset, ProgramResolver } from '../dsl/check/types';
import type { Aggregate } from '../dsl/ast';
import { compile, type CompiledSubject } from './compile';
import type { Decision, EvaluateResponse, ExplanationNode, Household, Period, ReasonDetail } from './decision';
import { explainSubject, notInForceReason, type ExplainContext, type Lang, type NodeTrace } from './explain';
import { aggregateMembers, interpretSubjects, SubjectOrigins, type MemberTruth, type SubjectValues } from './interpret';
import { assumptionsOn, programInForce } from './semantics';
import { sha256Hex } from './sha256';
import { membersOf, type EvalEnv, type LoadedRuleset, type RawHousehold, type RawMember, type RulesetResolver } from './types';
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
}

/** Evaluates with the compiled code. With `explain: false` (the batch path) it runs the fast code and
 *  computes each decision's `reasons` when they are first read (see FastDecision). */
export function evaluate(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const on = onDate(ruleset, options.date);
  const h = household as RawHousehold;
  const env: EvalEnv = { resolve: options.resolve };
  const compiled = ruleset.compiled;
  if (options.explain ?? true) {
    const traced = compiled.traced(h, on.day, env);
    const subjects: SubjectResult[] = [];
    for (const s of traced) subjects.push(new CompiledResult(ruleset, h, on.day, env, s, s.trace));
    return respond(ruleset, household, on, true, subjects, options.lang, env);
  }
  // The batch path: no wrapper per subject, and the per-date facts (in force, assumptions) from the cache.
  const results = compiled.fast(h, on.day, env);
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
    const eligible = s.eligible ?? null;
    const amount = eligible === true ? (s.benefit ?? null) : eligible === false ? 0 : null;
    let missing: string[] = [];
    let notInForceParams: string[] = [];
    if (amount === null) {
      // Rare (incomplete records): ask the interpreter where the unknown came from, for this subject only.
      const origins = new SubjectOrigins(checked, h, on.day, s.memberIndex, env);
      const v = eligible === null ? origins.eligible() : origins.benefit();
      if (isUnknown(v)) {
        missing = sortPointers(v.missing);
        notInForceParams = [...v.notInForce].sort();
      }
    }
    decisions[i] = new FastDecision(
      subject, eligible, { amount, currency: checked.currency, period: on.period }, scoresOf(on.scoreNames, s.scores),
      reportedOutcome(checked, eligible, s.outcome), missing, notInForceParams, on.assumptions.slice(), later, i,
    );
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

/** Evaluates with the reference interpreter: the same response, by a different road. */
export function interpretHousehold(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const on = onDate(ruleset, options.date);
  const env: EvalEnv = { resolve: options.resolve };
  const subjects = interpretSubjects(ruleset.checked, household as RawHousehold, on.day, env).map((s) => new InterpretedResult(s, ruleset.checked, household as RawHousehold, on.day, env));
  return respond(ruleset, household, on, options.explain ?? true, subjects, options.lang, env);
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

/** One subject's decision values, whichever evaluator computed them. */
interface SubjectResult {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: readonly (number | undefined)[];
  readonly outcome: string | undefined;
  /** The explained nodes' values (may run the traced code or the interpreter on first use). */
  trace(): NodeTrace;
  /** Where an unknown eligibility or benefit came from. */
  origin(which: 'eligible' | 'benefit'): Unknown | undefined;
}

class InterpretedTrace implements NodeTrace {
  constructor(private readonly nodes: ReadonlyMap<number, unknown>, private readonly members_: (agg: Aggregate) => MemberTruth[]) {}
  members(agg: Aggregate): MemberTruth[] {
    return this.members_(agg);
  }
  value(id: number): unknown {
    const v = this.nodes.get(id);
    return isUnknown(v) ? undefined : v;
  }
  origins(id: number): Unknown | undefined {
    const v = this.nodes.get(id);
    return isUnknown(v) ? v : undefined;
  }
}

class InterpretedResult implements SubjectResult {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: (number | undefined)[];
  readonly outcome: string | undefined;
  constructor(private readonly s: SubjectValues, private readonly checked: CheckedRuleset, private readonly h: RawHousehold, private readonly day: number, private readonly env: EvalEnv) {
    this.memberIndex = s.memberIndex;
    this.eligible = known(s.eligible) as boolean | undefined;
    this.benefit = known(s.benefit) as number | undefined;
    this.scores = s.scores.map(known) as (number | undefined)[];
    this.outcome = known(s.outcome) as string | undefined;
  }
  trace(): NodeTrace {
    return new InterpretedTrace(this.s.nodes, (agg) => aggregateMembers(this.checked, this.h, this.day, this.memberIndex, agg, this.env));
  }
  origin(which: 'eligible' | 'benefit'): Unknown | undefined {
    const v = this.s[which];
    return isUnknown(v) ? v : undefined;
  }
}

/** The traced compiled run of a household, made only when a lazily computed reason is first read. */
class LazyTrace {
  private subjects: CompiledSubject[] | undefined;
  constructor(readonly ruleset: LoadedRuleset, readonly h: RawHousehold, readonly day: number, readonly env: EvalEnv, readonly lang: Lang | undefined) {}
  /** The subject's values in the traced run; the same subjects, in the same order, as the fast run. */
  result(index: number): CompiledResult {
    this.subjects ??= this.ruleset.compiled.traced(this.h, this.day, this.env);
    const s = this.subjects[index];
    return new CompiledResult(this.ruleset, this.h, this.day, this.env, s, s.trace);
  }
}

/** Compiled values; node origins come from the interpreter, run for this one subject when first needed. */
class CompiledResult implements SubjectResult, NodeTrace {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: readonly (number | undefined)[];
  readonly outcome: string | undefined;
  private readonly slotOfNode: Int32Array;
  private reference: SubjectOrigins | undefined;

  constructor(
    private readonly ruleset: LoadedRuleset, private readonly h: RawHousehold, private readonly day: number,
    private readonly env: EvalEnv, s: CompiledSubject, private readonly values: unknown[] | undefined,
  ) {
    this.memberIndex = s.memberIndex;
    this.eligible = s.eligible;
    this.benefit = s.benefit;
    this.scores = s.scores;
    this.outcome = s.outcome;
    this.slotOfNode = ruleset.compiled.slotOfNode;
  }
  trace(): NodeTrace {
    return this;
  }
  value(id: number): unknown {
    const slot = this.slotOfNode[id];
    return slot === undefined || slot < 0 ? undefined : this.values![slot];
  }
  members(agg: Aggregate): MemberTruth[] {
    // The traced code kept each member's answer; the interpreter answers only if it did not.
    const slot = this.ruleset.compiled.memberSlots.get(agg.id);
    const answers = slot === undefined ? undefined : (this.values?.[slot] as (boolean | undefined)[] | undefined);
    if (!answers) return aggregateMembers(this.ruleset.checked, this.h, this.day, this.memberIndex, agg, this.env);
    const members = membersOf(this.h);
    return answers.map((holds, i) => ({ id: String(members[i]?.id), holds: holds ?? null }));
  }
  origins(id: number): Unknown | undefined {
    const v = this.interpreted().node(id);
    return isUnknown(v) ? v : undefined;
  }
  origin(which: 'eligible' | 'benefit'): Unknown | undefined {
    const v = which === 'eligible' ? this.interpreted().eligible() : this.interpreted().benefit();
    return isUnknown(v) ? v : undefined;
  }
  private interpreted(): SubjectOrigins {
    return (this.reference ??= new SubjectOrigins(this.ruleset.checked, this.h, this.day, this.memberIndex, this.env));
  }
}

function known(v: unknown): unknown {
  return isUnknown(v) ? undefined : v;
}

// ---------------------------------------------------------------- the response

function respond(ruleset: LoadedRuleset, household: Household, on: OnDate, explain: boolean, subjects: SubjectResult[], lang: Lang | undefined, env: EvalEnv): EvaluateResponse {
  const checked = ruleset.checked;
  const members = membersOf(household as RawHousehold);
  const decisions: Decision[] = [];
  for (const s of subjects) {
    const subject = s.memberIndex < 0 ? 'household' : String(members[s.memberIndex]?.id);
    const ctx = { lang, household: household as RawHousehold, memberIndex: s.memberIndex, env };
    decisions.push(on.inForce ? decision(checked, s, subject, on, explain, ctx) : notInForce(checked, subject, on.day, explain, lang));
  }
  const response = envelope(ruleset, household, on, decisions);
  if (explain && lang) response.language = lang;
  return response;
}

function period(checked: CheckedRuleset): Period {
  return checked.benefit?.period ?? 'once';
}

function decision(checked: CheckedRuleset, s: SubjectResult, subject: string, on: OnDate, explain: boolean, ctx: ExplainContext): Decision {
  const eligible = s.eligible ?? null;
  const amount = eligible === true ? (s.benefit ?? null) : eligible === false ? 0 : null;
  // Name what is missing when the decision, or the amount of an eligible subject, is undetermined.
  let missing: string[] = [];
  let notInForceParams: string[] = [];
  if (amount === null) {
    const u = s.origin(eligible === null ? 'eligible' : 'benefit');
    missing = sortPointers(u?.missing ?? []);
    notInForceParams = [...(u?.notInForce ?? [])].sort();
  }
  const benefit = { amount, currency: checked.currency, period: on.period };
  const scores = scoresOf(on.scoreNames, s.scores);
  const explained = explainSubject(checked, s.trace(), on.day, explain, ctx);
  const d: Decision = {
    subject,
    eligible,
    benefit,
    scores,
    outcome: reportedOutcome(checked, eligible, s.outcome),
    missing,
    not_in_force: notInForceParams,
    assumptions: on.assumptions.slice(),
    reasons: explained.reasons,
  };
  if (explain) {
    d.explanation = explained.explanation;
    const details = explained.structured as unknown as ReasonDetail[];
    for (let i = 0; i < details.length; i++) details[i].text = explained.reasons[i]; // built for this decision: no copy
    d.reason_details = details;
  }
  return d;
}

/** A decision of the batch path (explain: false). Its `reasons` are an enumerable own property from the
 *  start — `Object.keys`, spread, `JSON.stringify`, `structuredClone` and deep equality all see them — but
 *  an accessor that computes them on first read (from a traced run of the same household and date, shared
 *  by the household's decisions) and then turns into a plain data property. Callers that never read
 *  reasons do not pay for them. The household must not be changed before the reasons are read. */
class FastDecision implements Decision {
  declare reasons: string[];
  readonly #later: LazyTrace;
  readonly #index: number;

  constructor(
    public subject: string,
    public eligible: boolean | null,
    public benefit: Decision['benefit'],
    public scores: Record<string, number | null>,
    public outcome: string | null,
    public missing: string[],
    public not_in_force: string[],
    public assumptions: string[],
    later: LazyTrace,
    index: number,
  ) {
    this.#later = later;
    this.#index = index;
    Object.defineProperty(this, 'reasons', FastDecision.#lazyReasons);
  }

  static readonly #lazyReasons: PropertyDescriptor = {
    get(this: FastDecision): string[] {
      const later = this.#later;
      const result = later.result(this.#index);
      const ctx = { lang: later.lang, household: later.h, memberIndex: result.memberIndex, env: later.env };
      const reasons = explainSubject(later.ruleset.checked, result, later.day, false, ctx).reasons;
      Object.defineProperty(this, 'reasons', { value: reasons, enumerable: true, configurable: true, writable: true });
      return reasons;
    },
    set(this: FastDecision, value: string[]) {
      Object.defineProperty(this, 'reasons', { value, enumerable: true, configurable: true, writable: true });
    },
    enumerable: true,
    configurable: true,
  };
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

