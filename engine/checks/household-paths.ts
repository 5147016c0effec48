// The small part of the language a property's clauses use outside a ruleset: a field path
// (`household.monthly_income`, `member.prenatal_checkups`) and a condition on household fields for
// `agrees with … when …`.
import type { Expr } from '../../dsl/ast';
import { compareValues } from '../values';

export interface FieldPath {
  owner: 'household' | 'member';
  keys: string[];
  text: string;
}

export function fieldPath(e: Expr): FieldPath | undefined {
  const keys: string[] = [];
  let at: Expr = e;
  while (at.kind === 'FieldAccess') {
    keys.unshift(at.field.text);
    at = at.object;
  }
  if (at.kind !== 'NameRef' || keys.length === 0) return undefined;
  if (at.name !== 'household' && at.name !== 'member') return undefined;
  return { owner: at.name, keys, text: `${at.name}.${keys.join('.')}` };
}

function read(h: Record<string, unknown>, path: FieldPath): unknown {
  let v: unknown = h;
  for (const k of path.keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** true/false, or undefined when a field it reads is absent (the case is then not in the stated subset). */
export function evaluateHouseholdCondition(e: Expr, h: Record<string, unknown>): boolean | undefined {
  const value = (x: Expr): unknown => {
    switch (x.kind) {
      case 'NumberLiteral': return Number(x.text);
      case 'TextLiteral': return x.value;
      case 'BoolLiteral': return x.value;
      case 'FieldAccess': {
        const path = fieldPath(x);
        if (!path || path.owner !== 'household') throw new Error('`agrees … when` may read household fields only');
        return read(h, path);
      }
      default: return evaluateHouseholdCondition(x, h);
    }
  };
  switch (e.kind) {
    case 'Binary': {
      const a = evaluateHouseholdCondition(e.left, h);
      const b = evaluateHouseholdCondition(e.right, h);
      if (e.op === 'and') return a === false || b === false ? false : a && b;
      if (e.op === 'or') return a === true || b === true ? true : a === undefined || b === undefined ? undefined : false;
      throw new Error(`\`${e.op}\` is not supported in \`agrees … when\``);
    }
    case 'Unary': {
      const a = evaluateHouseholdCondition(e.operand, h);
      return a === undefined ? undefined : !a;
    }
    case 'Compare': {
      const a = value(e.left);
      const b = value(e.right);
      return (typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')
        ? compareValues(e.op, a, b)
        : undefined;
    }
    case 'IsEnum': {
      const a = value(e.value);
      return a === undefined ? undefined : (a === e.enumValue.text) !== e.negated;
    }
    case 'InSet': {
      const a = value(e.value);
      return a === undefined ? undefined : e.members.some((m) => m.text === a) !== e.negated;
    }
    case 'BoolLiteral': return e.value;
    default: throw new Error('`agrees … when` supports comparisons, `is`, `in {…}`, `and`, `or` and `not` on household fields');
  }
}
