// How many subjects of a population sit within a given distance of each threshold — "12,400 households
// are within BRL 10 per person a month of the poverty line" — the figure a designer needs before moving
// it. A fold, like the rest of the population view: one traced run per household, counts only.
//
// A threshold is a comparison, outside any aggregate, of a quantity that reads household facts with a
// parameter or literal (engine/counterfactuals/facts.ts finds them in the IR). Both sides are read from
// the traced run by node id; a subject whose quantity is unknown is not counted.
import type { Household } from '../decision';
import { decisionFacts, type OuterComparison } from '../counterfactuals/facts';
import { message, quantity } from '../counterfactuals/messages';
import type { CounterfactualMessage } from '../counterfactuals/types';
import { formatUnit } from '../../dsl/check/units';
import { lower } from '../ir/lower';
import { resolveForDate } from '../ir/resolve';
import { programInForce } from '../semantics';
import type { LoadedRuleset, RawHousehold, RulesetResolver } from '../types';
import { div, MAX_DECIMAL, mul, sub, toMicros } from '../values';

/** The distance asked about: in each threshold's own unit, or a percentage of the threshold. */
export type Within = { absolute: number } | { percent: number };

export interface ThresholdMargin {
  condition: string | undefined;
  quantity: string;
  threshold: { name: string | undefined; value: number | null };
  unit: string;
  /** The distance counted, in `unit`. */
  within: number | null;
  /** Subjects whose quantity is known. */
  known: number;
  /** Of them, within `within` of the threshold (inclusive), split by whether the comparison holds now. */
  near: number;
  meeting: number;
  failing: number;
  message: CounterfactualMessage;
}

interface Tracked {
  comparison: OuterComparison;
  slots: { compare: number; side: number; other: number };
  threshold: number | undefined;
  known: number;
  meeting: number;
  failing: number;
}

/** Parses `--within` text: "10" (own units) or "5%" (of each threshold). */
export function parseWithin(text: string): Within | undefined {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? { percent: Number(m[1]) } : { absolute: Number(m[1]) };
}

export class MarginFold {
  private readonly tracked: Tracked[];
  private readonly noun: string;

  constructor(private readonly ruleset: LoadedRuleset, private readonly within: Within, private readonly day: number) {
    const ir = resolveForDate(lower(ruleset.checked), day);
    const slot = (id: number) => ruleset.compiled.slotOfNode[id] ?? -1;
    const seen = new Set<number>();
    this.tracked = decisionFacts(ir).outer
      .filter((o) => o.side.type.kind === 'number' && !seen.has(o.id) && (seen.add(o.id), true))
      .map((comparison) => ({ comparison, slots: { compare: slot(comparison.id), side: slot(comparison.side.id), other: slot(comparison.other.id) }, threshold: undefined, known: 0, meeting: 0, failing: 0 }))
      .filter((t) => t.slots.side >= 0 && t.slots.other >= 0 && t.slots.compare >= 0);
    this.noun = ir.subject.kind === 'household' ? 'households' : 'members';
  }

  private distance(t: Tracked): number | undefined {
    if (t.threshold === undefined) return undefined;
    return 'absolute' in this.within ? this.within.absolute : div(mul(Math.abs(t.threshold), this.within.percent) ?? MAX_DECIMAL, 100);
  }

  add(household: Household, resolve: RulesetResolver | undefined): void {
    if (!this.tracked.length || !programInForce(this.ruleset.checked, this.day)) return;
    for (const subject of this.ruleset.compiled.traced(household as RawHousehold, this.day, { resolve })) {
      const trace = subject.trace ?? [];
      for (const t of this.tracked) {
        const v = trace[t.slots.side];
        const th = trace[t.slots.other];
        const holds = trace[t.slots.compare];
        if (typeof v !== 'number' || typeof th !== 'number' || typeof holds !== 'boolean') continue;
        t.threshold ??= th;
        t.known++;
        const d = sub(v, th);
        const m = this.distance(t) ?? MAX_DECIMAL;
        if (d === undefined || toMicros(Math.abs(d)) > toMicros(m)) continue;
        if (holds) t.meeting++;
        else t.failing++;
      }
    }
  }

  report(): ThresholdMargin[] {
    return this.tracked.map((t) => {
      const unit = t.comparison.side.type.kind === 'number' && t.comparison.side.type.unit !== 'any' ? formatUnit(t.comparison.side.type.unit) : '';
      const u = unit === 'number' ? '' : unit;
      const within = this.distance(t) ?? null;
      const near = t.meeting + t.failing;
      const quantityName = (t.comparison.quantity ?? t.comparison.condition ?? 'the compared value').replace(/_/g, ' ');
      const threshold = t.comparison.thresholdName ? `the ${t.comparison.thresholdName.replace(/_/g, ' ')}` : (t.threshold !== undefined ? quantity(t.threshold, u) : 'its threshold');
      return {
        condition: t.comparison.condition, quantity: t.comparison.quantity ?? 'the compared value',
        threshold: { name: t.comparison.thresholdName, value: t.threshold ?? null }, unit: u, within, known: t.known, near,
        meeting: t.meeting, failing: t.failing,
        message: message('population.within', {
          near, noun: this.noun, within: within === null ? '' : quantity(within, u), quantity: quantityName, threshold,
          meeting: t.meeting, failing: t.failing,
        }),
      };
    });
  }
}
