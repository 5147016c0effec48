// The publishing gate: a version becomes the one /evaluate serves only when it checks without errors and
// every example and property of it passes. The gate runs in the checking worker (check-pool.ts) within its
// time budget; a version that takes longer does not pass (a publisher may still publish it with a reason).
import type { Diagnostic } from '../dsl/diagnostics';
import type { RulesetCheckReport } from '../engine/checks/run';

export interface GateReport {
  ok: boolean;
  errors: number;
  warnings: number;
  examples: { total: number; failed: { name: string; line: number; failures: string[] }[] };
  properties: { total: number; runs: number; seed: number; failed: { name: string; line: number; message: string }[] };
  /** Why the gate could not finish (its time budget, a worker failure). */
  incomplete?: string;
  /** The exact versions of the programs it ran against: the version's pins (id → sha256:…). */
  reads?: Record<string, string>;
}

/** Runs per property: fewer than `elig test` (300) so a save answers in seconds, with a seed fixed by the
 *  version so a gate is repeatable; CI runs `elig test` in full on what is exported. */
export const GATE_RUNS = 50;

export function gateSeed(version: string): number {
  return parseInt(version.slice(7, 15), 16) | 0;
}

export function gateReport(diagnostics: readonly Diagnostic[], report: RulesetCheckReport | undefined, seed: number): GateReport {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const examples = report?.examples ?? [];
  const properties = report?.properties ?? [];
  const failedExamples = examples.filter((e) => !e.ok).map((e) => ({
    name: e.name, line: e.line,
    failures: e.failures.map((f) => `line ${f.line}: expected ${f.expectation} = ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`),
  }));
  const failedProperties = properties.filter((p) => !p.ok).map((p) => ({
    name: p.name, line: p.line, message: p.error ?? p.violation?.message ?? 'failed',
  }));
  return {
    ok: errors === 0 && failedExamples.length === 0 && failedProperties.length === 0,
    errors, warnings,
    examples: { total: examples.length, failed: failedExamples },
    properties: { total: properties.length, runs: GATE_RUNS, seed, failed: failedProperties },
  };
}

export function incompleteGate(reason: string, diagnostics: readonly Diagnostic[] = []): GateReport {
  return { ...gateReport(diagnostics, undefined, 0), ok: false, incomplete: reason };
}

/** One line for a message: "2 of 7 examples fail, 0 of 3 properties". */
export function gateSummary(g: GateReport): string {
  if (g.incomplete) return `the gate could not finish: ${g.incomplete}`;
  if (g.ok) return `checks, ${g.examples.total} example(s) and ${g.properties.total} propert${g.properties.total === 1 ? 'y' : 'ies'} pass`;
  const parts: string[] = [];
  if (g.errors) parts.push(`${g.errors} error(s)`);
  if (g.examples.failed.length) parts.push(`${g.examples.failed.length} of ${g.examples.total} example(s) fail`);
  if (g.properties.failed.length) parts.push(`${g.properties.failed.length} of ${g.properties.total} propert${g.properties.total === 1 ? 'y fails' : 'ies fail'}`);
  return parts.join(', ');
}
