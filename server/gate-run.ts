// Running the publishing gate on a text: compile it against the published versions of what it reads, then
// its examples and properties (engine/checks) with a seed fixed by the version. Used by the checking worker,
// and in-process when the server runs without one (tests, a read-only start).
import type { Diagnostic } from '../dsl/diagnostics';
import { Catalog, hasErrors } from './catalog';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { GATE_RUNS, gateReport, gateSeed, type GateReport } from './gate';
import { versionOf } from './hash';

export function runGate<L extends LoadedRulesetLike>(catalog: Catalog<L>, engine: EnginePort<L>, id: string, source: string): { diagnostics: Diagnostic[]; gate: GateReport } {
  const entry = catalog.compileSource(id, source);
  const seed = gateSeed(versionOf(source));
  if (hasErrors(entry.diagnostics) || !entry.ruleset || !engine.checkRuleset) {
    return { diagnostics: entry.diagnostics, gate: gateReport(entry.diagnostics, undefined, seed) };
  }
  const report = engine.checkRuleset(entry.ruleset, { runs: GATE_RUNS, seed, resolve: catalog.resolve });
  return { diagnostics: entry.diagnostics, gate: gateReport(entry.diagnostics, report, seed) };
}
