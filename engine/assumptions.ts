// Which assumptions a decision depended on — computed like `missing`. Every assumption's value is
// withheld (made unknown, named in `Unknown.assumed`) and the subject is evaluated again by the reference
// interpreter: an assumption is reported when, without its value, the eligibility, the paid amount, a
// component, a score or the reported outcome would be undetermined. One the decision does not report can
// take any value without changing the decision (Kleene monotonicity; checked by
// test/engine/assumptions.property.test.ts).
//
// What is withheld:
// - a parameter whose value in force on the date is marked `assumption`, reported by its name;
// - a parameter value whose `from` day is marked `assumption` (`from 2008-01-01 assumption "…" = …`), on
//   the days of that year only (the true day could be any of them), reported as `name from 2008-01-01`;
// - a table marked `assumption`, by its name;
// - a condition marked `assumption` that HOLDS (it holds by the assumption's reading; when it fails it
//   fails on the facts), reported by its label.
import type { CheckedRuleset } from '../dsl/check/types';
import { SubjectOrigins } from './interpret';
import { lower } from './ir/lower';
import type { IrCondition } from './ir/types';
import type { EvalEnv, RawHousehold } from './types';
import { isUnknown } from './unknown';

/** The assumptions one subject's decision depended on, sorted. `eligible` is the decision's verdict. */
export function decisiveAssumptions(
  checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv, eligible: boolean | null,
): string[] {
  if (!hasAssumptions(checked)) return [];
  const o = new SubjectOrigins(checked, h, day, memberIndex, { ...env, withholdAssumptions: true });
  const values: unknown[] = [o.eligible()];
  // Amounts matter only when paid: an ineligible subject gets 0 whatever they are.
  if (eligible === true) values.push(o.benefit(), ...o.components());
  values.push(...o.scores());
  if (!checked.outcome?.whenEligible || eligible === true) values.push(o.outcome());
  const out = new Set<string>();
  for (const v of values) if (isUnknown(v)) for (const a of v.assumed) out.add(a);
  return [...out].sort();
}

const withholdable = new WeakMap<CheckedRuleset, boolean>();

/** Whether any value of the ruleset could be withheld at all (else every decision reports none). */
export function hasAssumptions(checked: CheckedRuleset): boolean {
  let has = withholdable.get(checked);
  if (has === undefined) {
    const ir = lower(checked);
    const assumedCondition = (c: IrCondition | undefined): boolean =>
      !!c && (c.kind === 'condition' ? c.provenance?.type === 'assumption' : c.items.some(assumedCondition));
    has = [...ir.parameters.values()].some((p) => p.periods.some((q) => q.provenance?.type === 'assumption' || q.fromAssumption !== undefined))
      || [...ir.tables.values()].some((t) => t.provenance.some((p) => p.type === 'assumption'))
      || assumedCondition(ir.eligible) || assumedCondition(ir.payment);
    withholdable.set(checked, has);
  }
  return has;
}
