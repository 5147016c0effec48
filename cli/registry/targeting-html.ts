// The targeting report a policy designer opens in a browser: one self-contained HTML file (inline CSS
// and SVG, no script, no network), with the criterion funnel, the distribution of benefits, the
// beneficiary × poor table of BO Table 4.7 and the errors by group. Every text from a ruleset or a
// household is escaped.
import type { FunnelStep } from '../../engine/analysis/population';
import type { TargetingMeasures } from '../../engine/analysis/targeting';
import type { ScreeningSummary } from './summary';

export interface TargetingReport {
  title: string;
  ruleset: { id: string; version: string };
  date: string;
  reference: string;
  groupBy: string | undefined;
  summary: ScreeningSummary;
  funnel: FunnelStep[];
  /** Benefit amount → number of eligible subjects receiving it. */
  benefits: [number, number][];
  total: TargetingMeasures;
  groups: TargetingMeasures[];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const int = (n: number) => n.toLocaleString('en');

const BLUE = '#2f6db5', ORANGE = '#d9822b', RED = '#c23b3b';

/** Horizontal bars, one per row, labelled on the left with the count at the bar's end. */
function barChart(rows: { label: string; value: number; note?: string }[], color: string, aria: string): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 28, labelWidth = 330, barWidth = 420, height = rows.length * rowHeight + 10;
  const bars = rows.map((r, i) => {
    const y = i * rowHeight + 5;
    const w = Math.max(1, (r.value / max) * barWidth);
    return `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escape(r.label)}</text>`
      + `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`
      + `<text x="${labelWidth + w + 6}" y="${y + 17}">${int(r.value)}${r.note ? ` (${escape(r.note)})` : ''}</text>`;
  });
  return `<svg role="img" aria-label="${escape(aria)}" width="${labelWidth + barWidth + 140}" height="${height}" font-size="13">${bars.join('')}</svg>`;
}

function funnelChart(r: TargetingReport): string {
  const all = r.summary.subjects;
  const rows = [{ label: 'subjects screened', value: all }, ...r.funnel.map((s) => ({ label: `+ ${s.label}`, value: s.passing, note: pct(all ? s.passing / all : null) }))];
  return barChart(rows, BLUE, 'criterion funnel');
}

/** At most 20 bins between the smallest and largest amount (each amount its own bar when few). */
function benefitChart(r: TargetingReport): string {
  if (r.benefits.length === 0) return '<p>No eligible subject.</p>';
  const sorted = [...r.benefits].sort((a, b) => a[0] - b[0]);
  if (sorted.length <= 20) return barChart(sorted.map(([amount, n]) => ({ label: `${amount} ${r.summary.cost.currency}`, value: n })), ORANGE, 'benefit distribution');
  const lo = sorted[0]![0], hi = sorted.at(-1)![0], width = (hi - lo) / 20;
  const bins = Array.from({ length: 20 }, (_, i) => ({ label: `${(lo + i * width).toFixed(2)} – ${(lo + (i + 1) * width).toFixed(2)}`, value: 0 }));
  for (const [amount, n] of sorted) bins[Math.min(19, Math.floor((amount - lo) / width))]!.value += n;
  return barChart(bins, ORANGE, 'benefit distribution');
}

/** Two bars per group: the paper's inclusion and exclusion errors, as shares of the group. */
function errorsChart(groups: TargetingMeasures[]): string {
  const rowHeight = 44, labelWidth = 200, barWidth = 420;
  const rows = groups.map((g, i) => {
    const y = i * rowHeight + 5;
    const bar = (value: number | null, dy: number, color: string) => {
      const w = value === null ? 0 : Math.max(1, value * barWidth);
      return `<rect x="${labelWidth}" y="${y + dy}" width="${w.toFixed(1)}" height="16" fill="${color}"/><text x="${labelWidth + w + 6}" y="${y + dy + 13}">${pct(value)}</text>`;
    };
    return `<text x="${labelWidth - 8}" y="${y + 23}" text-anchor="end">${escape(g.group)}</text>${bar(g.inclusionError, 2, ORANGE)}${bar(g.exclusionError, 20, RED)}`;
  });
  const legend = `<rect x="${labelWidth}" y="${groups.length * rowHeight + 8}" width="12" height="12" fill="${ORANGE}"/><text x="${labelWidth + 18}" y="${groups.length * rowHeight + 19}">inclusion error</text>`
    + `<rect x="${labelWidth + 140}" y="${groups.length * rowHeight + 8}" width="12" height="12" fill="${RED}"/><text x="${labelWidth + 158}" y="${groups.length * rowHeight + 19}">exclusion error</text>`;
  return `<svg role="img" aria-label="errors by group" width="${labelWidth + barWidth + 80}" height="${groups.length * rowHeight + 30}" font-size="13">${rows.join('')}${legend}</svg>`;
}

