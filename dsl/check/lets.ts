// `let` definitions may refer to each other in any order. Each is typed on first use (depth first), which
// yields the dependency order the compiler needs and finds cycles: a let reached again while it is still
// being typed closes a cycle, reported once with its path (a → b → a).
import type { LetDecl } from '../ast';
import { error, type Ctx } from './context';
import { typeExpr } from './expressions';
import type { Scope } from './scope';
import { ERROR } from './type-utils';
import type { Type } from './types';

export function rootScope(ctx: Ctx): Scope {
  const alias = ctx.subject?.kind === 'MemberSubject' ? ctx.subject.alias?.text : undefined;
  return { binders: new Map(), alias };
}

export function typeOfLet(ctx: Ctx, decl: LetDecl): Type {
  const state = ctx.letState.get(decl);
  if (state === 'visiting') {
    reportCycle(ctx, decl);
    return ERROR;
  }
  if (state) return state;
  ctx.letState.set(decl, 'visiting');
  ctx.letStack.push(decl);
  const t = typeExpr(ctx, decl.value, rootScope(ctx));
  ctx.letStack.pop();
  ctx.letState.set(decl, t);
  ctx.letOrder.push(decl);
  return t;
}

function reportCycle(ctx: Ctx, decl: LetDecl) {
  const cycle = ctx.letStack.slice(ctx.letStack.indexOf(decl));
  const names = cycle.map((d) => d.name.text);
  const key = [...names].sort().join(' ');
  if (ctx.reportedCycles.has(key)) return;
  ctx.reportedCycles.add(key);
  const path = [...names, names[0]].join(' → ');
  error(ctx, 'E-LET-CYCLE', cycle[0].name.range,
    names.length === 1
      ? `\`${names[0]}\` is defined in terms of itself: ${path}`
      : `the definitions ${names.map((n) => `\`${n}\``).join(', ')} depend on each other in a cycle: ${path}`,
    { related: cycle.slice(1).map((d) => ({ range: d.name.range, message: `\`${d.name.text}\` is part of the cycle` })) });
}

/** Types every let (in source order, so cycles are reported from their first definition). */
export function checkLets(ctx: Ctx) {
  for (const decl of ctx.allLets) {
    if (ctx.lets.get(decl.name?.text) === decl) typeOfLet(ctx, decl);
    // A duplicate keeps its own expression checked, though nothing can refer to it.
    else typeExpr(ctx, decl.value, rootScope(ctx));
  }
}
