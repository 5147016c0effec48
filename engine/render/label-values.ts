// The value a `{name}` in a label shows: a parameter's value in force, or a `let` computed from
// parameters and the date alone (the checker refuses a `{let}` that reads the household, E-LABEL-TEMPLATE),
// worked out here with the engine's exact arithmetic. Undefined when it cannot be (a parameter not in
// force, a division by zero, an expression beyond plain arithmetic).
import { periodOn } from '../ir/resolve';
import { unscaled } from '../ir/scale';
import type { IrExpr, IrRuleset } from '../ir/types';
import { add, div, mul, neg, sub } from '../values';

export function labelValueOn(ir: IrRuleset, name: string, day: number): number | undefined {
  return valueOf(ir, { kind: 'letName', name }, day, 0);
}

type Ref = IrExpr | { kind: 'letName'; name: string };

function valueOf(ir: IrRuleset, e: Ref, day: number, depth: number): number | undefined {
  if (depth > 64) return undefined; // lets are acyclic; this bounds a malformed tree
  switch (e.kind) {
    case 'letName': {
      const p = ir.parameters.get(e.name);
      if (p) {
        const v = Number.isNaN(day) ? undefined : periodOn(p.periods, day)?.value;
        // A coefficient kept with more places is held scaled (engine/ir/scale.ts): show it as printed.
        return v === undefined ? undefined : unscaled(v, p.type.kind === 'number' ? p.type.scale : undefined);
      }
      const l = ir.lets?.find((x) => x.name === e.name);
      return l && l.dependsOn === 'date' ? valueOf(ir, l.value, day, depth + 1) : undefined;
    }
    case 'const':
      return typeof e.value === 'number' ? e.value : undefined;
    case 'param':
    case 'letRef':
      return valueOf(ir, { kind: 'letName', name: e.name }, day, depth + 1);
    case 'paramValue':
      return e.inForce?.value;
    case 'negate': {
      const v = valueOf(ir, e.operand, day, depth + 1);
      return v === undefined ? undefined : neg(v);
    }
    case 'arith': {
      const a = valueOf(ir, e.left, day, depth + 1);
      const b = valueOf(ir, e.right, day, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      return e.op === '+' ? add(a, b) : e.op === '-' ? sub(a, b) : e.op === '*' ? mul(a, b) : div(a, b);
    }
    default:
      return undefined;
  }
}
