// The public evaluation API: load a ruleset (parse, check, compile), evaluate a household with the compiled
// code or with the reference interpreter, and shape the result as the decision contract (decision.ts).
//
// The compiled code does not track where unknowns came from. When a subject's decision is undetermined
// (or eligible with an unknown benefit), or when its explanation shows an unknown node, the interpreter
// re-evaluates that one subject to name the missing facts and the parameters not in force. That path is
// rare on complete records and never changes a decided value.
import { check, hasErrors, parse, type Diagnostic } from '../dsl';
import type { CheckedRuleset, ProgramResolver } from '../dsl/check/types';
import { compile, type CompiledSubject } from './compile';
import type { Decision, EvaluateResponse, ExplanationNode, Household, Period } from './decision';
import { explainSubject, type NodeTrace } from './explain';
import { interpretSubjects, SubjectOrigins, type SubjectValues } from './interpret';
import { assumptionsOn, programInForce } from './semantics';
import { sha256Hex } from './sha256';
import { membersOf, type EvalEnv, type LoadedRuleset, type RawHousehold, type RulesetResolver } from './types';
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
}

/** Evaluates with the compiled code. With `explain: false` (the batch path) it runs the fast code and
 *  computes each decision's `reasons` only when they are first read (from the same household and date). */
export function evaluate(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const day = evaluationDay(options.date);
  const explain = options.explain ?? true;
  const h = household as RawHousehold;
  const env: EvalEnv = { resolve: options.resolve };
  const compiled = ruleset.compiled;
  const traced = explain ? compiled.traced(h, day, env) : undefined;
  const results = traced ?? compiled.fast(h, day, env);
  const later = traced ? undefined : new LazyTrace(ruleset, h, day, env);
  const subjects = results.map((s, i) => new CompiledResult(ruleset, h, day, env, s, traced ? s.trace : undefined, later, i));
  return respond(ruleset, household, day, explain, subjects);
}

/** Evaluates with the reference interpreter: the same response, by a different road. */
export function interpretHousehold(ruleset: LoadedRuleset, household: Household, options: EvaluateOptions): EvaluateResponse {
  const day = evaluationDay(options.date);
  const env: EvalEnv = { resolve: options.resolve };
  const subjects = interpretSubjects(ruleset.checked, household as RawHousehold, day, env).map((s) => new InterpretedResult(s));
  return respond(ruleset, household, day, options.explain ?? true, subjects);
}

let lastDate = '';
let lastDay = 0;
function evaluationDay(date: string): number {
  if (date === lastDate) return lastDay; // batch callers evaluate many households on one date
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  lastDate = date;
  lastDay = day;
  return day;
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
  constructor(private readonly nodes: ReadonlyMap<number, unknown>) {}
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
  constructor(private readonly s: SubjectValues) {
    this.memberIndex = s.memberIndex;
    this.eligible = known(s.eligible) as boolean | undefined;
    this.benefit = known(s.benefit) as number | undefined;
    this.scores = s.scores.map(known) as (number | undefined)[];
    this.outcome = known(s.outcome) as string | undefined;
  }
  trace(): NodeTrace {
    return new InterpretedTrace(this.s.nodes);
  }
  origin(which: 'eligible' | 'benefit'): Unknown | undefined {
    const v = this.s[which];
    return isUnknown(v) ? v : undefined;
  }
}

/** The traced compiled run of a household, made only when a lazily computed reason is first read. */
class LazyTrace {
  private subjects: CompiledSubject[] | undefined;
  constructor(private readonly ruleset: LoadedRuleset, private readonly h: RawHousehold, private readonly day: number, private readonly env: EvalEnv) {}
  trace(index: number): unknown[] {
    this.subjects ??= this.ruleset.compiled.traced(this.h, this.day, this.env);
    return this.subjects[index].trace ?? [];
  }
}

/** Compiled values; node origins come from the interpreter, run for this one subject when first needed. */
class CompiledResult implements SubjectResult, NodeTrace {
  readonly memberIndex: number;
  readonly eligible: boolean | undefined;
  readonly benefit: number | undefined;
  readonly scores: readonly (number | undefined)[];
  readonly outcome: string | undefined;
  private reference: SubjectOrigins | undefined;

