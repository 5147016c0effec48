// Aggregates over the household's members: `count(members as c where c.age < 14)`,
// `sum(members as m: m.monthly_income)`, `any(members as m: m.pregnant)`. The binder is a member.
import type { Aggregate } from '../ast';
import { error, type Ctx } from './context';
import { expectBool, typeExpr } from './expressions';
import { withBinder, type Scope } from './scope';
import { BOOL, describeType, ERROR, num } from './type-utils';
import type { Type } from './types';

export function typeAggregate(ctx: Ctx, agg: Aggregate, outer: Scope): Type {
  const binder = agg.binder?.text;
  const scope = typeof binder === 'string' ? withBinder(outer, binder, agg.id) : outer;
  if (agg.filter) expectBool(ctx, agg.filter, scope, 'the `where` condition');
  if (agg.op === 'count') return num({ person: 1 });
  if (!agg.value) return ERROR; // partial AST: the parser reported the missing expression
  if (binder === undefined) {
    error(ctx, 'E-AGGREGATE-BINDER', agg.range, `${agg.op} needs a name for each member, e.g. \`${agg.op}(members as m: …)\``);
    return ERROR;
  }
  if (agg.op === 'any' || agg.op === 'all') {
    return expectBool(ctx, agg.value, scope, `the condition of ${agg.op}(…)`).kind === 'bool' ? BOOL : ERROR;
  }
  const t = typeExpr(ctx, agg.value, scope);
  if (t.kind === 'error') return ERROR;
  if (t.kind !== 'number') {
    error(ctx, 'E-NOT-NUMBER', agg.value.range, `${agg.op}(…) adds up or compares numbers, but this is ${describeType(t)}`);
    return ERROR;
  }
  return num(t.unit);
}
