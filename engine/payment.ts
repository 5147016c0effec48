// Conditions of payment (`paid when …`) and benefit components (`component … = …`) in a decision:
// the reasons that say why an eligible subject is or is not paid for the period, the explanation
// subtree of the condition of payment, and the components as the decision reports them.
// Read from the same node values the explanation reads (NodeTrace), so both evaluators agree.
import type { ConditionItem } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';
import type { ExplanationNode, Period } from './decision';
import type { NodeTrace } from './explain';
import { localizedText } from './ir/labels';
import { lower } from './ir/lower';
import type { Lang } from './ir/types';
import { rendererFor } from './render/render';

/** One component as the decision reports it: 0 when not eligible, null when undetermined. */
export interface ReportedComponent {
  name: string;
  amount: number | null;
  currency: string;
  period: Period;
}

export function reportedComponents(checked: CheckedRuleset, eligible: boolean | null, values: readonly (number | undefined)[]): ReportedComponent[] {
  return (checked.components ?? []).map((k, i) => ({
    name: k.name.text,
    amount: eligible === true ? (values[i] ?? null) : eligible === false ? 0 : null,
    currency: checked.currency,
    period: k.period,
  }));
}

function holds(trace: Pick<NodeTrace, 'value'>, id: number): boolean | null {
  const v = trace.value(id);
  return typeof v === 'boolean' ? v : null;
}

function label(i: ConditionItem): string {
  return i.kind === 'LabelledCondition' ? i.label : i.label ?? `${i.combinator} of the conditions of payment`;
}

/** The reasons' words in one language: the label as translated, the citation (which es and pt leave to
 *  the explanation tree: the sources are quoted in English). A reason's text depends on the condition,
 *  the language and the day only, so each is written once per day (Renderer.onDay). */
function wording(checked: CheckedRuleset, lang: Lang, day: number) {
  const w = rendererFor(lower(checked), lang).on(day);
  const text = (i: ConditionItem): string => i.kind === 'ConditionGroup' && i.label === undefined
    ? w.m.format('payment_group', { combinator: i.combinator })
    : w.label({ text: i.label!, labels: localizedText(checked, i.label!) });
  const args = (i: ConditionItem) => ({
    label: text(i),
    cite: i.kind === 'LabelledCondition' && i.provenance ? w.m.format('payment_cite', { kind: i.provenance.type, text: i.provenance.text }) : '',
  });
  return (key: 'payment_met' | 'payment_not_paid' | 'payment_not_paid_must_not_hold' | 'payment_unknown', i: ConditionItem) =>
    w.onDay(`${key}|${i.id}`, () => w.m.format(key, args(i)));
}

/** For an eligible subject: whether the condition of payment holds for the period, leaf by leaf. */
export function paymentReasons(checked: CheckedRuleset, trace: Pick<NodeTrace, 'value'>, lang: Lang = 'en', day = NaN): string[] {
  const p = checked.payment;
  if (!p) return [];
  const out: string[] = [];
  const say = wording(checked, lang, day);
  const root = holds(trace, p.condition.id);
  const walk = (i: ConditionItem, want: boolean | null): void => {
    const h = holds(trace, i.id);
    if (h !== want) return;
    if (i.kind === 'ConditionGroup' && (i.combinator === 'all' || want === null)) {
      i.items.forEach((c) => walk(c, want));
      return;
    }
    if (i.kind === 'ConditionGroup' && i.combinator === 'none' && want === false) {
      for (const c of i.items) if (holds(trace, c.id) === true) out.push(say('payment_not_paid_must_not_hold', c));
      return;
    }
    if (want === false) out.push(say('payment_not_paid', i));
    else if (want === null) out.push(say('payment_unknown', i));
    else out.push(say('payment_met', i));
  };
  if (root === true) {
    const top = p.condition;
    if (top.kind === 'ConditionGroup' && top.combinator === 'all') top.items.forEach((c) => walk(c, true));
    else walk(top, true);
  } else walk(p.condition, root);
  return out;
}

/** The condition of payment as an explanation subtree (labels, values and citations), in the language. */
export function paymentExplanation(checked: CheckedRuleset, trace: NodeTrace, lang: Lang = 'en', day = NaN): ExplanationNode | undefined {
  const p = checked.payment;
  if (!p) return undefined;
  const w = rendererFor(lower(checked), lang).on(day);
  // A label's text depends on the language and the day only: made once per day (Renderer.onDay).
  const text = (i: ConditionItem): string => w.onDay(`payment_label|${i.id}`, () => i.kind === 'ConditionGroup' && i.label === undefined
    ? (lang === 'en' ? label(i) : w.m.format('payment_group', { combinator: i.combinator }))
    : w.label({ text: i.label!, labels: localizedText(checked, i.label!) }));
  const node = (i: ConditionItem): ExplanationNode => {
    const n: ExplanationNode = {
      kind: i.kind === 'LabelledCondition' ? 'condition' : i.combinator,
      label: text(i),
      holds: holds(trace, i.id),
      line: i.range.start.line,
    };
    if (i.kind === 'LabelledCondition') {
      if (i.provenance) n[i.provenance.type] = i.provenance.text;
      const seen = trace.value(i.test.id);
      if (seen !== undefined) n.value = seen;
      const o = trace.origins(i.id);
      if (o && o.missing.size > 0) n.missing = [...o.missing].sort();
    } else n.children = i.items.map(node);
    return n;
  };
  const title = w.m.format('tree_payment', {});
  return { kind: 'all', label: title, holds: holds(trace, p.condition.id), line: p.range.start.line, children: [node(p.condition)] };
}
