// A decision as a case worker reads it: verdict, amount, reasons, then the full tree of conditions —
// written by the renderer (engine/render/report.ts) in the language asked for.
import type { EvaluateResponse } from '../engine';
import { reportText, type ReportOptions } from '../engine/render/report';

export function renderResponse(r: EvaluateResponse, options: ReportOptions = {}): string {
  return reportText(r, options);
}
