// What a rule change does to a whole population: who qualifies under each ruleset, who gains and who
// loses, and what it costs — plus the criterion-by-criterion funnel policy designers read (BE Appendix
// III: 477.8k families → 81.9k under 0.7 MW → 52.8k with 5 years' residency → 35.6k with children 7–14).
//
// It is a fold: households go in one at a time (from a stream, a file or a pasted list) and only counts,
// exact sums and a few samples are kept, so a population of any size runs in constant memory. It reads
// decision fields (`decide`) and, for the funnel, the traced value of each top-level criterion — never an
// explanation tree.
import type { Household, Period } from '../decision';
import { decide, type BareDecision } from '../evaluate';
import { lower } from '../ir/lower';
import type { IrCondition } from '../ir/types';
import { programInForce } from '../semantics';
import type { LoadedRuleset, RawHousehold, RulesetResolver } from '../types';
import { parseIsoDate } from '../values';
import { MarginFold, type ThresholdMargin, type Within } from './margins';

export interface PopulationSummary {
  ruleset: { id: string; version: string };
  subjects: number;
  eligible: number;
  ineligible: number;
  undetermined: number;
  /** Sum of the benefits of eligible subjects, per the ruleset's period and per year. */
  cost: { amount: number; currency: string; period: Period; per_year: number | null };
  /** Undetermined subjects whose benefit is unknown, so the cost is a lower bound when > 0. */
  cost_unknown_subjects: number;
}

export interface FunnelStep {
  label: string;
  /** Subjects meeting this condition and every one above it. */
  passing: number;
}

export interface ComparisonChange {
  household: string;
  subject: string;
  before: { eligible: boolean | null; benefit: number | null };
  after: { eligible: boolean | null; benefit: number | null };
}

export interface PopulationReport {
  date: string;
  households: number;
  baseline: PopulationSummary;
  funnel: FunnelStep[];
  reform?: PopulationSummary;
  changes?: {
    gainers: number;
    losers: number;
    benefit_up: number;
    benefit_down: number;
    became_undetermined: number;
    /** Change in cost per year (reform − baseline), when both periods convert to a year. */
    cost_per_year_change: number | null;
    /** A few households of each kind, to open in the editor. */
    samples: { gainers: ComparisonChange[]; losers: ComparisonChange[] };
  };
  /** With `within`: subjects near each threshold of the baseline (analysis/margins.ts). */
  margins?: ThresholdMargin[];
}

const PER_YEAR: Record<Period, number | null> = { month: 12, bimonth: 6, year: 1, once: null };
const SAMPLES = 5;

/** Money summed in integer micro-units: exact however large the population. A double holds integers
 *  exactly up to 2^53, so sums are kept there and carried into a BigInt before they could get inexact
 *  (a BigInt per addition is several times slower). */
class ExactSum {
  private micro = 0n;
  private small = 0;
  add(x: number): void {
    this.small += Math.round(x * 1e6);
    if (this.small > 2 ** 52 || this.small < -(2 ** 52)) this.carry();
  }
  private carry(): void {
    this.micro += BigInt(this.small);
    this.small = 0;
  }
  get value(): number {
    this.carry();
    return Number(this.micro) / 1e6;
  }
}

/** Counts and the exact cost of one ruleset's decisions, as they come. */
class SummaryFold {
  private readonly cost = new ExactSum();
  private eligible = 0;
  private ineligible = 0;
  private undetermined = 0;
  private unknownCost = 0;

  constructor(private readonly ruleset: LoadedRuleset) {}

  add(decisions: readonly BareDecision[]): void {
    for (const d of decisions) {
      if (d.eligible === true) {
        this.eligible++;
        if (d.benefit === null) this.unknownCost++;
        else this.cost.add(d.benefit);
      } else if (d.eligible === false) this.ineligible++;
      else this.undetermined++;
    }
  }

  summary(): PopulationSummary {
    const checked = this.ruleset.checked;
    const period = checked.benefit?.period ?? 'once';
    const perYear = PER_YEAR[period];
    const amount = this.cost.value;
    return {
      ruleset: { id: this.ruleset.id, version: this.ruleset.version },
      subjects: this.eligible + this.ineligible + this.undetermined,
      eligible: this.eligible,
      ineligible: this.ineligible,
      undetermined: this.undetermined,
      cost: { amount, currency: checked.currency, period, per_year: perYear === null ? null : amount * perYear },
      cost_unknown_subjects: this.unknownCost,
    };
  }
}

/** The top-level criteria of `eligible when all of { … }` (or the one condition), in order. */
function criteriaOf(ruleset: LoadedRuleset): readonly IrCondition[] {
  const root = lower(ruleset.checked).eligible;
  if (!root) return [];
  return root.kind === 'group' && root.combinator === 'all' ? root.items : [root];
}

/** Whether a criterion held for one subject, read from the traced run by the criterion's node id. The one
 *  place the funnel looks a criterion up (the IR keeps node ids, so this stays the same shape). */
function criterionHolds(ruleset: LoadedRuleset, trace: readonly unknown[] | undefined, criterion: IrCondition): boolean | null {
  const slot = ruleset.compiled.slotOfNode[criterion.id] ?? -1;
  const value = slot >= 0 ? trace?.[slot] : undefined;
  return typeof value === 'boolean' ? value : null;
}

