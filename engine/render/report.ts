// A response as a case worker reads it, in one language: the terminal report of `elig eval` and the
// review page of `elig explain --html` (html.ts) are both written from this one reading.
import type { Decision, EvaluateResponse, ExplanationNode } from '../decision';
import { missingFacts } from '../explain/facts';
import type { IrRuleset, Unit } from '../ir/types';
import type { Lang } from './catalog/types';
import { parseIsoDate } from '../values';
import { rendererFor, type Renderer } from './render';

const MARK = { true: '✓', false: '✗', null: '?' } as const;
const CURRENCIES = new Set(['BOB', 'BRL', 'PEN', 'USD', 'EUR']);

export interface ReportOptions {
  lang?: Lang;
  /** The household evaluated: names the members a missing fact is about. */
  household?: { members?: unknown };
  /** The ruleset's IR: its country picks the number conventions (es-BO, es-PE, pt-BR). */
  ir?: Pick<IrRuleset, 'country' | 'parameters' | 'benefit'> & Partial<IrRuleset>;
  /** Print the tree of conditions (default true). */
  tree?: boolean;
}

const bare = { country: undefined, parameters: new Map(), benefit: undefined };
export function rendererOf(options: ReportOptions): Renderer {
  return rendererFor((options.ir ?? bare) as IrRuleset, options.lang ?? 'en');
}

export function reportText(r: EvaluateResponse, options: ReportOptions = {}): string {
  const w = rendererOf(options);
  const m = w.m;
  const lines = [m.format('report_header', { title: titleText(r, w), id: r.ruleset.id, version: r.ruleset.version.slice(0, 19), household: r.household, date: m.date(r.date) })];
  if (!r.in_force) lines.push(m.format('report_not_in_force', {}));
  if (r.decisions.length === 0) lines.push(m.format('report_no_subjects', {}));
  for (const d of r.decisions) lines.push('', ...decisionLines(d, w, options));
  return lines.join('\n');
}

/** The program's title in the language (a translated title may show parameter values of the date). */
export function titleText(r: EvaluateResponse, w: Renderer): string {
  return w.ir.titles ? w.on(parseIsoDate(r.date) ?? NaN).title() : r.ruleset.title;
}

export function amountText(d: Decision, w: Renderer): string {
  const m = w.m;
  if (paysNothing(w)) return m.format('report_no_cash', {});
  if (d.benefit.amount === null) return m.format('report_benefit_unknown', {});
  if (d.eligible === false) return m.format('report_benefit_none', {});
  return m.format('report_benefit', { amount: w.quantity({ value: d.benefit.amount, unit: { [d.benefit.currency]: 1 }, currency: d.benefit.currency }), period: m.format('period', { period: d.benefit.period }) });
}

/** A program that pays no cash: no benefit, or a benefit that is the constant 0 (a job or service program). */
function paysNothing(w: Renderer): boolean {
  const b = w.ir.benefit as IrRuleset['benefit'];
  return w.ir.parameters !== bare.parameters && (!b || (b.amount.kind === 'const' && b.amount.value === 0));
}

/** "household" is a word of the contract; a person reads "hogar", "família". */
export function subjectText(subject: string, w: Renderer): string {
  return subject === 'household' ? w.m.format('subject_household', {}) : subject;
}

/** Missing facts in words, each with its pointer: "y's secondary school type (/members/0/secondary_school_type)". */
export function namedFacts(d: Decision, w: Renderer, household: ReportOptions['household']): string[] {
  const members = Array.isArray(household?.members) ? (household!.members as Record<string, unknown>[]) : [];
  return missingFacts(d.missing, members).map((f) => `${w.fact(f)} (${f.pointer})`);
}

function decisionLines(d: Decision, w: Renderer, options: ReportOptions): string[] {
  const m = w.m;
  const lines = [`${subjectText(d.subject, w)}: ${m.format('verdict', { eligible: String(d.eligible) })}`];
  lines.push(`  ${amountText(d, w)}`);
  for (const [name, value] of Object.entries(d.scores)) lines.push(`  ${m.format('report_score', { name: w.name(name), value: value === null ? m.format('unknown_value', {}) : m.number(value) })}`);
  if (d.outcome !== null) lines.push(`  ${m.format('report_outcome', { value: w.outcome(d.outcome) })}`);
  for (const reason of d.reasons) lines.push(`  - ${reason}`);
  if (d.missing.length > 0) lines.push(`  ${m.format('report_missing', { facts: namedFacts(d, w, options.household).join(', ') })}`);
  if (d.not_in_force.length > 0) lines.push(`  ${m.format('report_params_not_in_force', { names: d.not_in_force.map((n) => w.name(n)).join(', ') })}`);
  if (d.assumptions.length > 0) lines.push(`  ${m.format('report_assumptions', { names: d.assumptions.map((a) => w.name(a)).join(', ') })}`);
  if (d.explanation && options.tree !== false) lines.push(`  ${m.format('report_why', {})}`, ...treeLines(d.explanation, 2, w, householdMembers(options.household)));
  return lines;
}

