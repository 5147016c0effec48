// The language front end as one import: parse, check, format. Runs in Node and in the browser.
import type { RulesetFile } from './ast';
import { check } from './check';
import type { CheckedRuleset, ProgramResolver } from './check/types';
import { sortDiagnostics, type Diagnostic } from './diagnostics';
import { parse } from './parse';

export { parse } from './parse';
export { check } from './check';
export { format } from './format';
export * from './diagnostics';
export type * from './ast';
export type * from './check/types';

export interface Analysis {
  ast: RulesetFile;
  checked: CheckedRuleset | undefined; // undefined when there are errors
  diagnostics: Diagnostic[];
}

/** Parse and check one ruleset text: what the CLI, the server's /check and the editor all run. */
export function analyse(text: string, options: { id?: string; resolve?: ProgramResolver } = {}): Analysis {
  const parsed = parse(text);
  const checkedResult = check(parsed.ast, options);
  const syntaxOk = !parsed.diagnostics.some((d) => d.severity === 'error');
  // After a syntax error, declarations the parser lost make others look unused: noise, not news.
  const checkDiagnostics = syntaxOk ? checkedResult.diagnostics : checkedResult.diagnostics.filter((d) => !d.code.startsWith('W-UNUSED'));
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checkDiagnostics]);
  return { ast: parsed.ast, checked: syntaxOk ? checkedResult.checked : undefined, diagnostics };
}
