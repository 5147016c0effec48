// `elig check [files or folders]`: every diagnostic, `file:line:col: severity: message`; exit 1 on errors.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { analyse, formatDiagnostic } from '../../dsl';
import { folderRegistry } from '../load';
import { findRulesetFiles, rulesetIdOf } from '../ruleset-files';
import { say } from '../terminal';

export function runCheck(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const files = findRulesetFiles(positionals.length > 0 ? positionals : ['rulesets']);
  if (files.length === 0) throw new Error('no .elig files found');
  let errors = 0;
  let warnings = 0;
  const rulesets = folderRegistry(); // one loader: each program another reads is parsed once
  for (const file of files) {
    const result = analyse(readFileSync(file, 'utf8'), { id: rulesetIdOf(file), resolve: rulesets.resolveAst });
    for (const d of result.diagnostics) {
      if (d.severity === 'error') errors++;
      if (d.severity === 'warning') warnings++;
      say(formatDiagnostic(relative(process.cwd(), file), d));
    }
  }
  say(`checked ${files.length} ruleset${files.length === 1 ? '' : 's'}: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}