/** The value a tree node shows, in the language: its unit text ("BOB per person per month") read back. */
export function nodeValueText(n: ExplanationNode, w: Renderer): string {
  const v = n.value;
  if (v === null || v === undefined) return w.m.format('unknown_value', {});
  if (typeof v === 'number') {
    const unit = n.unit ? unitOf(n.unit) : undefined;
    const currency = unit && Object.keys(unit).find((k) => CURRENCIES.has(k) && unit[k] === 1);
    return w.quantity({ value: v, unit, currency });
  }
  if (typeof v === 'boolean') return w.quantity({ value: v });
  // The outcome's node shows its value as the ruleset's translations say it (the JSON keeps the value).
  if (typeof v === 'string' && n.id !== undefined && n.id === w.ir.outcome?.id) return w.outcome(v);
  if (typeof v === 'string' && n.compared?.field) return w.enumValue(n.compared.field, v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function householdMembers(household: ReportOptions['household']): Record<string, unknown>[] {
  return Array.isArray(household?.members) ? (household!.members as Record<string, unknown>[]) : [];
}

function treeLines(n: ExplanationNode, depth: number, w: Renderer, members: readonly Record<string, unknown>[]): string[] {
  const pad = '  '.repeat(depth);
  const mark = n.holds === undefined ? '•' : MARK[String(n.holds) as keyof typeof MARK];
  const parts = [`${pad}${mark} ${n.label}`];
  // "is known" is said by the mark alone: "pregnant is known: true is known unknown" said nothing.
  const knownTest = n.compared && /^is (not )?(known|unknown)$/.test(n.compared.op);
  if (n.value !== undefined && !knownTest) parts.push(`: ${nodeValueText(n, w)}`);
  if (n.compared && !knownTest) {
    const name = n.compared.name ? ` (${w.name(n.compared.name)})` : '';
    parts.push(`, ${comparedText(n, w)}${name}`);
  }
  if (n.source) parts.push(`  [${w.m.format('report_source', {})}: ${n.source}]`);
  if (n.assumption) parts.push(`  [${w.m.format('report_assumption', {})}: ${n.assumption}]`);
  if (n.missing && n.missing.length > 0) {
    const facts = missingFacts(n.missing, members).map((f) => w.fact(f));
    parts.push(`  [${w.m.format('report_missing_short', {})}: ${facts.join(', ')}]`);
  }
  return [parts.join(''), ...(n.children ?? []).flatMap((c) => treeLines(c, depth + 1, w, members))];
}

const COMPARE_KEYS: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '!=': 'ne' };
const SET_KEYS: Record<string, string> = { in: 'in', 'not in': 'notin', is: 'is', 'is not': 'isnot' };

/** What a node was compared with, in words ("at most R$ 75,50"); the tree's mark says whether it held. */
export function comparedText(n: ExplanationNode, w: Renderer): string {
  const { op, threshold: t } = n.compared!;
  const compare = COMPARE_KEYS[op];
  if (compare !== undefined) {
    const date = typeof t === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(t);
    const unit = n.unit ? unitOf(n.unit) : undefined;
    const currency = unit && Object.keys(unit).find((k) => CURRENCIES.has(k) && unit[k] === 1);
    const threshold = w.quantity(typeof t === 'number' ? { value: t, unit, currency } : { value: t as string | null, date }, true);
    return w.m.format(date ? 'op_held_date' : 'op_held', { op: compare, threshold });
  }
  const field = n.compared!.field;
  const values = Array.isArray(t) ? w.m.list(t.map((v) => w.enumValue(field, String(v))), 'or') : t === null || t === undefined ? '' : field ? w.enumValue(field, String(t)) : String(t);
  return w.m.format('tree_relation', { op: SET_KEYS[op] ?? 'in', threshold: values });
}

/** "BOB per person per month" → { BOB: 1, person: -1, month: -1 } (the contract's unit text read back). */
export function unitOf(text: string): Unit | undefined {
  const [head, ...per] = text.split(' per ');
  if (!head) return undefined;
  const u: Record<string, number> = {};
  for (const k of head.split('·')) if (k !== 'number') u[k] = (u[k] ?? 0) + 1;
  for (const k of per) u[k] = (u[k] ?? 0) - 1;
  return u;
}
