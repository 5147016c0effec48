// Which IR nodes can hold an interval (ops/bounds.ts): the one rule every backend reads — the generated
// JavaScript (engine/compile.ts) and the SQL (engine/sql/generate.ts) must give intervals to exactly the
// same nodes, or they would decide different things for a partly known household.
import { isBoundedCall } from '../../ops/bounds';
import type { IrExpr, IrRuleset } from './types';

export class IntervalNodes {
  private readonly memo = new Map<IrExpr, boolean>();
  constructor(private readonly ir: IrRuleset) {}

  /** An aggregate that may be over partly known members (a count with a filter, a sum, min or max), and
   *  what passes one on unchanged or reads it: min/max/clamp, a let, an if. */
  may(e: IrExpr): boolean {
    let b = this.memo.get(e);
    if (b !== undefined) return b;
    switch (e.kind) {
      case 'aggregate':
        b = e.op === 'sum' || e.op === 'min' || e.op === 'max' || (e.op === 'count' && e.filter !== undefined);
        break;
      case 'call':
        b = isBoundedCall(e.op) && e.args.some((a) => this.may(a));
        break;
      case 'letRef': {
        const l = this.ir.nodes.get(e.letId);
        b = l?.kind === 'let' && this.may(l.value);
        break;
      }
      case 'if':
        b = this.may(e.then) || this.may(e.otherwise);
        break;
      default:
        b = false;
    }
    this.memo.set(e, b);
    return b;
  }
}
