// `elig screen <ruleset> <input> --date D --out <file>`: a registry job. Every household of a JSONL,
// JSON, CSV or Parquet file is decided by the compiled evaluator, streaming (memory does not grow with
// the input); one row per subject goes to a Parquet, CSV or JSONL file; bad rows are reported with their
// row number and JSON pointer and counted; a summary ends the run.
import { parseArgs } from 'node:util';
import type { LoadedRuleset } from '../../engine';
import { rulesetSql } from '../../engine/sql';
import { folderRegistry, load } from '../load';
import { formatOf } from '../registry/input';
import { screenWithDuckDB } from '../registry/screen-duckdb';
import { screenWithJs } from '../registry/screen-js';
import { renderSummary, type ScreeningSummary } from '../registry/summary';

const USAGE = 'usage: elig screen <ruleset> <input.jsonl|.json|.csv|.parquet> --date YYYY-MM-DD --out <file.parquet|.csv|.jsonl> [--engine duckdb|js] [--json]';

export async function runScreen(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { date: { type: 'string' }, out: { type: 'string' }, engine: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 2 || !values.date || !values.out) throw new Error(USAGE);
  const input = positionals[1]!;
  // DuckDB by default for Parquet (the SQL backend, nothing passes through JavaScript); the compiled
  // evaluator for JSON and CSV, which are checked row by row against the schema.
  let engine = values.engine ?? (formatOf(input) === 'parquet' ? 'duckdb' : 'js');
  if (engine !== 'js' && engine !== 'duckdb') throw new Error(`--engine ${engine}: the engines are duckdb and js`);
  if (engine === 'duckdb' && formatOf(input) !== 'parquet') {
    throw new Error('--engine duckdb reads the Parquet layout of `elig import`; import the file first, or use --engine js');
  }
  const registry = folderRegistry();
  const ruleset = load(positionals[0]!, registry);
  const date = values.date;
  // Unasked, a ruleset the SQL backend does not translate runs on the compiled evaluator instead.
  if (engine === 'duckdb' && values.engine === undefined && !rulesetSql(ruleset, date, 'duckdb', { resolve: registry.resolve }).query) engine = 'js';
  if (engine === 'duckdb') {
    report(ruleset, date, values.out, await screenWithDuckDB(ruleset, input, date, values.out, registry.resolve), values.json === true, undefined);
    return 0;
  }
  const { summary, rejectedFile } = await screenWithJs(ruleset, input, date, values.out, { reference: positionals[0]!, resolve: registry.resolve });
  report(ruleset, date, values.out, summary, values.json === true, rejectedFile);
  return 0;
}

function report(ruleset: LoadedRuleset, date: string, out: string, summary: ScreeningSummary, json: boolean, rejectedFile: string | undefined): void {
  if (json) {
    console.log(JSON.stringify({ ruleset: { id: ruleset.id, version: ruleset.version }, date, out, ...summary }, null, 2));
    return;
  }
  console.log(`${ruleset.title} (${ruleset.id}) on ${date} → ${out}`);
  console.log(renderSummary(summary) + (rejectedFile ? `\n  rejected rows listed in ${rejectedFile}` : ''));
}
