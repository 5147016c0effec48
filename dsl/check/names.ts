// Resolving a bare name, innermost first: aggregate binders, the subject alias, lets, parameters,
// then the built-ins. Tables and scores are names too, but not values: using one alone is an error.
import type { NameRef } from '../ast';
import { error, type Ctx } from './context';
import { BUILTIN_NAMES } from './declarations';
import { typeOfLet } from './lets';
import type { Scope } from './scope';
import { didYouMean } from '../suggest';
import { DATE, ERROR } from './type-utils';
import type { Type } from './types';

export function isNameVisible(ctx: Ctx, name: string, scope: Scope): boolean {
  return scope.binders.has(name) || scope.alias === name || ctx.lets.has(name) || ctx.parameters.has(name)
    || (BUILTIN_NAMES as readonly string[]).includes(name);
}

export function typeNameRef(ctx: Ctx, ref: NameRef, scope: Scope): Type {
  const name = ref.name;
  // The parser stands in an empty name for an expression it could not read; it has reported that.
  if (typeof name !== 'string' || name === '') return ERROR;
  const binder = scope.binders.get(name);
  if (binder !== undefined) {
    ctx.names.set(ref.id, { kind: 'binder', aggregateId: binder });
    return { kind: 'member' };
  }
  if (scope.alias === name) {
    ctx.names.set(ref.id, { kind: 'subject' });
    return { kind: 'member' };
  }
  const let_ = ctx.lets.get(name);
  if (let_) {
    ctx.names.set(ref.id, { kind: 'let', decl: let_ });
    ctx.used.add(let_);
    return typeOfLet(ctx, let_);
  }
  const param = ctx.parameters.get(name);
  if (param) {
    ctx.names.set(ref.id, { kind: 'parameter', decl: param });
    ctx.used.add(param);
    return ctx.parameterTypes.get(param) ?? ERROR;
  }
  switch (name) {
    case 'household':
      ctx.names.set(ref.id, { kind: 'builtin', name });
      return { kind: 'household' };
    case 'head':
    case 'spouse':
      ctx.names.set(ref.id, { kind: 'builtin', name });
      return { kind: 'member' };
    case 'evaluation_date':
      ctx.names.set(ref.id, { kind: 'builtin', name });
      return DATE;
    case 'members':
      ctx.names.set(ref.id, { kind: 'builtin', name });
      error(ctx, 'E-MEMBERS-VALUE', ref.range,
        '`members` is the list of members; use it inside count(members), sum(members as m: …), any(…), all(…), min(…) or max(…)');
      return ERROR;
  }
  const table = ctx.tables.get(name);
  if (table) {
    ctx.used.add(table);
    error(ctx, 'E-TABLE-NOT-VALUE', ref.range, `\`${name}\` is a table; look a value up with \`${name}(key)\``);
    return ERROR;
  }
  if (ctx.scores.some((s) => s.name?.text === name)) {
    error(ctx, 'E-SCORE-NOT-VALUE', ref.range, `the score \`${name}\` is a result and cannot be read by other rules`,
      { hint: `define its formula with \`let\`, and use that name in both the score and here` });
    return ERROR;
  }
  const known = [...scope.binders.keys(), ...(scope.alias ? [scope.alias] : []), ...ctx.lets.keys(), ...ctx.parameters.keys(), ...BUILTIN_NAMES];
  error(ctx, 'E-UNKNOWN-NAME', ref.range, `unknown name \`${name}\`: no parameter, definition or built-in has this name`,
    { hint: didYouMean(name, known) });
  return ERROR;
}
