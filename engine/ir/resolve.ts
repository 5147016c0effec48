// The per-date step: every `param` node of an IR becomes a `paramValue` node holding the value in force on
// that day and its period (with the period's citation or assumption), or "not in force". Backends that
// evaluate on one date read the resolved IR and never look at periods again.
import type { CheckedRuleset } from '../../dsl/check/types';
import { reachableParametersAndTables } from '../walk';
import { irChildren, lower } from './lower';
import type { IrCondition, IrExpr, IrNode, IrPeriod, IrRuleset } from './types';

/** The period of `periods` in force on `day`, if any. */
export function periodOn(periods: readonly IrPeriod[], day: number): IrPeriod | undefined {
  return periods.find((p) => (p.from === undefined || p.from <= day) && (p.until === undefined || day <= p.until));
}

/** The period of parameter `name` in force on `day` (the value, and its citation or assumption), if any:
 *  the one period lookup every stage uses (explanations, assumptions, exporters). */
export function parameterOn(ir: IrRuleset, name: string, day: number): IrPeriod | undefined {
  const p = ir.parameters.get(name);
  return p ? periodOn(p.periods, day) : undefined;
}

/** Assumption-marked parameters (the value in force on the date) and tables that are statically
 *  reachable from the decision's expressions, sorted by name; memoised per ruleset and day (bounded). */
const assumptionCache = new WeakMap<CheckedRuleset, Map<number, string[]>>();

export function assumptionsOn(checked: CheckedRuleset, day: number): string[] {
  let byDay = assumptionCache.get(checked);
  if (!byDay) assumptionCache.set(checked, (byDay = new Map()));
  let names = byDay.get(day);
  if (!names) {
    if (byDay.size > 1000) byDay.clear();
    byDay.set(day, (names = computeAssumptions(checked, day)));
  }
  return names;
}

function computeAssumptions(checked: CheckedRuleset, day: number): string[] {
  const ir = lower(checked);
  const { parameters, tables } = reachableParametersAndTables(checked);
  const out: string[] = [];
  for (const name of parameters) if (parameterOn(ir, name, day)?.provenance?.type === 'assumption') out.push(name);
  for (const name of tables) if (ir.tables.get(name)?.provenance.some((p) => p.type === 'assumption')) out.push(name);
  return out.sort();
}

const cache = new WeakMap<IrRuleset, Map<number, IrRuleset>>();

/** The IR with every parameter resolved for `day` (memoised per ruleset and day, bounded). */
export function resolveForDate(ir: IrRuleset, day: number): IrRuleset {
  let byDay = cache.get(ir);
  if (!byDay) cache.set(ir, (byDay = new Map()));
  let resolved = byDay.get(day);
  if (!resolved) {
    if (byDay.size > 64) byDay.clear();
    byDay.set(day, (resolved = resolve(ir, day)));
  }
  return resolved;
}

function resolve(ir: IrRuleset, day: number): IrRuleset {
  const nodes = new Map<number, IrNode>(ir.nodes);
  const memo = new Map<IrExpr, IrExpr>();
  const expr = (e: IrExpr): IrExpr => {
    let out = memo.get(e);
    if (out) return out;
    if (e.kind === 'param') {
      const p = ir.parameters.get(e.name);
      out = { kind: 'paramValue', id: e.id, at: e.at, type: e.type, name: e.name, inForce: p ? periodOn(p.periods, day) : undefined };
    } else {
      out = mapChildren(e, expr);
    }
    memo.set(e, out);
    if (out !== e) nodes.set(out.id, out);
    return out;
  };
  const condition = (c: IrCondition): IrCondition => {
    const out: IrCondition = c.kind === 'condition' ? { ...c, test: expr(c.test) } : { ...c, items: c.items.map(condition) };
    nodes.set(out.id, out);
    return out;
  };
  const subject = ir.subject.kind === 'member' && ir.subject.filter ? { ...ir.subject, filter: expr(ir.subject.filter) } : ir.subject;
  const lets = ir.lets.map((l) => ({ ...l, value: expr(l.value) }));
  lets.forEach((l) => nodes.set(l.id, l));
  const benefit = ir.benefit && { ...ir.benefit, amount: expr(ir.benefit.amount) };
  const scores = ir.scores.map((s) => ({ ...s, value: expr(s.value) }));
  const payment = ir.payment && condition(ir.payment);
  const components = ir.components?.map((k) => ({ ...k, amount: expr(k.amount) }));
  for (const k of components ?? []) nodes.set(k.id, k);
  const outcome = ir.outcome && { ...ir.outcome, value: expr(ir.outcome.value) };
  for (const n of [benefit, ...scores, outcome]) if (n) nodes.set(n.id, n);
  return {
    ...ir, subject, lets, eligible: ir.eligible && condition(ir.eligible), benefit, payment, components, scores, outcome, nodes, resolvedFor: day,
  };
}

/** A copy of `e` with `f` applied to each direct sub-expression; `e` itself when none changes. */
export function mapChildren(e: IrExpr, f: (x: IrExpr) => IrExpr): IrExpr {
  const kids = irChildren(e);
  const mapped = kids.map(f);
  if (mapped.every((m, i) => m === kids[i])) return e;
  switch (e.kind) {
    case 'field': return { ...e, owner: mapped[0] };
    case 'age': return { ...e, member: mapped[0] };
    case 'negate': case 'not': return { ...e, operand: mapped[0] } as IrExpr;
    case 'arith': case 'logic': case 'compare': return { ...e, left: mapped[0], right: mapped[1] } as IrExpr;
    case 'inRange': case 'inSet': case 'isKnown': return { ...e, value: mapped[0] } as IrExpr;
    case 'if': return { ...e, condition: mapped[0], then: mapped[1], otherwise: mapped[2] };
    case 'call': return { ...e, args: mapped };
    case 'tableLookup': return { ...e, key: mapped[0] };
    case 'aggregate': {
      let i = 0;
      return { ...e, filter: e.filter ? mapped[i++] : undefined, value: e.value ? mapped[i++] : undefined };
    }
    case 'points': return { ...e, terms: e.terms.map((t, i) => ({ ...t, value: mapped[i] })) };
    case 'paymentGate': return { ...e, amount: mapped[0] };
    default: return e;
  }
}
