// Calls: table lookups `housing_points(household.housing)` and the built-in functions. A table's key
// kind decides what it accepts: any number for numeric keys (the bands are checked on their own), a
// field value for enum keys (whose rows are then checked against that field's values).
import type { Call, Expr } from '../ast';
import { operation, type FunctionEntry, type ParticipationEntry } from '../../ops/registry';
import { BUILTIN_FUNCTIONS } from './builtins';
import { error, type Ctx } from './context';
import { typeExpr } from './expressions';
import type { Scope } from './scope';
import { didYouMean } from '../suggest';
import { BOOL, describeType, ERROR, num, unifyUnits } from './type-utils';
import type { Type, Unit } from './types';
import { DIMENSIONLESS, formatUnit, isDimensionless } from './units';

export function typeCall(ctx: Ctx, call: Call, scope: Scope): Type {
  const name = call.callee?.text;
  const args = (call.args ?? []).filter((a): a is Expr => !!a);
  const entry = typeof name === 'string' ? operation(name) : undefined;
  if (entry?.kind === 'participation') return typeProgramFunction(ctx, call, entry, args);
  const types = args.map((a) => typeExpr(ctx, a, scope));
  if (typeof name !== 'string') return ERROR;
  const table = ctx.tables.get(name);
  if (table) {
    ctx.used.add(table);
    ctx.calls.set(call.id, { kind: 'table', decl: table });
    if (args.length !== 1) {
      error(ctx, 'E-ARG-COUNT', call.range, `the table ${name} is looked up with one key, but this call has ${args.length}`);
      return ERROR;
    }
    const t = types[0];
    const kind = ctx.tableKeyKind.get(table);
    if (t.kind === 'error') return ERROR;
    if (kind === 'number' && t.kind !== 'number') {
      error(ctx, 'E-TABLE-KEY-TYPE', args[0].range, `the table ${name} has number keys, but this key is ${describeType(t)}`);
      return ERROR;
    }
    if (kind === 'enum') {
      if (t.kind !== 'enum') {
        error(ctx, 'E-TABLE-KEY-TYPE', args[0].range, `the table ${name} is keyed by field values, but this key is ${describeType(t)}`);
        return ERROR;
      }
      const uses = ctx.tableEnumUses.get(table) ?? new Map<string, readonly string[]>();
      // Values an enclosing `if … is v` already handled need no row; several calls need the union.
      const reaching = t.values.filter((v) => !t.excluded?.includes(v));
      uses.set(t.field, [...new Set([...(uses.get(t.field) ?? []), ...reaching])]);
      ctx.tableEnumUses.set(table, uses);
    }
    const unit = ctx.tableUnits.get(table);
    return unit ? num(unit) : ERROR;
  }
  if (!entry) {
    const notFunction = ctx.lets.has(name) || ctx.parameters.has(name);
    error(ctx, 'E-UNKNOWN-FUNCTION', call.callee.range,
      notFunction ? `\`${name}\` is not a table or function, so it cannot be called` : `unknown function or table \`${name}\``,
      { hint: notFunction ? undefined : didYouMean(name, [...BUILTIN_FUNCTIONS, ...ctx.tables.keys()]) });
    return ERROR;
  }
  ctx.calls.set(call.id, { kind: 'builtin', name });
  return typeBuiltin(ctx, call, entry, args, types);
}

/** `in_program(pe/juntos)`, `years_in_program(pe/juntos)`, `recertified(pe/juntos)`: read from the
 *  household's `programs` record, so the argument is a program id, never an expression. */
function typeProgramFunction(ctx: Ctx, call: Call, entry: ParticipationEntry, args: Expr[]): Type {
  const { name } = entry;
  const arg = args[0];
  if (args.length !== 1 || arg?.kind !== 'ProgramLiteral') {
    error(ctx, 'E-PROGRAM-ARGUMENT', call.range, `${name} takes one program id, e.g. \`${name}(pe/juntos)\``);
    return ERROR;
  }
  ctx.calls.set(call.id, { kind: 'builtin', name });
  ctx.types.set(arg.id, { kind: 'text' });
  return entry.result.kind === 'unit' ? num(entry.result.unit) : BOOL;
}

function typeBuiltin(ctx: Ctx, call: Call, entry: FunctionEntry, args: Expr[], types: Type[]): Type {
  const { name } = entry;
  const [lo, hi] = entry.arity;
  if (args.length < lo || args.length > hi) {
    const want = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} or ${hi}`;
    error(ctx, 'E-ARG-COUNT', call.range, `${name} takes ${want} argument${lo === 1 && hi === 1 ? '' : 's'}, but this call has ${args.length}`);
    return ERROR;
  }
  if (types.some((t) => t.kind === 'error')) return ERROR;
  const units: (Unit | 'any')[] = [];
  for (let i = 0; i < args.length; i++) {
    const rule = entry.args[Math.min(i, entry.args.length - 1)];
    const t = types[i];
    if (rule.kind === 'date') {
      if (t.kind !== 'date') {
        const count = lo === hi && lo === 2 ? 'two dates' : 'dates';
        error(ctx, 'E-NOT-DATE', args[i].range, `${name} needs ${count}, but this is ${describeType(t)}`);
        return ERROR;
      }
      continue;
    }
    if (t.kind !== 'number') {
      error(ctx, 'E-NOT-NUMBER', args[i].range, `the arguments of ${name} must be numbers, but this is ${describeType(t)}`);
      return ERROR;
    }
    if (rule.kind === 'plain' && t.unit !== 'any' && !isDimensionless(t.unit)) {
      error(ctx, 'E-UNIT-MISMATCH', args[i].range, rule.roleIsSubject
        ? `${rule.role} must be a plain number, not an amount in ${formatUnit(t.unit)}`
        : `${name} needs a plain number (${rule.role}), but this is ${describeType(t)}`);
      return ERROR;
    }
    units.push(t.unit);
  }
  switch (entry.result.kind) {
    case 'shared-unit': {
      let u: Unit | 'any' | undefined = units[0];
      for (const v of units.slice(1)) {
        u = unifyUnits(ctx, u, v, call.range, name);
        if (u === undefined) return ERROR;
      }
      return num(u);
    }
    case 'first-unit':
      return num(units[0]);
    case 'unit':
      return num(Object.keys(entry.result.unit).length === 0 ? DIMENSIONLESS : entry.result.unit);
    case 'bool':
      return BOOL;
  }
}
