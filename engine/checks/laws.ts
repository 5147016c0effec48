// Each law of the language as a fast-check property: an arbitrary case and a check that names the
// violation, if any. Cases are evaluated without explanations (fast); the runner re-evaluates a shrunk
// counterexample with its explanation for the report.
import fc from 'fast-check';
import type { Expr, PropertyDecl, PropertyLaw } from '../../dsl/ast';
import type { Decision, EvaluateResponse, Household } from '../decision';
import { evaluate, interpretHousehold } from '../evaluate';
import type { LoadedRuleset, RulesetResolver } from '../types';
import type { Boundaries } from './boundaries';
import { comparable, describeRef, holds, resultOf } from './decision-tests';
import { compareValues } from '../values';
import { caseArbitrary, householdArbitrary } from './generate';
import { evaluateHouseholdCondition, fieldPath, type FieldPath } from './household-paths';

export interface Case {
  date: string;
  household: Household;
}

export interface Violation {
  message: string;
  /** The case the law failed on (for a two-sided law, the changed one is in `other`). */
  case: Case;
  other?: Case;
  subject?: string;
}

export interface LawCheck {
  arbitrary: fc.Arbitrary<unknown>;
  check: (value: unknown) => Violation | undefined;
}

interface Context {
  ruleset: LoadedRuleset;
  boundaries: Boundaries;
  resolve?: RulesetResolver;
  programs: string[];
}

function decide(ctx: Context, c: Case): EvaluateResponse {
  return evaluate(ctx.ruleset, c.household, { date: c.date, explain: false, resolve: ctx.resolve });
}

function bySubject(r: EvaluateResponse): Map<string, Decision> {
  return new Map(r.decisions.map((d) => [d.subject, d]));
}

export function lawCheck(property: PropertyDecl, ctx: Context): LawCheck {
  const law = property.law;
  switch (law.kind) {
    case 'monotone': return monotone(law, ctx);
    case 'bound': return bound(law, ctx);
    case 'implies': return implies(law, ctx);
    case 'invariant': return invariant(law, ctx);
    case 'agrees': return agrees(law, ctx);
    case 'deterministic': return deterministic(ctx);
  }
}

const cases = (ctx: Context) => caseArbitrary(ctx.boundaries, ctx.programs);

// ------------------------------------------------------------------ one-sided laws

function bound(law: Extract<PropertyLaw, { kind: 'bound' }>, ctx: Context): LawCheck {
  const limit = Number(law.limit.text);
  return {
    arbitrary: cases(ctx),
    check: (value) => {
      const c = value as Case;
      for (const d of decide(ctx, c).decisions) {
        const r = resultOf(law.result, d);
        if (typeof r === 'number' && !compareValues(law.op, r, limit)) {
          return { case: c, subject: d.subject, message: `${describeRef(law.result)} is ${r} for ${d.subject}, but must be ${law.op} ${law.limit.text}` };
        }
      }
      return undefined;
    },
  };
}

function implies(law: Extract<PropertyLaw, { kind: 'implies' }>, ctx: Context): LawCheck {
  return {
    arbitrary: cases(ctx),
    check: (value) => {
      const c = value as Case;
      for (const d of decide(ctx, c).decisions) {
        if (holds(law.premise, d) === true && holds(law.conclusion, d) === false) {
          return { case: c, subject: d.subject, message: `for ${d.subject} the premise holds but the conclusion does not (eligible ${d.eligible}, benefit ${d.benefit.amount}, outcome ${d.outcome})` };
        }
      }
      return undefined;
    },
  };
}

function deterministic(ctx: Context): LawCheck {
  return {
    arbitrary: cases(ctx),
    check: (value) => {
      const c = value as Case;
      const options = { date: c.date, explain: true, resolve: ctx.resolve };
      const first = JSON.stringify(evaluate(ctx.ruleset, c.household, options));
      const again = JSON.stringify(evaluate(ctx.ruleset, structuredClone(c.household), options));
      const reference = JSON.stringify(interpretHousehold(ctx.ruleset, c.household, options));
      if (first !== again) return { case: c, message: 'two evaluations of the same household differ' };
      if (first !== reference) return { case: c, message: 'the compiled evaluator and the reference interpreter differ' };
      return undefined;
    },
  };
}

// ------------------------------------------------------------------ two-sided laws: a case and a changed case

/** Compare every subject decided in both; `broken` returns a message when the pair violates the law. */
function comparePairs(ctx: Context, a: Case, b: Case, broken: (da: Decision, db: Decision) => string | undefined): Violation | undefined {
  const before = bySubject(decide(ctx, a));
  for (const db of decide(ctx, b).decisions) {
    const da = before.get(db.subject);
    const message = da && broken(da, db);
    if (message) return { case: a, other: b, subject: db.subject, message };
  }
  return undefined;
}

