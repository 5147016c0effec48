// The subject filter and what a program decides: eligibility conditions (true/false), the benefit (money
// per period in the program's currency), scores (numbers) and the outcome (text).
import type { ConditionItem } from '../ast';
import { error, type Ctx } from './context';
import { expectBool, typeExpr } from './expressions';
import { rootScope } from './lets';
import type { Scope } from './scope';
import { describeType } from './type-utils';
import { formatUnit, unitsEqual } from './units';

export function checkSubject(ctx: Ctx) {
  const s = ctx.subject;
  if (s?.kind === 'MemberSubject' && s.filter) {
    expectBool(ctx, s.filter, rootScope(ctx), 'the `where` condition of the subject');
  }
}

export function checkResults(ctx: Ctx) {
  const scope = rootScope(ctx);
  if (ctx.eligible?.condition) checkItem(ctx, ctx.eligible.condition, scope);
  checkBenefit(ctx, scope);
  for (const s of ctx.scores) {
    const t = typeExpr(ctx, s.value, scope);
    if (t.kind !== 'number' && t.kind !== 'error') {
      error(ctx, 'E-SCORE-TYPE', s.value.range, `the score ${s.name.text} must be a number, but this is ${describeType(t)}`);
    }
  }
  if (ctx.outcome) {
    const t = typeExpr(ctx, ctx.outcome.value, scope);
    if (t.kind !== 'text' && t.kind !== 'error') {
      error(ctx, 'E-OUTCOME-TYPE', ctx.outcome.value.range, `the outcome must be text (e.g. "selected"), but this is ${describeType(t)}`);
    }
  }
}

function checkItem(ctx: Ctx, item: ConditionItem, scope: Scope) {
  if (!item) return;
  if (item.kind === 'LabelledCondition') {
    expectBool(ctx, item.test, scope, `the condition "${item.label}"`);
  } else {
    for (const i of item.items ?? []) checkItem(ctx, i, scope);
  }
}

function checkBenefit(ctx: Ctx, scope: Scope) {
  const b = ctx.benefit;
  if (!b) return;
  const t = typeExpr(ctx, b.amount, scope);
  if (t.kind === 'error') return;
  const period = b.period === 'once' ? 'once' : `per ${b.period}`;
  const want = ctx.currency ? (b.period === 'once' ? ctx.currency : `${ctx.currency} per ${b.period}`) : undefined;
  const expected = ctx.currency ? (b.period === 'once' ? { [ctx.currency]: 1 } : { [ctx.currency]: 1, [b.period]: -1 }) : undefined;
  if (t.kind !== 'number') {
    error(ctx, 'E-BENEFIT-UNIT', b.amount.range, `the benefit must be an amount of money${want ? ` in ${want}` : ''}, but this is ${describeType(t)}`);
    return;
  }
  if (!expected || t.unit === 'any' || unitsEqual(t.unit, expected)) return;
  error(ctx, 'E-BENEFIT-UNIT', b.amount.range,
    `the benefit ${period} must be in ${want}, but this amount is in ${formatUnit(t.unit)}`,
    { hint: b.period === 'once' ? undefined : `a benefit ${period} is ${want}; change the period or the amount's unit` });
}