  constructor(
    private readonly ruleset: LoadedRuleset, private readonly h: RawHousehold, private readonly day: number,
    private readonly env: EvalEnv, s: CompiledSubject, private values: unknown[] | undefined,
    private readonly later: LazyTrace | undefined, private readonly index: number,
  ) {
    this.memberIndex = s.memberIndex;
    this.eligible = s.eligible;
    this.benefit = s.benefit;
    this.scores = s.scores;
    this.outcome = s.outcome;
  }
  trace(): NodeTrace {
    this.values ??= this.later!.trace(this.index);
    return this;
  }
  value(id: number): unknown {
    const slot = this.ruleset.compiled.slotOfNode[id];
    return slot === undefined || slot < 0 ? undefined : this.values![slot];
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

function respond(ruleset: LoadedRuleset, household: Household, day: number, explain: boolean, subjects: SubjectResult[]): EvaluateResponse {
  const checked = ruleset.checked;
  const inForce = programInForce(checked, day);
  const assumptions = assumptionsOn(checked, day);
  const members = membersOf(household as RawHousehold);
  const decisions: Decision[] = [];
  for (const s of subjects) {
    const subject = s.memberIndex < 0 ? 'household' : String(members[s.memberIndex]?.id);
    decisions.push(inForce ? decision(checked, s, subject, day, assumptions, explain) : notInForce(checked, subject, day, explain));
  }
  return {
    ruleset: { id: ruleset.id, version: ruleset.version, title: ruleset.title },
    date: formatIsoDate(day),
    household: String(household.id),
    in_force: inForce,
    decisions,
  };
}

function period(checked: CheckedRuleset): Period {
  return checked.benefit?.period ?? 'once';
}

function decision(checked: CheckedRuleset, s: SubjectResult, subject: string, day: number, assumptions: string[], explain: boolean): Decision {
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
  const scores: Record<string, number | null> = {};
  for (let i = 0; i < checked.scores.length; i++) scores[checked.scores[i].name.text] = s.scores[i] ?? null;
  const benefit = { amount, currency: checked.currency, period: period(checked) };
  if (!explain) {
    return new LazyReasonsDecision(subject, eligible, benefit, scores, s.outcome ?? null, missing, notInForceParams, assumptions.slice(), checked, s, day);
  }
  const explained = explainSubject(checked, s.trace(), day, true);
  return {
    subject,
    eligible,
    benefit,
    scores,
    outcome: s.outcome ?? null,
    missing,
    not_in_force: notInForceParams,
    assumptions: assumptions.slice(),
    reasons: explained.reasons,
    explanation: explained.explanation,
  };
}

/** A decision (explain: false) whose `reasons` are computed when first read — `d.reasons`, or
 *  JSON.stringify through toJSON — from the same household and date, after which they are an ordinary own
 *  property. Batch callers that never read reasons do not pay for them; the cost is that `reasons` is not
 *  an own property until read (spreading or Object.keys before reading it does not see it). */
class LazyReasonsDecision implements Decision {
  #computed: string[] | undefined;
  readonly #checked: CheckedRuleset;
  readonly #result: SubjectResult;
  readonly #day: number;

  constructor(
    public subject: string,
    public eligible: boolean | null,
    public benefit: Decision['benefit'],
    public scores: Record<string, number | null>,
    public outcome: string | null,
    public missing: string[],
    public not_in_force: string[],
    public assumptions: string[],
    checked: CheckedRuleset,
    result: SubjectResult,
    day: number,
  ) {
    // Private: the context is not data, so it stays out of keys, JSON and deep equality.
    this.#checked = checked;
    this.#result = result;
    this.#day = day;
  }

  get reasons(): string[] {
    this.#computed ??= explainSubject(this.#checked, this.#result.trace(), this.#day, false).reasons;
    Object.defineProperty(this, 'reasons', { value: this.#computed, enumerable: true, configurable: true, writable: true });
    return this.#computed;
  }
  set reasons(value: string[]) {
    Object.defineProperty(this, 'reasons', { value, enumerable: true, configurable: true, writable: true });
  }

  toJSON(): this {
    void this.reasons; // materialise, so the serialised decision has its reasons in the usual place
    return this;
  }
}

/** Outside the program's own dates no one is eligible, whatever the household. */
function notInForce(checked: CheckedRuleset, subject: string, day: number, explain: boolean): Decision {
  const f = checked.header.inForce!;
  const window = `in force from ${f.from.text}${f.until ? ` until ${f.until.text}` : ''}`;
  const d: Decision = {
    subject,
    eligible: false,
    benefit: { amount: 0, currency: checked.currency, period: period(checked) },
    scores: Object.fromEntries(checked.scores.map((sc) => [sc.name.text, null])),
    outcome: null,
    missing: [],
    not_in_force: [],
    assumptions: [],
    reasons: [`The program is not in force on ${formatIsoDate(day)} (${window}).`],
  };
  if (explain) {
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

