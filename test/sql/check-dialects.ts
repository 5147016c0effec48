// `npx tsx test/sql/check-dialects.ts [trino|spark] [ruleset…]` (not a test: minutes per ruleset): every
// shipped ruleset's Trino and Spark query through dt-sql-parser, one line per ruleset and dialect.
// The suite (trino-spark.test.ts) checks each helper form and one ruleset; this checks them all.
import { SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { join, resolve } from 'node:path';
import { folderRegistry } from '../../cli/load';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';
import { rulesetSql } from '../../engine/sql';

const ROOT = resolve(import.meta.dirname, '../..');
const registry = folderRegistry(join(ROOT, 'rulesets'));
const args = process.argv.slice(2);
const dialects = (['trino', 'spark'] as const).filter((d) => !args.some((a) => a === 'trino' || a === 'spark') || args.includes(d));
const chosen = args.filter((a) => a.includes('/'));
const ids = chosen.length ? chosen : findRulesetFiles([join(ROOT, 'rulesets')]).map((f) => rulesetIdOf(f)!).sort();
let failed = 0;
for (const dialect of dialects) {
  const parser = dialect === 'trino' ? new TrinoSQL() : new SparkSQL();
  for (const id of ids) {
    const out = rulesetSql(registry.get(id)!, '2024-06-30', dialect, { resolve: registry.resolve });
    if (!out.query) { console.log(`${dialect} ${id}: not translated (${out.diagnostics.map((d) => d.message).join('; ')})`); continue; }
    const t = performance.now();
    const errors = [out.query.sql, out.query.summary].flatMap((sql) => parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`));
    if (errors.length) failed++;
    console.log(`${dialect} ${id}: ${errors.length ? `${errors.length} errors: ${errors.slice(0, 3).join(' | ')}` : 'parses'} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
}
process.exitCode = failed ? 1 : 0;
