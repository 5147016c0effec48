// The runtime half of the json-rules-engine export: the fact values for one household on one date,
// one set per subject (the household, or each member for `for each member` programs — the subject
// filter is part of the rule, so every member gets a run). Computed facts are evaluated with the
// engine's own value semantics; unknown values become null (json-rules-engine then fails the comparison).
//
//   const { rules } = exportJsonRulesEngine(checked, { date });
//   const engine = new Engine(rules);
//   for (const { subject, facts } of jsonRulesEngineFacts(checked, household, date)) {
//     const { events } = await engine.run(facts);   // events[0]?.type === 'eligible'
//   }
import type { CheckedRuleset } from '../../dsl/check/types';
import { canon, parseIsoDate } from '../values';
import { FactEvaluator, relation } from './fact-eval';
import { planJsonRulesEngine } from './json-rules-engine';

export interface SubjectFacts {
  subject: string; // a member id, or "household"
  facts: Record<string, unknown>;
}

type Rec = Record<string, unknown>;

export function jsonRulesEngineFacts(checked: CheckedRuleset, household: Rec, date: string): SubjectFacts[] {
  const plan = planJsonRulesEngine(checked, { date });
  const day = parseIsoDate(date);
  if (day === undefined) throw new Error(`not an ISO date: ${date}`);
  const h = canonical(household) as Rec;
  const members = Array.isArray(h.members) ? (h.members as Rec[]) : [];
  const factsFor = (subject: number): Rec => {
    const facts: Rec = {};
    for (const id of plan.inputs) {
      if (id === 'household') facts[id] = h;
      else if (id === 'head' || id === 'spouse') facts[id] = relation(members, id) ?? null;
      else facts[id] = members[subject] ?? null; // the subject alias
    }
    const ev = new FactEvaluator(checked, h, day, subject);
    for (const [id, e] of plan.computed) facts[id] = ev.eval(e) ?? null;
    return facts;
  };
  if (plan.subject.kind === 'household') return [{ subject: 'household', facts: factsFor(-1) }];
  return members.map((m, i) => ({ subject: String(m.id), facts: factsFor(i) }));
}

/** The household with every number as the engine reads it (6 decimal places); the same object when
 *  nothing needs rounding, which is the usual case, so no copy is made. */
function canonical(v: unknown): unknown {
  if (typeof v === 'number') return canon(v) ?? null;
  if (v === null || typeof v !== 'object' || isCanonical(v)) return v;
  if (Array.isArray(v)) return v.map(canonical);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
}

function isCanonical(v: unknown): boolean {
  if (typeof v === 'number') return canon(v) === v;
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(isCanonical);
  for (const k in v) if (!isCanonical((v as Rec)[k])) return false;
  return true;
}
