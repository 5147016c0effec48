// `elig test [rulesets…] [--runs N] [--seed S] [--json]`: every example and property of each ruleset.
// A failure prints the property, the seed, the shrunk household as JSON and its explanation; running
// again with `--seed S` reproduces it.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../../dsl';
import { checkRuleset, DEFAULT_RUNS, type PropertyOutcome, type RulesetCheckReport } from '../../engine/checks/run';
import type { ExampleOutcome } from '../../engine/checks/examples';
import { folderRegistry } from '../load';
import { renderResponse } from '../report';
import { findRulesetFiles, rulesetIdOf } from '../ruleset-files';
import { complain, say } from '../terminal';

export function runTest(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { runs: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  });
  const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  const registry = folderRegistry();
  const reports: RulesetCheckReport[] = [];
  let broken = false;
  for (const file of findRulesetFiles(positionals.length > 0 ? positionals : ['rulesets'])) {
    const id = rulesetIdOf(file);
    if (id === undefined) throw new Error(`${file} is not in a rulesets folder: elig test runs shipped rulesets by id`);
    const loaded = registry.load(id);
    if (!loaded.ruleset) {
      broken = true;
      for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) complain(formatDiagnostic(relative(process.cwd(), file), d));
      continue;
    }
    const report = checkRuleset(loaded.ruleset, { runs, seed, resolve: registry.resolve });
    reports.push(report);
    if (!values.json) say(renderReport(report));
  }
  if (values.json) say(JSON.stringify(reports, null, 2));
  const failed = reports.filter((r) => !r.ok).length;
  if (!values.json) say(`\n${reports.length} ruleset(s) tested: ${failed === 0 && !broken ? 'all passed' : `${failed} failed`}`);
  return failed > 0 || broken ? 1 : 0;
}

function renderReport(r: RulesetCheckReport): string {
  const lines = [`${r.id}`];
  for (const e of r.examples) lines.push(...renderExample(e));
  for (const p of r.properties) lines.push(...renderProperty(r.id, p));
  return lines.join('\n');
}

function renderExample(e: ExampleOutcome): string[] {
  if (e.ok) return [`  ✓ example "${e.name}"`];
  return [
    `  ✗ example "${e.name}" (line ${e.line})`,
    ...e.failures.map((f) => `      line ${f.line}: expected ${f.expectation} = ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`),
  ];
}

function renderProperty(id: string, p: PropertyOutcome): string[] {
  if (p.ok) return [`  ✓ property "${p.name}" (${p.runs} households)`];
  const lines = [`  ✗ property "${p.name}" (line ${p.line})`];
  if (p.error) return [...lines, `      ${p.error}`];
  const v = p.violation!;
  lines.push(`      ${v.message}`, `      seed: ${p.seed}   (reproduce: elig test rulesets/${id}.elig --seed ${p.seed} --runs ${p.runs})`);
  lines.push(`      counterexample on ${v.case.date}:`, ...indent(JSON.stringify(v.case.household, null, 2), 8));
  if (v.other) lines.push(`      changed to (on ${v.other.date}):`, ...indent(JSON.stringify(v.other.household, null, 2), 8));
  if (p.response) lines.push('      explanation:', ...indent(renderResponse(p.response), 8));
  return lines;
}

function indent(text: string, by: number): string[] {
  return text.split('\n').map((l) => ' '.repeat(by) + l);
}
