// Values of the computed facts an exported json-rules-engine ruleset needs (lets, derived fields, inline
// aggregates), one expression at a time, by the reference interpreter: `undefined` is unknown.
import type { Expr, FieldAccess } from '../../dsl/ast';
import type { CheckedRuleset } from '../../dsl/check/types';
import { ExpressionValues } from '../interpret';

type Rec = Record<string, unknown>;

/** The engine's own reference interpreter, one expression at a time: facts take exactly the values
 *  our evaluator gives them, so the export can differ only where json-rules-engine does. */
export class FactEvaluator {
  private readonly values: ExpressionValues;
  constructor(checked: CheckedRuleset, h: Rec, day: number, subject: number /* member index, -1: household */) {
    this.values = new ExpressionValues(checked, h, day, subject);
  }
  eval(e: Expr): unknown {
    return this.values.value(e);
  }
}

export function ownerRoot(checked: CheckedRuleset, e: FieldAccess): Expr {
  let root: Expr = e.object;
  while (root.kind === 'FieldAccess' && checked.types.get(root.id)?.kind === 'record') root = root.object;
  return root;
}

