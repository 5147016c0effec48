// Running the publishing gate on a stored version: compile it with the exact versions of the programs it
// read when it was saved (its pins — what `/evaluate id@version` uses), then its examples and properties
// (engine/checks) with a seed fixed by the version, reading those same pinned versions. So what passed
// the gate is what a pinned evaluation serves, whatever was published since. Used by the checking
// worker, and in-process when the server runs without one (tests, a read-only start).
import type { Diagnostic } from '../dsl/diagnostics';
import { Catalog, hasErrors } from './catalog';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { GATE_RUNS, gateReport, gateSeed, type GateReport } from './gate';
import type { VersionRecord } from './store';

export function runGate<L extends LoadedRulesetLike>(catalog: Catalog<L>, engine: EnginePort<L>, record: VersionRecord): { diagnostics: Diagnostic[]; gate: GateReport } {
  const entry = catalog.pinnedEntry(record);
  const seed = gateSeed(record.version);
  const reads = Object.fromEntries(catalog.store.reads(record.seq));
  if (hasErrors(entry.diagnostics) || !entry.ruleset || !engine.checkRuleset) {
    return { diagnostics: entry.diagnostics, gate: { ...gateReport(entry.diagnostics, undefined, seed), reads } };
  }
  const report = engine.checkRuleset(entry.ruleset, { runs: GATE_RUNS, seed, resolve: entry.resolve });
  return { diagnostics: entry.diagnostics, gate: { ...gateReport(entry.diagnostics, report, seed), reads } };
}
