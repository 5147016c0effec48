// The review page a case worker hands to a family (`elig explain … --html out.html`): one self-contained
// HTML file (no scripts, no remote assets, printable), in the chosen language. Every text from the
// ruleset or the household is escaped.
import type { Decision, EvaluateResponse, ExplanationNode } from '../decision';
import { amountText, namedFacts, nodeValueText, rendererOf, subjectText, titleText, type ReportOptions } from './report';
import type { Renderer } from './render';

export function reviewPage(r: EvaluateResponse, options: ReportOptions = {}): string {
  const w = rendererOf(options);
  const m = w.m;
  const programTitle = titleText(r, w);
  const title = m.format('page_title', { title: programTitle, household: r.household });
  const body: string[] = [];
  body.push(`<h1>${esc(programTitle)}</h1>`);
  body.push(`<p class="intro">${esc(m.format('page_intro', { date: m.date(r.date), household: r.household, title: programTitle }))}</p>`);
  if (!r.in_force) body.push(`<p class="warning">${esc(m.format('report_not_in_force', {}))}</p>`);
  if (r.decisions.length === 0) body.push(`<p>${esc(m.format('report_no_subjects', {}))}</p>`);
  for (const d of r.decisions) body.push(decisionSection(d, w, options));
  body.push(`<footer>${esc(m.format('page_footer', { id: r.ruleset.id, version: r.ruleset.version.slice(0, 19), date: m.date(r.date) }))}</footer>`);
  return `<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1d; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.2rem; margin: 0; } h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
section { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; break-inside: avoid; }
.verdict { display: inline-block; padding: .1rem .6rem; border-radius: 4px; font-weight: 600; margin-left: .5rem; }
.v-true { background: #e3f4e5; color: #17612a; } .v-false { background: #fbe5e3; color: #8a1c12; } .v-null { background: #fff2d6; color: #7a5200; }
.amount { font-size: 1.1rem; margin: .5rem 0; } .intro, footer { color: #555; } footer { font-size: .85rem; margin-top: 2rem; }
ul.tree { list-style: none; padding-left: 1.2rem; } .held { color: #17612a; } .failed { color: #8a1c12; } .unknown { color: #7a5200; }
code { font-size: .85em; color: #555; } details { margin-top: .75rem; }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function decisionSection(d: Decision, w: Renderer, options: ReportOptions): string {
  const m = w.m;
  const out = [`<section data-subject="${esc(d.subject)}" data-eligible="${d.eligible}">`];
  out.push(`<h2>${esc(subjectText(d.subject, w))}<span class="verdict v-${d.eligible}">${esc(m.format('verdict', { eligible: String(d.eligible) }))}</span></h2>`);
  out.push(`<p class="amount">${esc(amountText(d, w))}</p>`);
  if (d.reasons.length) out.push(`<h3>${esc(m.format('page_reasons', {}))}</h3>`, list(d.reasons.map(esc)));
  if (d.missing.length) {
    const facts = namedFacts(d, w, options.household).map((f) => {
      const at = f.lastIndexOf(' (');
      return `${esc(f.slice(0, at))} <code>${esc(f.slice(at + 2, -1))}</code>`;
    });
    out.push(`<h3>${esc(m.format('page_missing', {}))}</h3>`, list(facts));
  }
  if (d.assumptions.length) out.push(`<h3>${esc(m.format('page_assumptions', {}))}</h3>`, list(d.assumptions.map((a) => esc(w.name(a)))));
  if (d.explanation) {
    out.push(`<details><summary>${esc(m.format('page_details', {}))}</summary><ul class="tree">${treeItem(d.explanation, w)}</ul></details>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function treeItem(n: ExplanationNode, w: Renderer): string {
  const cls = n.holds === true ? 'held' : n.holds === false ? 'failed' : n.holds === null ? 'unknown' : '';
  const mark = n.holds === true ? '✓' : n.holds === false ? '✗' : n.holds === null ? '?' : '•';
  const knownTest = n.compared && /^is (not )?(known|unknown)$/.test(n.compared.op);
  const value = n.value !== undefined && !knownTest ? `: ${esc(nodeValueText(n, w))}` : '';
  const children = n.children?.length ? `<ul class="tree">${n.children.map((c) => treeItem(c, w)).join('')}</ul>` : '';
  return `<li><span class="${cls}">${mark}</span> ${esc(n.label)}${value}${children}</li>`;
}

function list(items: string[]): string {
  return `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
