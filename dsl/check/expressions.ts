// Typing expressions: every node gets a Type in ctx.types, every mismatch one diagnostic. A sub-expression
// already in error has type 'error' and its parents stay silent, so one mistake gives one message.
import type { Compare, Expr, IfExpr, InRange, InSet, IsEnum, Name, NumberLiteral, RangeExpr } from '../ast';
import { typeAggregate } from './aggregates';
import { typeCall } from './calls';
import { error, type Ctx } from './context';
import { checkDate } from './dates';
import { parseDecimal } from './decimal';
import { typeFieldAccess } from './field-access';
import { isNameVisible, typeNameRef } from './names';
import { addDependency, programRefExists } from './programs';
import { excluding, pathKey, type Scope } from './scope';
import { didYouMean } from '../suggest';
import { BOOL, DATE, describeType, ERROR, num, TEXT, unifyUnits } from './type-utils';
import type { Type, Unit } from './types';
import { DIMENSIONLESS, divideUnits, multiplyUnits, unitFromExpr } from './units';
import { reportUnknownUnit } from './unit-names';

export function typeExpr(ctx: Ctx, e: Expr | undefined, scope: Scope): Type {
  if (!e || typeof e !== 'object' || !e.kind) return ERROR; // partial AST: the parser has reported it
  const t = infer(ctx, e, scope);
  if (typeof e.id === 'number') ctx.types.set(e.id, t);
  return t;
}

/** Types `e` and reports when it is not true/false; `what` names it in the message ("the condition …"). */
export function expectBool(ctx: Ctx, e: Expr | undefined, scope: Scope, what: string): Type {
  const t = typeExpr(ctx, e, scope);
  if (t.kind !== 'bool' && t.kind !== 'error') {
    error(ctx, 'E-NOT-BOOL', e!.range, `${what} must be true or false, but this is ${describeType(t)}`);
  }
  return t;
}

function expectNumber(ctx: Ctx, e: Expr | undefined, scope: Scope, what: string): Unit | 'any' | undefined {
  const t = typeExpr(ctx, e, scope);
  if (t.kind === 'number') return t.unit;
  if (t.kind !== 'error') error(ctx, 'E-NOT-NUMBER', e!.range, `${what} must be a number, but this is ${describeType(t)}`);
  return undefined;
}

export function literalUnit(ctx: Ctx, lit: NumberLiteral): Unit | 'any' | undefined {
  // More than 6 places: allowed where the value feeds only a floating function (coefficients.ts).
  if (!lit.unit) return 'any';
  return unitFromExpr(lit.unit, (n) => reportUnknownUnit(ctx, n));
}

