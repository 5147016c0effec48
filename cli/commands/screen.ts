// `elig screen <ruleset> <input> --date D --out <file>`: a registry job. Every household of a JSONL,
// JSON, CSV or Parquet file is decided by the compiled evaluator, streaming (memory does not grow with
// the input); one row per subject goes to a Parquet, CSV or JSONL file; bad rows are reported with their
// row number and JSON pointer and counted; a summary ends the run.
import { parseArgs } from 'node:util';
import { appendFileSync, rmSync } from 'node:fs';
import { decide, type LoadedRuleset } from '../../engine';
import { rulesetSql } from '../../engine/sql';
import { folderRegistry } from '../load';
import { rowErrorLines } from '../households';
import { formatOf, readHouseholds } from '../registry/input';
import { screenWithDuckDB } from '../registry/screen-duckdb';
import { openWriter } from '../registry/output';
import { renderSummary, SummaryCounter, type ScreeningSummary } from '../registry/summary';
import { load } from '../load';

const USAGE = 'usage: elig screen <ruleset> <input.jsonl|.json|.csv|.parquet> --date YYYY-MM-DD --out <file.parquet|.csv|.jsonl> [--engine duckdb|js] [--json]';
/** Bad rows printed one by one before the rest are only counted (all of them go to <out>.rejected.jsonl). */
const SHOWN_PROBLEMS = 20;

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
  const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
  const rows = readHouseholds(input);
  const writer = await openWriter(values.out, scoreNames);
  const rejectedFile = `${values.out}.rejected.jsonl`;
  rmSync(rejectedFile, { force: true }); // a previous run's list must not pass for this one's
  const counter = new SummaryCounter();
  for await (const row of rows) {
    if (!row.household) {
      counter.rejected++;
      appendFileSync(rejectedFile, JSON.stringify({ row: row.row, errors: row.errors }) + '\n');
      if (counter.rejected <= SHOWN_PROBLEMS) {
        rowErrorLines(row).forEach((l) => console.error(l));
      }
      continue;
    }
    counter.households++;
    const id = String(row.household.id);
    for (const d of decide(ruleset, row.household, { date, resolve: registry.resolve })) {
      counter.add(d.eligible, d.benefit);
      await writer.write({ household_id: id, subject: d.subject, eligible: d.eligible, benefit: d.benefit, outcome: d.outcome, scores: scoreNames.map((n) => d.scores[n] ?? null) });
    }
  }
  await writer.close(counter.rejected);
  if (counter.rejected > SHOWN_PROBLEMS) console.error(`… and ${counter.rejected - SHOWN_PROBLEMS} more bad rows`);
  const summary = counter.result(ruleset.checked.currency, ruleset.checked.benefit?.period ?? 'once');
  report(ruleset, date, values.out, summary, values.json === true, counter.rejected ? rejectedFile : undefined);
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
