// Live diagnostics: parse + check in the browser, debounced, shown as Monaco markers.
// The time of each analysis is kept for the status bar and for tests (window.__elig.lastCheckMs).
import { analyse } from '../../dsl';
import type { Diagnostic } from '../../dsl/diagnostics';
import { monaco } from './monaco';
import { resolveAst } from './programs';
import { debounce, emit, state, type Analysis } from './state';

export const MARKER_OWNER = 'elig';
export const ANALYSIS_DELAY_MS = 100;

const severities: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

export function toMarker(d: Diagnostic, model: monaco.editor.ITextModel): monaco.editor.IMarkerData {
  let { line: startLineNumber, column: startColumn } = d.range.start;
  let { line: endLineNumber, column: endColumn } = d.range.end;
  startLineNumber = Math.max(1, Math.min(startLineNumber, model.getLineCount()));
  endLineNumber = Math.max(startLineNumber, Math.min(endLineNumber, model.getLineCount()));
  if (endLineNumber === startLineNumber && endColumn <= startColumn) {
    // an empty range (e.g. "expected `}` at the end"): mark the word there, or one character
    const word = model.getWordAtPosition({ lineNumber: startLineNumber, column: startColumn });
    if (word) [startColumn, endColumn] = [word.startColumn, word.endColumn];
    else endColumn = startColumn + 1;
  }
  return {
    severity: severities[d.severity] ?? monaco.MarkerSeverity.Info,
    code: d.code,
    message: d.hint ? `${d.message} (${d.hint})` : d.message,
    startLineNumber,
    startColumn,
    endLineNumber,
    endColumn,
    source: 'elig',
    relatedInformation: d.related?.map((r) => ({
      resource: model.uri,
      message: r.message,
      startLineNumber: r.range.start.line,
      startColumn: r.range.start.column,
      endLineNumber: r.range.end.line,
      endColumn: r.range.end.column,
    })),
  };
}

/** When the oldest change not yet analysed was made (performance.now()), for keystroke → markers latency. */
let pendingSince: number | undefined;
export const latency = { lastKeystrokeToMarkersMs: undefined as number | undefined };

export function analyseNow(model: monaco.editor.ITextModel): Analysis {
  const text = model.getValue();
  const id = state.loaded?.id;
  const started = performance.now();
  let result: Pick<Analysis, 'ast' | 'checked' | 'diagnostics'>;
  try {
    const r = analyse(text, { id, resolve: resolveAst });
    result = { ast: r.ast, checked: r.checked, diagnostics: r.diagnostics };
  } catch (error) {
    // the checker must never throw; if it does, say so in place rather than going silent
    const at = { line: 1, column: 1, offset: 0 };
    result = {
      ast: undefined,
      checked: undefined,
      diagnostics: [{ code: 'E-INTERNAL', severity: 'error', range: { start: at, end: at }, message: `The checker failed: ${String(error)}` }],
    };
    console.error(error);
  }
  const ms = performance.now() - started;
  const analysis: Analysis = { text, ...result, ms, at: Date.now() };
  monaco.editor.setModelMarkers(model, MARKER_OWNER, analysis.diagnostics.map((d) => toMarker(d, model)));
  if (pendingSince !== undefined) latency.lastKeystrokeToMarkersMs = performance.now() - pendingSince;
  pendingSince = undefined;
  state.analysis = analysis;
  emit('analysis', analysis);
  return analysis;
}

/** Re-analyse `model` ~100 ms after the last change. */
export function attachLiveAnalysis(model: monaco.editor.ITextModel): { schedule(): void; flush(): void } {
  const scheduled = debounce(() => {
    if (!model.isDisposed()) analyseNow(model);
  }, ANALYSIS_DELAY_MS);
  model.onDidChangeContent(() => {
    pendingSince ??= performance.now();
    scheduled();
  });
  return { schedule: scheduled, flush: scheduled.flush };
}
