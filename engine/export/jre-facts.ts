// The runtime half of the json-rules-engine export: the fact values for one household on one date, one
// flat object per subject (the household, or each member the program's `where` selects), computed once
// before the engine runs, as a json-rules-engine user computes facts. Every fact — a stored field or a
// computed one — takes the value the engine's own interpreter gives it; unknown becomes null
// (json-rules-engine then fails the comparison).
//
//   const { rules } = exportJsonRulesEngine(checked, { date });
//   const engine = new Engine(rules);
//   for (const { subject, facts } of jsonRulesEngineFacts(checked, household, date)) {
//     const { events } = await engine.run(facts);   // events[0]?.type === 'eligible'
//   }
import type { CheckedRuleset } from '../../dsl/check/types';
import { canon, parseIsoDate } from '../values';
import { FactEvaluator } from './fact-eval';
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
  const factsFor = (ev: FactEvaluator): Rec => {
    const facts: Rec = {};
    for (const [id, e] of plan.computed) facts[id] = ev.eval(e) ?? null;
    return facts;
  };
  if (plan.subject.kind === 'household') return [{ subject: 'household', facts: factsFor(new FactEvaluator(checked, h, day, -1)) }];
  const out: SubjectFacts[] = [];
  members.forEach((m, i) => {
    const ev = new FactEvaluator(checked, h, day, i);
    // A member the filter leaves out gets no decision; an undetermined filter keeps the member (its facts
    // are then incomplete and the rule fails, json-rules-engine having no third value).
    if (plan.filter && ev.eval(plan.filter) === false) return;
    out.push({ subject: String(m.id), facts: factsFor(ev) });
  });
  return out;
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
