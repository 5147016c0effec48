// Generic traversal of expressions and condition items (static analyses: assumptions, traced nodes).
import type { ConditionItem, Expr } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';

/** The direct sub-expressions of an expression (range bounds and enum names are not expressions). */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'NumberLiteral':
    case 'DateLiteral':
    case 'BoolLiteral':
    case 'TextLiteral':
    case 'NameRef':
    case 'ProgramDecision':
    case 'ProgramLiteral':
      return [];
    case 'FieldAccess':
      return [e.object];
    case 'Unary':
      return [e.operand];
    case 'Binary':
    case 'Compare':
      return [e.left, e.right];
    case 'InRange':
    case 'InSet':
    case 'IsEnum':
    case 'IsKnown':
      return [e.value];
    case 'IfExpr':
      return [e.condition, e.then, e.otherwise];
    case 'Call':
      return e.args;
    case 'Aggregate':
      return [e.filter, e.value].filter((x): x is Expr => x !== undefined);
    case 'PointsSum':
      return e.terms.map((t) => t.value);
  }
}

export function conditionTests(item: ConditionItem): Expr[] {
  return item.kind === 'LabelledCondition' ? [item.test] : item.items.flatMap(conditionTests);
}

/** The expressions a decision is computed from: subject filter, eligibility tests, benefit, scores, outcome. */
export function rootExprs(checked: CheckedRuleset): Expr[] {
  const roots: Expr[] = [];
  if (checked.subject.kind === 'MemberSubject' && checked.subject.filter) roots.push(checked.subject.filter);
  if (checked.eligible) roots.push(...conditionTests(checked.eligible.condition));
  if (checked.benefit) roots.push(checked.benefit.amount);
  if (checked.payment) roots.push(...conditionTests(checked.payment.condition));
  for (const k of checked.components ?? []) roots.push(k.amount);
  for (const s of checked.scores) roots.push(s.value);
  if (checked.outcome) roots.push(checked.outcome.value);
  return roots;
}

/** Parameter and table names statically reachable from the decision's expressions, through lets. */
export function reachableParametersAndTables(checked: CheckedRuleset): { parameters: Set<string>; tables: Set<string> } {
  const parameters = new Set<string>();
  const tables = new Set<string>();
  const seenLets = new Set<number>();
  const visit = (e: Expr): void => {
    if (e.kind === 'NameRef') {
      const r = checked.names.get(e.id);
      if (r?.kind === 'parameter') parameters.add(r.decl.name.text);
      if (r?.kind === 'let' && !seenLets.has(r.decl.id)) {
        seenLets.add(r.decl.id);
        visit(r.decl.value);
      }
    }
    if (e.kind === 'Call') {
      const target = checked.calls.get(e.id);
      if (target?.kind === 'table') tables.add(target.decl.name.text);
    }
    for (const c of childExprs(e)) visit(c);
  };
  for (const r of rootExprs(checked)) visit(r);
  return { parameters, tables };
}