function monotone(law: Extract<PropertyLaw, { kind: 'monotone' }>, ctx: Context): LawCheck {
  const path = requirePath(law.input);
  // Small steps, large ones, and the amounts that carry a per-capita figure across a threshold.
  const crossings = ctx.boundaries.perCapitaTotals.filter((x) => x > 0);
  const step = fc.oneof(fc.constantFrom(0.01, 1), fc.integer({ min: 1, max: 2000 }), ...(crossings.length ? [fc.constantFrom(...crossings)] : []));
  return {
    arbitrary: fc.tuple(cases(ctx), step),
    check: (value) => {
      const [c, delta] = value as [Case, number];
      const raised = raise(c.household, path, delta);
      if (!raised) return undefined; // the field is absent: nothing to raise
      const what = describeRef(law.result);
      return comparePairs(ctx, c, { date: c.date, household: raised }, (da, db) => {
        const x = resultOf(law.result, da);
        const y = resultOf(law.result, db);
        if (typeof x !== 'number' || typeof y !== 'number') return undefined;
        if (law.direction === 'never_rises' && y > x) return `raising ${path.text} by ${delta} raised ${what} of ${db.subject} from ${x} to ${y}`;
        if (law.direction === 'never_falls' && y < x) return `raising ${path.text} by ${delta} lowered ${what} of ${db.subject} from ${x} to ${y}`;
        return undefined;
      });
    },
  };
}

function invariant(law: Extract<PropertyLaw, { kind: 'invariant' }>, ctx: Context): LawCheck {
  const differs = (da: Decision, db: Decision) =>
    comparable(da) === comparable(db) ? undefined : `the decision for ${db.subject} changed when ${law.phrase}`;
  switch (law.transformation) {
    case 'member_order':
      return {
        arbitrary: cases(ctx).chain((c) => fc.shuffledSubarray(c.household.members, { minLength: c.household.members.length }).map((order) => ({ c, order }))),
        check: (value) => {
          const { c, order } = value as { c: Case; order: Household['members'] };
          return comparePairs(ctx, c, { date: c.date, household: { ...c.household, members: order } }, differs);
        },
      };
    case 'unrelated_member':
      return {
        arbitrary: cases(ctx).chain((c) => householdArbitrary(ctx.boundaries, c.date, ctx.programs).map((h) => ({ c, extra: h.members[0]! }))),
        check: (value) => {
          const { c, extra } = value as { c: Case; extra: Household['members'][number] };
          const stranger = { ...extra, id: 'unrelated', relationship: 'other' };
          return comparePairs(ctx, c, { date: c.date, household: { ...c.household, members: [...c.household.members, stranger] } }, differs);
        },
      };
    case 'date_within_period':
      return {
        arbitrary: fc.tuple(cases(ctx), fc.integer({ min: 1, max: 400 })),
        check: (value) => {
          const [c, days] = value as [Case, number];
          const later = moveWithinPeriod(c.date, days, ctx.boundaries.dates);
          if (!later) return undefined;
          const shift = dayNumber(later) - dayNumber(c.date);
          return comparePairs(ctx, c, { date: later, household: shiftDates(c.household, shift) }, differs);
        },
      };
  }
}

function agrees(law: Extract<PropertyLaw, { kind: 'agrees' }>, ctx: Context): LawCheck {
  const other = ctx.resolve?.(law.other.version ? `${law.other.programId}@${law.other.version}` : law.other.programId);
  return {
    arbitrary: cases(ctx),
    check: (value) => {
      const c = value as Case;
      if (!other) return { case: c, message: `the ruleset ${law.other.programId} cannot be loaded` };
      if (law.when && evaluateHouseholdCondition(law.when, c.household) !== true) return undefined;
      const mine = bySubject(decide(ctx, c));
      for (const theirs of evaluate(other, c.household, { date: c.date, explain: false, resolve: ctx.resolve }).decisions) {
        const d = mine.get(theirs.subject);
        if (d && d.eligible !== theirs.eligible) {
          return { case: c, subject: d.subject, message: `${ctx.ruleset.id} decides ${d.eligible} for ${d.subject}, ${other.id} decides ${theirs.eligible}` };
        }
      }
      return undefined;
    },
  };
}

// ------------------------------------------------------------------ changing a household

function requirePath(e: Expr): FieldPath {
  const path = fieldPath(e);
  if (!path) throw new Error('a monotonicity law needs a field such as `household.monthly_income` or `member.prenatal_checkups`');
  return path;
}

/** The household with the field raised by `delta` (every member's for `member.…`); undefined if absent. */
function raise(h: Household, path: FieldPath, delta: number): Household | undefined {
  const copy = structuredClone(h);
  const owners: Record<string, unknown>[] = path.owner === 'household' ? [copy] : copy.members;
  let changed = false;
  for (const owner of owners) {
    let parent: Record<string, unknown> | undefined = owner;
    for (const key of path.keys.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
    const key = path.keys.at(-1)!;
    if (parent && typeof parent[key] === 'number') {
      parent[key] = Math.round(((parent[key] as number) + delta) * 100) / 100;
      changed = true;
    }
  }
  return changed ? copy : undefined;
}

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** A later date with no change date of the ruleset in between (so every parameter keeps its value). */
function moveWithinPeriod(date: string, days: number, changes: readonly string[]): string | undefined {
  const later = isoOf(dayNumber(date) + days);
  const crosses = changes.some((d) => d > date && d <= later);
  return crosses ? undefined : later;
}

/** Every date of the household moved by `days`, so ages and years of residency stay what they were. */
function shiftDates(h: Household, days: number): Household {
  const shift = (v: unknown): unknown => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return isoOf(dayNumber(v) + days);
    if (Array.isArray(v)) return v.map(shift);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]));
    return v;
  };
  return shift(h) as Household;
}
