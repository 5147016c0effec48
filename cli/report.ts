// A decision as a case worker reads it: verdict, amount, reasons, then the full tree of conditions.
import { renderCounterfactuals } from './counterfactuals-report';
import type { Decision, EvaluateResponse, ExplanationNode } from '../engine';
import { quantityText } from '../engine/explain';

const MARK = { true: '✓', false: '✗', null: '?' } as const;

export function renderResponse(r: EvaluateResponse): string {
  const lines = [
    `${r.ruleset.title} (${r.ruleset.id}, ${r.ruleset.version.slice(0, 19)}…) — household ${r.household} on ${r.date}`,
  ];
  if (!r.in_force) lines.push('The program is not in force on this date.');
  if (r.decisions.length === 0) lines.push('No member of this household is a subject of the program.');
  for (const d of r.decisions) lines.push('', ...renderDecision(d));
  return lines.join('\n');
}

function verdict(d: Decision): string {
  if (d.eligible === true) return 'ELIGIBLE';
  if (d.eligible === false) return 'NOT ELIGIBLE';
  return 'UNDETERMINED';
}

function renderDecision(d: Decision): string[] {
  const lines = [`${d.subject}: ${verdict(d)}`];
  const amount = d.benefit.amount === null ? 'unknown' : `${d.benefit.amount} ${d.benefit.currency}`;
  lines.push(`  benefit: ${amount}${d.benefit.period === 'once' ? ' once' : ` per ${d.benefit.period}`}`);
  for (const [name, value] of Object.entries(d.scores)) lines.push(`  score ${name}: ${value ?? 'unknown'}`);
  if (d.outcome !== null) lines.push(`  outcome: ${d.outcome}`);
  for (const reason of d.reasons) lines.push(`  - ${reason}`);
  if (d.missing.length > 0) lines.push(`  missing facts: ${d.missing.join(', ')}`);
  if (d.not_in_force.length > 0) lines.push(`  not in force on this date: ${d.not_in_force.join(', ')}`);
  if (d.assumptions.length > 0) lines.push(`  depends on assumptions: ${d.assumptions.join(', ')}`);
  if (d.explanation) lines.push('  why:', ...renderNode(d.explanation, 2));
  lines.push(...renderCounterfactuals(d));
  return lines;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'unknown';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function renderNode(n: ExplanationNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const mark = n.holds === undefined ? '•' : MARK[String(n.holds) as keyof typeof MARK];
  const parts = [`${pad}${mark} ${n.label}`];
  if (n.value !== undefined) parts.push(`: ${n.value === null ? 'unknown' : quantityText(n.value, n.unit)}`);
  if (n.compared) {
    const name = n.compared.name ? ` (${n.compared.name})` : '';
    parts.push(` ${n.compared.op} ${show(n.compared.threshold)}${name}`);
  }
  if (n.source) parts.push(`  [source: ${n.source}]`);
  if (n.assumption) parts.push(`  [assumption: ${n.assumption}]`);
  if (n.missing && n.missing.length > 0) parts.push(`  [missing: ${n.missing.join(', ')}]`);
  return [parts.join(''), ...(n.children ?? []).flatMap((c) => renderNode(c, depth + 1))];
}
