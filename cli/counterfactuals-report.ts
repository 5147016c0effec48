// The text `elig eval --why-not` prints under each decision: what would change it (engine/counterfactuals).
// The sentences come written in the response's language (engine/render/counterfactuals.ts); the headings
// are the renderer's catalogue messages in the same language.
import type { Decision } from '../engine';
import type { Renderer } from '../engine/render/render';

export function renderCounterfactuals(d: Decision, w: Renderer): string[] {
  const c = d.counterfactuals;
  if (!c) return [];
  const m = w.m;
  const lines: string[] = [];
  if (c.flips.length) {
    lines.push(`  ${m.format('cf_heading_flips', {})}`);
    for (const f of c.flips) lines.push(`    • ${f.message.text}`);
  } else if (d.eligible !== true) {
    lines.push(`  ${m.format('cf_no_flips', {})}`);
  }
  if (c.margins.length) {
    lines.push(`  ${m.format('cf_heading_margins', {})}`);
    for (const x of c.margins) lines.push(`    • ${x.message.text}`);
  }
  if (c.next) lines.push(`  ${m.format('cf_in_time', { text: c.next.message.text })}`);
  const s = c.search;
  lines.push(`  ${m.format('cf_searched', {
    evaluations: String(s.evaluations), capped: s.capped, cap: String(s.cap),
    fixed: s.fixed.length ? s.fixed.join(', ') : m.format('cf_none', {}), years: String(Math.round(s.horizonDays / 365)),
  })}`);
  return lines;
}
