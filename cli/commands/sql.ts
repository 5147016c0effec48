// `elig sql <ruleset> --date D [--dialect duckdb|postgres]`: the ruleset compiled to SQL for one date —
// the helper functions, then the query over the `households` and `members` tables (engine/sql/layout.ts)
// giving one row per subject. What the dialect cannot express is printed as file:line:col diagnostics.
import { parseArgs } from 'node:util';
import { DIALECTS, rulesetSql, type DialectName } from '../../engine/sql';
import { folderRegistry } from '../load';
import { load } from '../load';

export function runSql(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { date: { type: 'string' }, dialect: { type: 'string' } } });
  const dialect = (values.dialect ?? 'duckdb') as DialectName;
  if (positionals.length !== 1 || !values.date || !(dialect in DIALECTS)) {
    throw new Error(`usage: elig sql <ruleset> --date YYYY-MM-DD [--dialect ${Object.keys(DIALECTS).join('|')}]`);
  }
  const registry = folderRegistry();
  const ruleset = load(positionals[0]!, registry);
  const { query, prelude, diagnostics } = rulesetSql(ruleset, values.date, dialect, { resolve: registry.resolve });
  for (const d of diagnostics) console.error(`rulesets/${d.rulesetId}.elig:${d.line}:${d.column}: error: ${d.message} [${d.code}]`);
  if (!query) return 1;
  // Labels and titles are ruleset text: inside a comment, a line break would end the comment.
  const comment = (text: string) => text.replace(/[\u0000-\u001f\u2028\u2029]/g, ' ');
  console.log(`-- ${comment(ruleset.title)} (${ruleset.id}, ${ruleset.version}) on ${values.date}, ${dialect}`);
  console.log(`-- columns: ${comment(query.columns.map((c) => `${c.name} (${c.label})`).join('; '))}`);
  for (const statement of prelude) console.log(`${statement};`);
  console.log(`${query.sql};`);
  return 0;
}
