// Conditions of payment (`paid when …`) and benefit components (`component … = …`) in a decision:
// the reasons that say why an eligible subject is or is not paid for the period, the explanation
// subtree of the condition of payment, and the components as the decision reports them.
// Read from the same node values the explanation reads (NodeTrace), so both evaluators agree.
import type { ConditionItem } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';
import type { ExplanationNode, Period } from './decision';
import type { NodeTrace } from './explain';

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

function holds(trace: NodeTrace, id: number): boolean | null {
  const v = trace.value(id);
  return typeof v === 'boolean' ? v : null;
}

function cite(i: ConditionItem): string {
  return i.kind === 'LabelledCondition' && i.provenance ? ` [${i.provenance.type}: ${i.provenance.text}]` : '';
}

function label(i: ConditionItem): string {
  return i.kind === 'LabelledCondition' ? i.label : i.label ?? `${i.combinator} of the conditions of payment`;
}

/** For an eligible subject: whether the condition of payment holds for the period, leaf by leaf. */
export function paymentReasons(checked: CheckedRuleset, trace: NodeTrace): string[] {
  const p = checked.payment;
  if (!p) return [];
  const out: string[] = [];
  const root = holds(trace, p.condition.id);
  const walk = (i: ConditionItem, want: boolean | null): void => {
    const h = holds(trace, i.id);
    if (h !== want) return;
    if (i.kind === 'ConditionGroup' && (i.combinator === 'all' || want === null)) {
      i.items.forEach((c) => walk(c, want));
      return;
    }
    if (i.kind === 'ConditionGroup' && i.combinator === 'none' && want === false) {
      for (const c of i.items) if (holds(trace, c.id) === true) out.push(`Not paid for this period: a condition of payment fails — ${label(c)} must not hold${cite(c)}`);
      return;
    }
    if (want === false) out.push(`Not paid for this period: a condition of payment fails — ${label(i)}${cite(i)} (still eligible)`);
    else if (want === null) out.push(`Payment for this period undetermined: the condition of payment ${label(i)} is unknown${cite(i)}`);
    else out.push(`Condition of payment met: ${label(i)}${cite(i)}`);
  };
  if (root === true) {
    const top = p.condition;
    if (top.kind === 'ConditionGroup' && top.combinator === 'all') top.items.forEach((c) => walk(c, true));
    else walk(top, true);
  } else walk(p.condition, root);
  return out;
}

/** The condition of payment as an explanation subtree (labels, values and citations). */
export function paymentExplanation(checked: CheckedRuleset, trace: NodeTrace): ExplanationNode | undefined {
  const p = checked.payment;
  if (!p) return undefined;
  const node = (i: ConditionItem): ExplanationNode => {
    const n: ExplanationNode = {
      kind: i.kind === 'LabelledCondition' ? 'condition' : i.combinator,
      label: label(i),
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
  return { kind: 'all', label: 'condition of payment for the period (paid when)', holds: holds(trace, p.condition.id), line: p.range.start.line, children: [node(p.condition)] };
}
