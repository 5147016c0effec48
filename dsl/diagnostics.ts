// Diagnostics: what every stage reports. The CLI prints them as `file:line:col: severity: message`,
// the editor turns the same objects into Monaco markers, the server returns them as JSON.
import type { Range } from './ast';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable code, e.g. `E-UNIT-MISMATCH`; golden tests and the editor key on it. */
  code: string;
  severity: Severity;
  range: Range;
  /** One plain sentence a policy designer understands. */
  message: string;
  /** An optional fix: "did you mean `monthly_income`?" */
  hint?: string;
  related?: { range: Range; message: string }[];
}

export function diagnostic(
  code: string,
  severity: Severity,
  range: Range,
  message: string,
  extra: { hint?: string; related?: { range: Range; message: string }[] } = {},
): Diagnostic {
  return { code, severity, range, message, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: severity: message (hint)` — the one textual form, shared by CLI and golden files. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity}: ${d.message}${hint} [${d.code}]`;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code),
  );
}