function cellTable(t: TargetingMeasures): string {
  const share = (n: number) => pct(t.classified ? n / t.classified : null);
  return `<table class="cells"><tr><th></th><th>beneficiary</th><th>non-beneficiary</th><th>total</th></tr>
<tr><th>poor</th><td>${share(t.poorBeneficiary)}<small>${int(t.poorBeneficiary)}</small></td><td class="err">${share(t.poorNonBeneficiary)}<small>${int(t.poorNonBeneficiary)} · exclusion error</small></td><td>${share(t.poorBeneficiary + t.poorNonBeneficiary)}</td></tr>
<tr><th>non-poor</th><td class="err">${share(t.nonPoorBeneficiary)}<small>${int(t.nonPoorBeneficiary)} · inclusion error</small></td><td>${share(t.nonPoorNonBeneficiary)}<small>${int(t.nonPoorNonBeneficiary)}</small></td><td>${share(t.nonPoorBeneficiary + t.nonPoorNonBeneficiary)}</td></tr>
<tr><th>total</th><td>${share(t.poorBeneficiary + t.nonPoorBeneficiary)}</td><td>${share(t.poorNonBeneficiary + t.nonPoorNonBeneficiary)}</td><td>100% <small>${int(t.classified)}</small></td></tr></table>`;
}

function measuresTable(rows: TargetingMeasures[]): string {
  const head = '<tr><th>group</th><th>classified</th><th>inclusion error</th><th>exclusion error</th><th>success ratio</th><th>coverage</th><th>leakage</th><th>undetermined</th><th>no reference</th></tr>';
  const body = rows.map((g) => `<tr><th>${escape(g.group)}</th><td>${int(g.classified)}</td><td>${pct(g.inclusionError)}</td><td>${pct(g.exclusionError)}</td><td>${pct(g.successRatio)}</td><td>${pct(g.coverage)}</td><td>${pct(g.leakage)}</td><td>${int(g.undetermined)}</td><td>${int(g.noReference)}</td></tr>`);
  return `<table class="measures">${head}${body.join('')}</table>`;
}

export function renderTargetingHtml(r: TargetingReport): string {
  const s = r.summary;
  const period = s.cost.period === 'once' ? 'once' : `per ${s.cost.period}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(r.title)} — targeting on ${escape(r.date)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1f2933; max-width: 1000px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #d9dee3; }
.meta { color: #52606d; } .figures { display: flex; gap: 2em; flex-wrap: wrap; }
.figures div { background: #f5f7fa; padding: 0.6em 1em; border-radius: 6px; } .figures b { display: block; font-size: 1.4em; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { padding: 0.35em 0.8em; border: 1px solid #d9dee3; text-align: right; }
th:first-child { text-align: left; } td small { display: block; color: #52606d; font-size: 0.8em; } td.err { background: #fdf0e6; }
svg text { fill: #1f2933; } .note { color: #52606d; font-size: 0.9em; }
</style></head><body>
<h1>${escape(r.title)}</h1>
<p class="meta">${escape(r.ruleset.id)} (${escape(r.ruleset.version.slice(0, 19))}…) on ${escape(r.date)} · reference: ${escape(r.reference)}</p>
<div class="figures">
<div><b>${int(s.households)}</b>households${s.rejected ? ` (${int(s.rejected)} rows rejected)` : ''}</div>
<div><b>${int(s.eligible)}</b>eligible of ${int(s.subjects)} subjects</div>
<div><b>${int(s.undetermined)}</b>undetermined</div>
<div><b>${escape(s.cost.amount)} ${escape(s.cost.currency)}</b>${period}</div>
<div><b>${pct(r.total.coverage)}</b>of the poor covered</div>
<div><b>${pct(r.total.leakage)}</b>of beneficiaries not poor</div>
</div>
<h2>Criterion by criterion</h2>
<p class="note">Subjects meeting each top-level condition and every one above it (the funnel of BE Appendix III).</p>
${funnelChart(r)}
<h2>Beneficiaries and poverty</h2>
<p class="note">Shares of all classified subjects, as in BO Table 4.7: the paper's inclusion error is the non-poor beneficiaries, its exclusion error the poor non-beneficiaries. Subjects the rules cannot decide (${int(r.total.undetermined)}) or without a reference (${int(r.total.noReference)}) are left out.</p>
${cellTable(r.total)}
<h2>Benefits</h2>
${benefitChart(r)}
${r.groups.length ? `<h2>Errors by ${escape(r.groupBy ?? 'group')}</h2>\n${errorsChart(r.groups)}` : ''}
<h2>All measures</h2>
<p class="note">Coverage: poor beneficiaries / poor. Leakage: non-poor beneficiaries / beneficiaries. Success ratio: correctly classified / classified (BO Table 5.1).</p>
${measuresTable([r.total, ...r.groups])}
</body></html>
`;
}
