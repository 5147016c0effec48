// A stand-in for engine/index.ts used only while the real engine was being written; kept for unit tests
// of the server's plumbing that should not depend on policy rules (e.g. engine failures).
import type { Diagnostic } from '../../dsl/diagnostics';
import type { EvaluateResponse, Household } from '../../engine/decision';
import type { EnginePort, LoadedRulesetLike } from '../../server/engine-port';
import { versionOf } from '../../server/hash';

const at = { line: 1, column: 1, offset: 0 };

export function fakeEngine(options: { throwOn?: string } = {}): EnginePort<LoadedRulesetLike> {
  return {
    loadRuleset(id: string, source: string) {
      const m = /^program\s+(\S+)\s+"([^"]*)"/m.exec(source);
      const diagnostics: Diagnostic[] = [];
      if (!m) diagnostics.push({ code: 'E-SYNTAX', severity: 'error', range: { start: at, end: at }, message: 'Expected a program header.' });
      else if (m[1] !== id) diagnostics.push({ code: 'E-PROGRAM-ID', severity: 'error', range: { start: at, end: at }, message: `The program header names ${m[1]}, the file is ${id}.` });
      if (diagnostics.length) return { ruleset: undefined, diagnostics };
      return { ruleset: { id, version: versionOf(source), title: m![2]!, source }, diagnostics };
    },
    evaluate(ruleset, household: Household, opts): EvaluateResponse {
      if (options.throwOn && household.id === options.throwOn) throw new Error(`secret ${JSON.stringify(household)}`);
      const income = household.monthly_income as number | undefined;
      const eligible = income === undefined ? null : income < 1000;
      return {
        ruleset: { id: ruleset.id, version: ruleset.version, title: ruleset.title },
        date: opts.date,
        household: household.id,
        in_force: true,
        decisions: [{
          subject: 'household', eligible, benefit: { amount: eligible ? 100 : eligible === false ? 0 : null, currency: 'BOB', period: 'month' },
          scores: {}, outcome: null, missing: income === undefined ? ['/monthly_income'] : [], not_in_force: [], assumptions: [],
          reasons: [], ...(opts.explain === false ? {} : { explanation: { kind: 'condition', label: 'income below 1000', holds: eligible, value: income ?? null } }),
        }],
      };
    },
  };
}
