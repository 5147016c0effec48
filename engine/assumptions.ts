// Which assumptions a decision depended on — computed like `missing`. Every assumption's value is
// withheld (made unknown, named in `Unknown.assumed`) and the subject is evaluated again: an assumption is
// reported when, without its value, the eligibility, the paid amount, a component, a score or the reported
// outcome would be undetermined. One the decision does not report can take any value without changing
// the decision (Kleene monotonicity; checked by test/engine/assumptions.property.test.ts).
//
// On requests the evaluation again is the compiled code's withheld run (compile.ts, once per household);
// the reference interpreter withholds the same values (`referenceAssumptions`, for interpretHousehold and
// the property test that holds the two to each other: test/engine/withheld.property.test.ts).
//
// What is withheld (engine/withheld.ts):
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
import type { EvalEnv, LoadedRuleset, RawHousehold, WithheldSubject } from './types';
import { isUnknown } from './unknown';

/** The withheld run of a household, by subject (member index, -1 for the household); undefined when the
 *  ruleset has no assumptions (every decision then reports none). */
export function withheldSubjects(ruleset: LoadedRuleset, h: RawHousehold, day: number, env: EvalEnv): Map<number, WithheldSubject> | undefined {
  if (!hasAssumptions(ruleset.checked)) return undefined;
  const out = new Map<number, WithheldSubject>();
  for (const s of ruleset.compiled.withheld(h, day, env)) out.set(s.memberIndex, s);
  return out;
}

/** The assumptions one subject's decision depended on, sorted, from its withheld values. `eligible` is
 *  the decision's verdict (with nothing withheld). */
export function assumptionsOf(checked: CheckedRuleset, w: Omit<WithheldSubject, 'memberIndex'> | undefined, eligible: boolean | null): string[] {
  if (w === undefined) return [];
  // Read in place (no array of the values): this runs for every decision whose assumptions are read.
  let out = addAssumed(undefined, w.eligible);
  // Amounts matter only when paid: an ineligible subject gets 0 whatever they are.
  if (eligible === true) {
    out = addAssumed(out, w.benefit);
    for (let i = 0; i < w.components.length; i++) out = addAssumed(out, w.components[i]);
  }
  for (let i = 0; i < w.scores.length; i++) out = addAssumed(out, w.scores[i]);
  if (!checked.outcome?.whenEligible || eligible === true) out = addAssumed(out, w.outcome);
  if (out === undefined) return [];
  return out.size === 1 ? [...out] : [...out].sort();
}

/** `out` with the assumptions an unknown value was withheld on. A module function, not a closure: tsx and
 *  esbuild's keepNames wrap a named closure in `__name`, a defineProperty on every call. */
function addAssumed(out: Set<string> | undefined, v: unknown): Set<string> | undefined {
  if (isUnknown(v) && v.assumed.size > 0) for (const a of v.assumed) (out ??= new Set()).add(a);
  return out;
}

/** The same by the reference interpreter: the subject evaluated again with `withholdAssumptions`. */
export function referenceAssumptions(
  checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv, eligible: boolean | null,
): string[] {
  if (!hasAssumptions(checked)) return [];
  const o = new SubjectOrigins(checked, h, day, memberIndex, { ...env, withholdAssumptions: true });
  // Asked in the order the compiled code computes them (a node the interpreter has seen is memoised).
  return assumptionsOf(checked, { eligible: o.eligible(), benefit: o.benefit(), components: o.components(), scores: o.scores(), outcome: o.outcome() }, eligible);
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
