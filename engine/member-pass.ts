// Which aggregates over members the fast generated code computes in one pass over the members
// (engine/compile.ts, memberPass): those whose filter and value read only the member in hand, the
// household, parameters and the date. Such an aggregate has the same value wherever it is used (in any
// let, condition, subject or branch), so it can be computed once per household, before anything else,
// together with the others. One that reads a subject, a let of the household or subject, another
// aggregate, or another program's decision keeps its own loop where it is used.
import { irChildren } from './ir/lower';
import type { IrAggregate, IrCondition, IrExpr, IrRuleset } from './ir/types';

/** The aggregates of the fast member pass, in the order the code first reaches them. */
export function fusableAggregates(ir: IrRuleset): IrAggregate[] {
  const out: IrAggregate[] = [];
  const seen = new Set<number>();
  const visit = (e: IrExpr) => {
    if (e.kind === 'aggregate') {
      // A count without a filter is the household size; an aggregate inside another is the outer's work.
      if (!seen.has(e.id) && !(e.op === 'count' && !e.filter) && readsOnlyMember(ir, e)) out.push(e);
      seen.add(e.id);
      return;
    }
    irChildren(e).forEach(visit);
  };
  const condition = (c: IrCondition) => (c.kind === 'condition' ? visit(c.test) : c.items.forEach(condition));
  for (const l of ir.lets) visit(l.value);
  if (ir.subject.kind === 'member' && ir.subject.filter) visit(ir.subject.filter);
  if (ir.eligible) condition(ir.eligible);
  if (ir.payment) condition(ir.payment);
  if (ir.benefit) visit(ir.benefit.amount);
  for (const k of ir.components ?? []) visit(k.amount);
  for (const s of ir.scores) visit(s.value);
  if (ir.outcome) visit(ir.outcome.value);
  return out;
}

/** Whether an aggregate's filter and value read nothing but its own member, the household, parameters,
 *  lets of the date alone and the date. */
function readsOnlyMember(ir: IrRuleset, agg: IrAggregate): boolean {
  const ok = (e: IrExpr): boolean => {
    switch (e.kind) {
      case 'binderMember':
        return e.aggregateId === agg.id;
      case 'letRef': {
        const l = ir.nodes.get(e.letId);
        return l?.kind === 'let' && l.dependsOn === 'date';
      }
      case 'const': case 'param': case 'paramValue': case 'household': case 'evaluationDate': case 'relation':
      case 'householdSize': case 'residencyYears':
        return true;
      case 'field': case 'age': case 'negate': case 'not': case 'arith': case 'logic': case 'compare':
      case 'inRange': case 'inSet': case 'isKnown': case 'if': case 'call': case 'tableLookup':
        return irChildren(e).every(ok);
      default:
        // members (a nested aggregate's domain), subjectMember, aggregate, participation, programEligible, …
        return false;
    }
  };
  return irChildren(agg).every(ok);
}
