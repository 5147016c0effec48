// Small helpers over Type: describing a type in words, and unifying the units of two operands that
// must agree (`+`, `-`, comparisons, min/max/clamp, the branches of `if`).
import type { Range } from '../ast';
import { error, type Ctx } from './context';
import type { Type, Unit } from './types';
import { currenciesOf, formatUnit, isCurrencyMismatch, unitsEqual } from './units';

export const ERROR: Type = { kind: 'error' };
export const BOOL: Type = { kind: 'bool' };
export const TEXT: Type = { kind: 'text' };
export const DATE: Type = { kind: 'date' };
export const num = (unit: Unit | 'any'): Type => ({ kind: 'number', unit });

/** "a number in kWh per month", "true/false", "a value of members.employment"… for messages. */
export function describeType(t: Type): string {
  switch (t.kind) {
    case 'number':
      if (t.unit === 'any') return 'a number';
      if (Object.keys(t.unit).length === 0) return 'a number';
      return currenciesOf(t.unit).length ? `an amount in ${formatUnit(t.unit)}` : `a number (${formatUnit(t.unit)})`;
    case 'bool': return 'a true/false value';
    case 'text': return 'text';
    case 'date': return 'a date';
    case 'enum': return `a value of ${t.field} (${t.values.join(', ')})`;
    case 'household': return 'the household';
    case 'member': return 'a member';
    case 'members': return 'the list of members';
    case 'record': return `the group of fields ${t.path}`;
    case 'error': return 'an invalid value';
  }
}

/** How the operation reads in a sentence about two mismatched units. */
/** An operator, or the name of a built-in function whose arguments share one unit (min, max, clamp…). */
export type UnitOp = 'compare' | '+' | '-' | 'if' | 'points' | 'range' | (string & {});

function mismatchMessage(op: UnitOp, a: string, b: string): string {
  switch (op) {
    case 'compare': return `cannot compare ${a} with ${b}`;
    case '+': return `cannot add ${a} and ${b}`;
    case '-': return `cannot subtract ${b} from ${a}`;
    case 'if': return `the two branches of \`if\` must be in one unit, but they are ${a} and ${b}`;
    case 'points': return `the terms of \`sum of\` must be in one unit, but they mix ${a} and ${b}`;
    case 'range': return `the range is in ${b}, but the value is in ${a}`;
    default: return `the arguments of ${op} must be in one unit, but they mix ${a} and ${b}`;
  }
}

/** Hint for the commonest slip: a total compared with a per-person amount. */
function mismatchHint(a: Unit, b: Unit): string | undefined {
  const ratio = Object.keys({ ...a, ...b }).filter((k) => (a[k] ?? 0) !== (b[k] ?? 0));
  if (ratio.length === 1 && ratio[0] === 'person' && Math.abs((a.person ?? 0) - (b.person ?? 0)) === 1) {
    return 'one side is per person: divide the total by `count(members)` or multiply the per-person amount by it';
  }
  return undefined;
}

/** The unit both sides share, reporting a mismatch once; a bare literal ('any') takes the other's unit. */
export function unifyUnits(ctx: Ctx, a: Unit | 'any', b: Unit | 'any', range: Range, op: UnitOp): Unit | 'any' | undefined {
  if (a === 'any') return b;
  if (b === 'any') return a;
  if (unitsEqual(a, b)) return a;
  const [fa, fb] = [formatUnit(a), formatUnit(b)];
  if (isCurrencyMismatch(a, b)) {
    error(ctx, 'E-CURRENCY-MISMATCH', range, `${mismatchMessage(op, fa, fb)}: the amounts are in different currencies`,
      { hint: 'convert one amount with a parameter holding the exchange rate' });
  } else {
    error(ctx, 'E-UNIT-MISMATCH', range, mismatchMessage(op, fa, fb), { hint: mismatchHint(a, b) });
  }
  return undefined;
}
