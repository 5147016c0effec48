// Which IR nodes can only hold whole numbers, and how large: a points score adds table rows and
// parameters that are whole points, and a sum of whole numbers below MAX_DECIMAL is exact in plain
// doubles — the exact micro-unit arithmetic of engine/values.ts gives the same number. The JavaScript
// generator (engine/compile.ts) reads this to add such terms with `+` instead of `M_add`.
import { MAX_DECIMAL } from '../values';
import type { IrExpr, IrRuleset } from './types';

export class IntegerNodes {
  private readonly memo = new Map<IrExpr, number | undefined>();
  constructor(private readonly ir: IrRuleset) {}

  /** The largest magnitude `e` can have when its value is known and every known value it can have is a
   *  whole number; undefined when it may hold a fraction (or is not a number at all). An unknown value is
   *  not bounded by this: the generated code tests for unknown first. */
  bound(e: IrExpr): number | undefined {
    if (this.memo.has(e)) return this.memo.get(e);
    const b = this.compute(e);
    this.memo.set(e, b !== undefined && b <= MAX_DECIMAL ? b : undefined);
    return this.memo.get(e);
  }

  /** Whether `a ⊕ b` of whole numbers with these bounds is exact in doubles and in range. */
  static sumInRange(bounds: readonly (number | undefined)[]): boolean {
    let total = 0;
    for (const b of bounds) {
      if (b === undefined) return false;
      total += b;
    }
    return total <= MAX_DECIMAL;
  }

  private compute(e: IrExpr): number | undefined {
    switch (e.kind) {
      case 'const':
        return typeof e.value === 'number' && e.type.kind === 'number' && Number.isInteger(e.value) ? Math.abs(e.value) : undefined;
      case 'param':
      case 'paramValue': {
        const p = this.ir.parameters.get(e.name);
        if (!p || p.type.kind !== 'number' || p.periods.length === 0) return undefined;
        return maxOf(p.periods.map((period) => period.value));
      }
      case 'tableLookup': {
        const t = this.ir.tables.get(e.table);
        if (!t || t.type.kind !== 'number') return undefined;
        const results = t.rows.map((r) => r.result);
        if (t.otherwise !== undefined) results.push(t.otherwise);
        return maxOf(results);
      }
      case 'letRef': {
        const l = this.ir.nodes.get(e.letId);
        return l?.kind === 'let' ? this.bound(l.value) : undefined;
      }
      case 'if': {
        const a = this.bound(e.then);
        const b = this.bound(e.otherwise);
        return a === undefined || b === undefined ? undefined : Math.max(a, b);
      }
      case 'negate':
        return this.bound(e.operand);
      case 'arith': {
        const a = this.bound(e.left);
        const b = this.bound(e.right);
        if (a === undefined || b === undefined) return undefined;
        if (e.op === '+' || e.op === '-') return a + b;
        if (e.op === '*') return a * b;
        return undefined; // a quotient may be a fraction
      }
      case 'points': {
        let total = 0;
        for (const t of e.terms) {
          const b = this.bound(t.value);
          if (b === undefined) return undefined;
          total += b;
        }
        return total;
      }
      default:
        return undefined;
    }
  }
}

/** The largest magnitude of whole numbers; undefined when one is a fraction (or none is given). */
function maxOf(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  let m = 0;
  for (const x of xs) {
    if (!Number.isInteger(x)) return undefined;
    m = Math.max(m, Math.abs(x));
  }
  return m;
}