function infer(ctx: Ctx, e: Expr, scope: Scope): Type {
  switch (e.kind) {
    case 'NumberLiteral': {
      const u = literalUnit(ctx, e);
      return u === undefined ? ERROR : num(u);
    }
    case 'DateLiteral':
      return checkDate(ctx, e) ? DATE : ERROR;
    case 'BoolLiteral': return BOOL;
    case 'TextLiteral': return TEXT;
    case 'NameRef': return typeNameRef(ctx, e, scope);
    case 'FieldAccess': return typeFieldAccess(ctx, e, scope);
    case 'Call': return typeCall(ctx, e, scope);
    case 'Aggregate': return typeAggregate(ctx, e, scope);
    case 'Unary':
      if (e.op === 'not') return expectBool(ctx, e.operand, scope, 'the operand of `not`').kind === 'bool' ? BOOL : ERROR;
      return unitOrError(expectNumber(ctx, e.operand, scope, 'the operand of unary `-`'));
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or') {
        const l = expectBool(ctx, e.left, scope, `each side of \`${e.op}\``);
        const r = expectBool(ctx, e.right, scope, `each side of \`${e.op}\``);
        return l.kind === 'bool' && r.kind === 'bool' ? BOOL : ERROR;
      }
      const l = expectNumber(ctx, e.left, scope, `each side of \`${e.op}\``);
      const r = expectNumber(ctx, e.right, scope, `each side of \`${e.op}\``);
      if (l === undefined || r === undefined) return ERROR;
      if (e.op === '+' || e.op === '-') return unitOrError(unifyUnits(ctx, l, r, e.range, e.op));
      if (l === 'any' && r === 'any') return num('any');
      // A bare literal in `*` or `/` is a plain factor: `0.7 * minimum_wage`, `income / 4`.
      const [ul, ur] = [l === 'any' ? DIMENSIONLESS : l, r === 'any' ? DIMENSIONLESS : r];
      return num(e.op === '*' ? multiplyUnits(ul, ur) : divideUnits(ul, ur));
    }
    case 'Compare': return typeCompare(ctx, e, scope);
    case 'InRange': return typeInRange(ctx, e, scope);
    case 'InSet': return typeEnumTest(ctx, e, scope, e.members ?? []);
    case 'IsEnum': return typeEnumTest(ctx, e, scope, e.enumValue ? [e.enumValue] : []);
    case 'IsKnown':
      typeExpr(ctx, e.value, scope);
      return BOOL;
    case 'IfExpr': return typeIf(ctx, e, scope);
    case 'PointsSum': {
      let unit: Unit | 'any' | undefined = 'any';
      for (const term of e.terms ?? []) {
        const u = expectNumber(ctx, term?.value, scope, `the term "${term?.label}" of \`sum of\``);
        if (u === undefined) unit = undefined;
        else if (unit !== undefined) unit = unifyUnits(ctx, unit, u, term.range ?? e.range, 'points');
      }
      return unitOrError(unit);
    }
    case 'ProgramDecision':
      if (programRefExists(ctx, e.program, 'read')) addDependency(ctx, e.program);
      return BOOL;
    case 'ProgramLiteral':
      error(ctx, 'E-PROGRAM-VALUE', e.range,
        `a program id is read with \`eligible(${e.program.programId})\`, \`in_program(…)\`, \`years_in_program(…)\` or \`recertified(…)\``);
      return ERROR;
  }
}

const unitOrError = (u: Unit | 'any' | undefined): Type => (u === undefined ? ERROR : num(u));

function typeCompare(ctx: Ctx, e: Compare, scope: Scope): Type {
  const l = typeExpr(ctx, e.left, scope);
  // `m.sex = female`: enum values are tested with `is`, and `female` alone is not a name.
  if (l.kind === 'enum' && e.right?.kind === 'NameRef' && !isNameVisible(ctx, e.right.name, scope)) {
    const not = e.op === '!=' ? ' not' : '';
    error(ctx, 'E-ENUM-COMPARE', e.range, `a value of ${l.field} is tested with \`is\`, not \`${e.op}\``,
      { hint: `write \`… is${not} ${e.right.name}\`` });
    return ERROR;
  }
  const r = typeExpr(ctx, e.right, scope);
  if (l.kind === 'error' || r.kind === 'error') return ERROR;
  if (l.kind === 'number' && r.kind === 'number') {
    return unifyUnits(ctx, l.unit, r.unit, e.range, 'compare') === undefined ? ERROR : BOOL;
  }
  const ordering = e.op !== '=' && e.op !== '!=';
  if (l.kind === r.kind && (l.kind === 'date' || (!ordering && (l.kind === 'text' || l.kind === 'bool')))) return BOOL;
  if (l.kind === 'enum' && r.kind === 'enum' && !ordering && l.values.join() === r.values.join()) return BOOL;
  if (l.kind === r.kind && ordering && ['text', 'bool', 'enum'].includes(l.kind)) {
    error(ctx, 'E-TYPE-MISMATCH', e.range, `\`${e.op}\` needs numbers or dates; ${describeType(l)} has no order`);
    return ERROR;
  }
  error(ctx, 'E-TYPE-MISMATCH', e.range, `cannot compare ${describeType(l)} with ${describeType(r)}`);
  return ERROR;
}

