// `elig fmt [--check] [files]`: rewrite files in the canonical layout. A file with syntax errors is left
// untouched — formatting it would drop the text the parser could not read.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, hasErrors } from '../../dsl';
import { format } from '../../dsl/format';
import { parse } from '../../dsl/parse';
import { findRulesetFiles } from '../ruleset-files';
import { complain, say } from '../terminal';

export function runFmt(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { check: { type: 'boolean' } } });
  const files = findRulesetFiles(positionals.length > 0 ? positionals : ['rulesets']);
  let unformatted = 0;
  let broken = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file);
    const text = readFileSync(file, 'utf8');
    const parsed = parse(text);
    if (hasErrors(parsed.diagnostics)) {
      broken++;
      for (const d of parsed.diagnostics) complain(formatDiagnostic(name, d));
      continue;
    }
    const formatted = format(parsed.ast, parsed.comments);
    if (formatted === text) continue;
    unformatted++;
    if (values.check) {
      say(`${name}: not in canonical format`);
    } else {
      // Write beside, then rename: a crash mid-write never leaves half a ruleset.
      writeFileSync(`${file}.tmp`, formatted);
      renameSync(`${file}.tmp`, file);
      say(`${name}: formatted`);
    }
  }
  if (broken > 0) return 1;
  return values.check && unformatted > 0 ? 1 : 0;
}
