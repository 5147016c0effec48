// `elig export --format json-rules-engine <ruleset> [--date D] [--eligibility-only]`: the rules in
// json-rules-engine's JSON, for systems that run that engine. Constructs it cannot express are refused
// with their line (see engine/export/json-rules-engine.ts for the list).
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../../dsl';
import { exportCommandOutput } from '../../engine/export/json-rules-engine';
import { folderRegistry } from '../load';
import { rulesetFileOf } from '../ruleset-files';
import { complain, say } from '../terminal';

export function runExport(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, date: { type: 'string' }, 'eligibility-only': { type: 'boolean' } },
  });
  const [id] = positionals;
  if (!id || values.format !== 'json-rules-engine') {
    throw new Error('usage: elig export --format json-rules-engine <ruleset-id> [--date YYYY-MM-DD] [--eligibility-only]');
  }
  const loaded = folderRegistry().load(id);
  if (!loaded.ruleset) {
    if (loaded.diagnostics.length === 0) throw new Error(`no ruleset \`${id}\` (looked for ${rulesetFileOf(id)})`);
    loaded.diagnostics.forEach((d) => complain(formatDiagnostic(rulesetFileOf(id), d)));
    return 1;
  }
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  try {
    say(exportCommandOutput(loaded.ruleset.checked, date, { eligibilityOnly: values['eligibility-only'] }));
    return 0;
  } catch (error) {
    complain(`elig export: ${(error as Error).message}`);
    return 1;
  }
}