function typeInRange(ctx: Ctx, e: InRange, scope: Scope): Type {
  const u = expectNumber(ctx, e.value, scope, 'the value tested with `in a..b`');
  const ru = rangeUnit(ctx, e.bounds);
  if (u === undefined || ru === undefined) return ERROR;
  return unifyUnits(ctx, u, ru, e.range, 'range') === undefined ? ERROR : BOOL;
}

/** The unit the range's literals carry ('any' when bare), reporting an empty range (`10..5`). */
export function rangeUnit(ctx: Ctx, r: RangeExpr | undefined): Unit | 'any' | undefined {
  if (!r) return undefined;
  let unit: Unit | 'any' | undefined = 'any';
  for (const lit of [r.low, r.high]) {
    if (!lit) continue;
    const u = literalUnit(ctx, lit);
    if (u === undefined) return undefined;
    unit = unifyUnits(ctx, unit!, u, r.range, 'range');
    if (unit === undefined) return undefined;
  }
  const lo = r.low ? parseDecimal(r.low.text) : undefined;
  const hi = r.high ? parseDecimal(r.high.text) : undefined;
  if (lo !== undefined && hi !== undefined && (lo > hi || (lo === hi && r.highExclusive))) {
    error(ctx, 'E-EMPTY-RANGE', r.range, `the range ${r.low!.text}..${r.highExclusive ? '<' : ''}${r.high!.text} contains no value`);
    return undefined;
  }
  return unit;
}

function typeEnumTest(ctx: Ctx, e: InSet | IsEnum, scope: Scope, names: Name[]): Type {
  const t = typeExpr(ctx, e.value, scope);
  if (t.kind === 'error') return ERROR;
  const op = e.kind === 'InSet' ? '`in {…}`' : '`is`';
  if (t.kind !== 'enum') {
    error(ctx, 'E-NOT-ENUM', e.range, `${op} tests a field with a fixed list of values, but this is ${describeType(t)}`,
      { hint: t.kind === 'number' ? 'compare numbers with `=`, `<`, … or `in a..b`' : undefined });
    return ERROR;
  }
  let ok = true;
  for (const n of names) {
    if (!n || typeof n.text !== 'string' || t.values.includes(n.text)) continue;
    ok = false;
    error(ctx, 'E-UNKNOWN-ENUM-VALUE', n.range, `\`${n.text}\` is not a value of ${t.field}; its values are ${t.values.join(', ')}`,
      { hint: didYouMean(n.text, t.values) });
  }
  return ok ? BOOL : ERROR;
}

function typeIf(ctx: Ctx, e: IfExpr, scope: Scope): Type {
  expectBool(ctx, e.condition, scope, 'the condition of `if`');
  // `if x is v then … else table(x)`: in the else branch x is not v, so the table needs no row for v.
  let thenScope = scope;
  let elseScope = scope;
  const c = e.condition;
  const key = c?.kind === 'IsEnum' ? pathKey(c.value) : undefined;
  if (c?.kind === 'IsEnum' && key !== undefined && c.enumValue?.text) {
    if (c.negated) thenScope = excluding(scope, key, c.enumValue.text);
    else elseScope = excluding(scope, key, c.enumValue.text);
  }
  const a = typeExpr(ctx, e.then, thenScope);
  const b = typeExpr(ctx, e.otherwise, elseScope);
  if (a.kind === 'error' || b.kind === 'error') return ERROR;
  if (a.kind === 'number' && b.kind === 'number') return unitOrError(unifyUnits(ctx, a.unit, b.unit, e.range, 'if'));
  if (a.kind === b.kind && ['bool', 'text', 'date'].includes(a.kind)) return a;
  if (a.kind === 'enum' && b.kind === 'enum' && a.values.join() === b.values.join()) return a;
  error(ctx, 'E-TYPE-MISMATCH', e.range, `the two branches of \`if\` must be of one kind, but they are ${describeType(a)} and ${describeType(b)}`);
  return ERROR;
}