/** Subjects passing each criterion and every one above it (BE Appendix III reads it this way). */
class FunnelFold {
  private readonly criteria: readonly IrCondition[];
  private readonly passing: number[];

  constructor(private readonly ruleset: LoadedRuleset) {
    this.criteria = criteriaOf(ruleset);
    this.passing = new Array<number>(this.criteria.length).fill(0);
  }

  add(household: Household, day: number, resolve: RulesetResolver | undefined): void {
    if (this.criteria.length === 0 || !programInForce(this.ruleset.checked, day)) return;
    for (const subject of this.ruleset.compiled.traced(household as RawHousehold, day, { resolve })) {
      for (let i = 0; i < this.criteria.length; i++) {
        if (criterionHolds(this.ruleset, subject.trace, this.criteria[i]!) !== true) break;
        this.passing[i]!++;
      }
    }
  }

  steps(): FunnelStep[] {
    return this.criteria.map((item, i) => ({
      label: item.kind === 'condition' ? item.label : item.label ?? `${item.combinator} of`,
      passing: this.passing[i]!,
    }));
  }
}

/** Who gains, loses, gets more or less between the baseline's and the reform's decisions. */
class ChangesFold {
  gainers = 0;
  losers = 0;
  up = 0;
  down = 0;
  undetermined = 0;
  readonly samples = { gainers: [] as ComparisonChange[], losers: [] as ComparisonChange[] };

  add(householdId: string, before: readonly BareDecision[], after: readonly BareDecision[]): void {
    for (const d of after) {
      const p = before.find((b) => b.subject === d.subject);
      const change: ComparisonChange = {
        household: householdId,
        subject: d.subject,
        before: { eligible: p?.eligible ?? false, benefit: p?.benefit ?? 0 },
        after: { eligible: d.eligible, benefit: d.benefit },
      };
      if (change.before.eligible !== true && d.eligible === true) {
        this.gainers++;
        if (this.samples.gainers.length < SAMPLES) this.samples.gainers.push(change);
      } else if (change.before.eligible === true && d.eligible === false) {
        this.losers++;
        if (this.samples.losers.length < SAMPLES) this.samples.losers.push(change);
      } else if (change.before.eligible === true && d.eligible === true && change.before.benefit !== null && d.benefit !== null) {
        if (d.benefit > change.before.benefit) this.up++;
        if (d.benefit < change.before.benefit) this.down++;
      }
      if (change.before.eligible !== null && d.eligible === null) this.undetermined++;
    }
    // Subjects of the baseline the reform no longer decides for are losers if they were eligible.
    for (const p of before) {
      if (p.eligible === true && !after.some((d) => d.subject === p.subject)) this.losers++;
    }
  }
}

export interface PopulationOptions {
  date: string;
  baseline: LoadedRuleset;
  reform?: LoadedRuleset;
  resolve?: RulesetResolver;
  /** Count the baseline's subjects within this distance of each threshold. */
  within?: Within;
}

/** The population report built one household at a time: `add` each, then `report()` (any time). */
export class PopulationFold {
  private households = 0;
  private readonly day: number;
  private readonly baseline: SummaryFold;
  private readonly funnel: FunnelFold;
  private readonly reform?: SummaryFold;
  private readonly changes = new ChangesFold();
  private readonly margins?: MarginFold;

  constructor(private readonly options: PopulationOptions) {
    const day = parseIsoDate(options.date);
    if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(options.date)}`);
    this.day = day;
    this.baseline = new SummaryFold(options.baseline);
    this.funnel = new FunnelFold(options.baseline);
    if (options.reform) this.reform = new SummaryFold(options.reform);
    if (options.within) this.margins = new MarginFold(options.baseline, options.within, day);
  }

  add(household: Household): void {
    const { date, baseline, reform, resolve } = this.options;
    this.households++;
    const before = decide(baseline, household, { date, resolve });
    this.baseline.add(before);
    this.funnel.add(household, this.day, resolve);
    this.margins?.add(household, resolve);
    if (!reform) return;
    const after = decide(reform, household, { date, resolve });
    this.reform!.add(after);
    this.changes.add(String(household.id), before, after);
  }

  report(): PopulationReport {
    const report: PopulationReport = {
      date: this.options.date,
      households: this.households,
      baseline: this.baseline.summary(),
      funnel: this.funnel.steps(),
    };
    if (this.margins) report.margins = this.margins.report();
    if (!this.reform) return report;
    report.reform = this.reform.summary();
    const a = report.baseline.cost.per_year;
    const b = report.reform.cost.per_year;
    const c = this.changes;
    report.changes = {
      gainers: c.gainers, losers: c.losers, benefit_up: c.up, benefit_down: c.down, became_undetermined: c.undetermined,
      cost_per_year_change: a === null || b === null ? null : Math.round((b - a) * 1e6) / 1e6,
      samples: { gainers: [...c.samples.gainers], losers: [...c.samples.losers] },
    };
    return report;
  }
}

/** The report for households already in memory (or any iterable of them). */
export function analysePopulation(households: Iterable<Household>, options: PopulationOptions): PopulationReport {
  const fold = new PopulationFold(options);
  for (const h of households) fold.add(h);
  return fold.report();
}
