// Which node values the explanation reads. The compiled traced code records exactly these; the
// interpreter records every node and the builder reads only these, so both feed it the same inputs.
import type { ConditionItem, Expr } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';

/** The sub-expressions a condition's explanation shows: the value seen and what it was compared with. */
export function operandsOf(test: Expr): Expr[] {
  switch (test.kind) {
    case 'Compare':
      return [test.left, test.right];
    case 'InRange':
    case 'InSet':
    case 'IsEnum':
    case 'IsKnown':
      return [test.value];
    default:
      return [];
  }
}

/** The parts of a compound condition (`a and b`, `a or b`, `not a`, `if c then x else y`) whose
 *  comparisons the explanation shows as children; empty for anything else. */
export function compoundPartsOf(test: Expr): Expr[] {
  switch (test.kind) {
    case 'Binary':
      return test.op === 'and' || test.op === 'or' ? [test.left, test.right] : [];
    case 'Unary':
      return test.op === 'not' ? [test.operand] : [];
    case 'IfExpr':
      return [test.condition, test.then, test.otherwise];
    default:
      return [];
  }
}

/** A value shown with its terms when it is a `sum of { … }`. */
export function termsOf(e: Expr): Expr[] {
  return e.kind === 'PointsSum' ? e.terms.map((t) => t.value) : [];
}

export function explainedNodeIds(checked: CheckedRuleset): number[] {
  return [...explainedNodes(checked).keys()];
}

const cache = new WeakMap<CheckedRuleset, Map<number, Expr | ConditionItem>>();

/** The explained nodes by id. All of them are evaluated in the subject's scope (none is inside an
 *  aggregate), so each has one value per subject. */
export function explainedNodes(checked: CheckedRuleset): ReadonlyMap<number, Expr | ConditionItem> {
  let nodes = cache.get(checked);
  if (nodes) return nodes;
  nodes = new Map();
  const add = (n: Expr | ConditionItem) => nodes!.set(n.id, n);
  const test = (e: Expr): void => {
    add(e);
    operandsOf(e).forEach(add);
    compoundPartsOf(e).forEach(test); // none is inside an aggregate: parts stop at aggregates
  };
  const value = (e: Expr) => [e, ...termsOf(e)].forEach(add);
  const item = (i: ConditionItem): void => {
    add(i);
    if (i.kind === 'LabelledCondition') test(i.test);
    else i.items.forEach(item);
  };
  if (checked.subject.kind === 'MemberSubject' && checked.subject.filter) test(checked.subject.filter);
  if (checked.eligible) item(checked.eligible.condition);
  if (checked.payment) {
    // The benefit's IR node is the payment gate, whose id is the `paid when` declaration's: the
    // explanation reads the paid amount there.
    nodes!.set(checked.payment.id, checked.payment as unknown as ConditionItem);
    item(checked.payment.condition);
  }
  for (const l of checked.lets) value(l.value);
  if (checked.benefit) {
    value(checked.benefit.amount);
    amountParts(checked, checked.benefit.amount, add, 0);
  }
  for (const k of checked.components ?? []) {
    value(k.amount);
    amountParts(checked, k.amount, add, 0);
  }
  for (const s of checked.scores) value(s.value);
  if (checked.outcome) value(checked.outcome.value);
  cache.set(checked, nodes);
  return nodes;
}

/** The nodes an amount is explained by, term by term (engine/explain/build.ts `breakdown`): through lets,
 *  both branches of an `if` and its condition, arithmetic and `min`'s arguments. None is inside an
 *  aggregate (an aggregate is a term itself), so each has one value per subject. */
function amountParts(checked: CheckedRuleset, e: Expr, add: (n: Expr) => void, depth: number): void {
  if (depth > 12) return;
  add(e);
  switch (e.kind) {
    case 'NameRef': {
      const r = checked.names.get(e.id);
      if (r?.kind === 'let') amountParts(checked, r.decl.value, add, depth + 1);
      return;
    }
    case 'IfExpr':
      add(e.condition);
      amountParts(checked, e.then, add, depth + 1);
      amountParts(checked, e.otherwise, add, depth + 1);
      return;
    case 'Binary':
      if (e.op === 'and' || e.op === 'or') return;
      amountParts(checked, e.left, add, depth + 1);
      amountParts(checked, e.right, add, depth + 1);
      return;
    case 'Call':
      if (e.callee.text === 'min' || e.callee.text === 'max') for (const a of e.args) amountParts(checked, a, add, depth + 1);
      return;
  }
}

const quantifierCache = new WeakMap<CheckedRuleset, ReadonlySet<number>>();

/** Conditions written as `any(members as m: …)` or `all(…)`: the explanation lists their answer member by
 *  member, so the traced code keeps one answer per member for each of them. */
export function memberQuantifierIds(checked: CheckedRuleset): ReadonlySet<number> {
  let ids = quantifierCache.get(checked);
  if (ids) return ids;
  const found = new Set<number>();
  const item = (i: ConditionItem): void => {
    if (i.kind === 'ConditionGroup') return i.items.forEach(item);
    quantifiers(i.test);
  };
  // A quantifier inside a compound condition is shown as one of its parts, member by member too.
  const quantifiers = (e: Expr): void => {
    if (e.kind === 'Aggregate' && (e.op === 'any' || e.op === 'all')) found.add(e.id);
    compoundPartsOf(e).forEach(quantifiers);
  };
  if (checked.eligible) item(checked.eligible.condition);
  if (checked.payment) item(checked.payment.condition);
  quantifierCache.set(checked, (ids = found));
  return ids;
}
