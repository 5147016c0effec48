// The text `elig eval --why-not` prints under each decision: what would change it (engine/counterfactuals).
import type { Decision } from '../engine';

export function renderCounterfactuals(d: Decision): string[] {
  const c = d.counterfactuals;
  if (!c) return [];
  const lines: string[] = [];
  if (c.flips.length) {
    lines.push('  what would make it eligible (smallest first; each re-evaluated):');
    for (const f of c.flips) lines.push(`    • ${f.message.text}`);
  } else if (d.eligible !== true) {
    lines.push('  no change of one or two facts makes it eligible within the search.');
  }
  if (c.margins.length) {
    lines.push('  margins:');
    for (const m of c.margins) lines.push(`    • ${m.message.text}`);
  }
  if (c.next) lines.push(`  in time: ${c.next.message.text}`);
  const s = c.search;
  lines.push(`  searched: ${s.evaluations} evaluations${s.capped ? ` — stopped at the cap of ${s.cap}; there may be more` : ''}; not changed: ${s.fixed.length ? s.fixed.join(', ') : 'none'}; dates up to ${Math.round(s.horizonDays / 365)} years ahead`);
  return lines;
}
