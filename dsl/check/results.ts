// The subject filter and what a program decides: eligibility conditions (true/false), the benefit (money
// per period in the program's currency), scores (numbers) and the outcome (text).
import type { ComponentDecl, ConditionItem } from '../ast';
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
  checkPayment(ctx, scope);
  for (const c of ctx.components) checkComponent(ctx, c, scope);
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

/** `paid when …` conditions the benefit: without a benefit there is nothing to pay. */
function checkPayment(ctx: Ctx, scope: Scope) {
  const p = ctx.payment;
  if (!p) return;
  if (!ctx.benefit) {
    error(ctx, 'E-PAYMENT-WITHOUT-BENEFIT', p.range, 'a condition of payment (`paid when`) needs a `benefit` to condition',
      { hint: 'declare the benefit, e.g. `benefit per month = …`, or remove `paid when`' });
  }
  if (p.condition) checkItem(ctx, p.condition, scope);
}

const PERIODS = ['month', 'bimonth', 'year'];

/** A component is money in the program's currency per its own period (or once). */
function checkComponent(ctx: Ctx, c: ComponentDecl, scope: Scope) {
  const name = c.name?.text ?? '';
  if (c.period !== 'once' && !PERIODS.includes(c.period)) {
    error(ctx, 'E-BENEFIT-UNIT', c.range, `the component ${name} has no period \`${c.period}\`: write \`per month\`, \`per bimonth\`, \`per year\` or \`once\``);
    return;
  }
  if (!c.provenance) {
    error(ctx, 'E-NO-PROVENANCE', c.range, `the component ${name} needs a citation (\`source "…"\`) or an \`assumption "…"\` with its reason`);
  }
  const t = typeExpr(ctx, c.amount, scope);
  if (t.kind === 'error') return;
  const period = c.period === 'once' ? 'once' : `per ${c.period}`;
  const want = ctx.currency ? (c.period === 'once' ? ctx.currency : `${ctx.currency} per ${c.period}`) : undefined;
  const expected = ctx.currency ? (c.period === 'once' ? { [ctx.currency]: 1 } : { [ctx.currency]: 1, [c.period]: -1 }) : undefined;
  if (t.kind !== 'number') {
    error(ctx, 'E-BENEFIT-UNIT', c.amount.range, `the component ${name} must be an amount of money${want ? ` in ${want}` : ''}, but this is ${describeType(t)}`);
    return;
  }
  if (!expected || t.unit === 'any' || unitsEqual(t.unit, expected)) return;
  error(ctx, 'E-BENEFIT-UNIT', c.amount.range, `the component ${name} ${period} must be in ${want}, but this amount is in ${formatUnit(t.unit)}`);
}
