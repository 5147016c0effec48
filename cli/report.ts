// A decision as a case worker reads it: verdict, amount, reasons, then the full tree of conditions —
// written by the renderer (engine/render/report.ts) in the language asked for; with --why-not, each
// decision's counterfactuals follow (cli/counterfactuals-report.ts).
import type { EvaluateResponse } from '../engine';
import { rendererOf, reportText, type ReportOptions } from '../engine/render/report';
import { renderCounterfactuals } from './counterfactuals-report';

export function renderResponse(r: EvaluateResponse, options: ReportOptions = {}): string {
  const text = reportText(r, options);
  const whatIf = r.decisions.flatMap((d) => {
    const lines = renderCounterfactuals(d, rendererOf(options));
    return lines.length ? ['', `${d.subject}:`, ...lines] : [];
  });
  return whatIf.length ? `${text}\n${whatIf.join('\n')}` : text;
}
