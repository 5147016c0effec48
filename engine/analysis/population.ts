// What a rule change does to a whole population: who qualifies under each ruleset, who gains and who
// loses, and what it costs — plus the criterion-by-criterion funnel policy designers read (BE Appendix
// III: 477.8k families → 81.9k under 0.7 MW → 52.8k with 5 years' residency → 35.6k with children 7–14).
import type { Decision, Household, Period } from '../decision';
import { decide, evaluate } from '../evaluate';
import { lower } from '../ir/lower';
import type { IrCondition } from '../ir/types';
import { programInForce } from '../semantics';
import type { LoadedRuleset, RawHousehold, RulesetResolver } from '../types';
import { parseIsoDate } from '../values';
import type { BareDecision } from '../evaluate';

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
}

const PER_YEAR: Record<Period, number | null> = { month: 12, bimonth: 6, year: 1, once: null };
const SAMPLES = 5;

/** Money summed in micro-units as BigInt: exact however large the population. */
class ExactSum {
  private micro = 0n;
  add(x: number): void {
    this.micro += BigInt(Math.round(x * 1e6));
  }
  get value(): number {
    return Number(this.micro) / 1e6;
  }
}

function summarise(ruleset: LoadedRuleset, decisions: Decision[][]): PopulationSummary {
  const cost = new ExactSum();
  let eligible = 0, ineligible = 0, undetermined = 0, unknownCost = 0;
  const first = decisions.flat()[0];
  for (const d of decisions.flat()) {
    if (d.eligible === true) {
      eligible++;
      if (d.benefit.amount === null) unknownCost++;
      else cost.add(d.benefit.amount);
    } else if (d.eligible === false) ineligible++;
    else undetermined++;
  }
  const period = first?.benefit.period ?? 'once';
  const perYear = PER_YEAR[period];
  return {
    ruleset: { id: ruleset.id, version: ruleset.version },
    subjects: eligible + ineligible + undetermined,
    eligible,
    ineligible,
    undetermined,
    cost: { amount: cost.value, currency: first?.benefit.currency ?? ruleset.checked.currency, period, per_year: perYear === null ? null : cost.value * perYear },
    cost_unknown_subjects: unknownCost,
  };
}

/** The top-level conditions of `eligible when all of { … }`, in order: each subject's value of each one,
 *  read by IR node id from the compiled code's trace (no explanation is built, no line is matched). */
function funnel(ruleset: LoadedRuleset, households: Household[], date: string, resolve: RulesetResolver | undefined): FunnelStep[] {
  const root = lower(ruleset.checked).eligible;
  if (!root) return [];
  const items = root.kind === 'group' && root.combinator === 'all' ? root.items : [root];
  const slots = items.map((item) => ruleset.compiled.slotOfNode[item.id] ?? -1);
  if (slots.some((s) => s < 0)) throw new Error('internal: a criterion of the funnel is not traced');
  const passing = new Array<number>(items.length).fill(0);
  const day = parseIsoDate(date);
  if (day === undefined || !programInForce(ruleset.checked, day)) return steps(items, passing);
  for (const h of households) {
    for (const subject of ruleset.compiled.traced(h as RawHousehold, day, { resolve })) {
      for (let i = 0; i < items.length; i++) {
        if (subject.trace![slots[i]!] !== true) break;
        passing[i]!++;
      }
    }
  }
  return steps(items, passing);
}

function steps(items: readonly IrCondition[], passing: number[]): FunnelStep[] {
  return items.map((item, i) => ({
    label: item.kind === 'condition' ? item.label : item.label ?? `${item.combinator} of`,
    passing: passing[i]!,
  }));
}

function asDecisions(ruleset: LoadedRuleset, bare: BareDecision[]): Decision[] {
  const period = ruleset.checked.benefit?.period ?? 'once';
  return bare.map((d) => ({
    subject: d.subject, eligible: d.eligible, benefit: { amount: d.benefit, currency: ruleset.checked.currency, period },
    scores: d.scores, outcome: d.outcome, missing: [], not_in_force: [], assumptions: [], reasons: [],
  }));
}

export function analysePopulation(
  households: Household[],
  options: { date: string; baseline: LoadedRuleset; reform?: LoadedRuleset; resolve?: RulesetResolver },
): PopulationReport {
  const { date, baseline, reform, resolve } = options;
  const before = households.map((h) => evaluate(baseline, h, { date, explain: false, resolve }).decisions);
  const report: PopulationReport = {
    date,
    households: households.length,
    baseline: summarise(baseline, before),
    funnel: funnel(baseline, households, date, resolve),
  };
  if (!reform) return report;
  // The reform side needs only the decision fields: the lean path, without reasons or explanations.
  const after = households.map((h) => asDecisions(reform, decide(reform, h, { date, resolve })));
  report.reform = summarise(reform, after);
  let gainers = 0, losers = 0, up = 0, down = 0, undetermined = 0;
  const samples = { gainers: [] as ComparisonChange[], losers: [] as ComparisonChange[] };
  households.forEach((h, i) => {
    const previous = new Map(before[i]!.map((d) => [d.subject, d]));
    for (const d of after[i]!) {
      const p = previous.get(d.subject);
      const change: ComparisonChange = {
        household: h.id,
        subject: d.subject,
        before: { eligible: p?.eligible ?? false, benefit: p?.benefit.amount ?? 0 },
        after: { eligible: d.eligible, benefit: d.benefit.amount },
      };
      if (change.before.eligible !== true && d.eligible === true) {
        gainers++;
        if (samples.gainers.length < SAMPLES) samples.gainers.push(change);
      } else if (change.before.eligible === true && d.eligible === false) {
        losers++;
        if (samples.losers.length < SAMPLES) samples.losers.push(change);
      } else if (change.before.eligible === true && d.eligible === true && change.before.benefit !== null && d.benefit.amount !== null) {
        if (d.benefit.amount > change.before.benefit) up++;
        if (d.benefit.amount < change.before.benefit) down++;
      }
      if (change.before.eligible !== null && d.eligible === null) undetermined++;
    }
    // Subjects of the baseline the reform no longer decides for are losers if they were eligible.
    for (const p of before[i]!) {
      if (!after[i]!.some((d) => d.subject === p.subject) && p.eligible === true) losers++;
    }
  });
  const a = report.baseline.cost.per_year;
  const b = report.reform.cost.per_year;
  report.changes = {
    gainers, losers, benefit_up: up, benefit_down: down, became_undetermined: undetermined,
    cost_per_year_change: a === null || b === null ? null : Math.round((b - a) * 1e6) / 1e6,
    samples,
  };
  return report;
}
