// `elig screen <ruleset> <input> --date D --out <file>`: a registry job. Every household of a JSONL,
// JSON, CSV or Parquet file is decided by the compiled evaluator, streaming (memory does not grow with
// the input); one row per subject goes to a Parquet, CSV or JSONL file; bad rows are reported with their
// row number and JSON pointer and counted; a summary ends the run.
import { parseArgs } from 'node:util';
import { appendFileSync, rmSync } from 'node:fs';
import { decide } from '../../engine';
import { folderRegistry } from '../load';
import { rowErrorLines } from '../households';
import { readHouseholds } from '../registry/input';
import { openWriter } from '../registry/output';
import { renderSummary, SummaryCounter } from '../registry/summary';
import { load } from './compare';

const USAGE = 'usage: elig screen <ruleset> <input.jsonl|.json|.csv|.parquet> --date YYYY-MM-DD --out <file.parquet|.csv|.jsonl> [--engine js] [--json]';
/** Bad rows printed one by one before the rest are only counted (all of them go to <out>.rejected.jsonl). */
const SHOWN_PROBLEMS = 20;

export async function runScreen(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { date: { type: 'string' }, out: { type: 'string' }, engine: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 2 || !values.date || !values.out) throw new Error(USAGE);
  const engine = values.engine ?? 'js';
  if (engine !== 'js') {
    // The SQL engines run the ruleset compiled to SQL, a backend of the typed intermediate form that is
    // not merged yet; until then every engine other than js is refused rather than approximated.
    throw new Error(`--engine ${engine} needs the SQL backend, which is not available yet; use --engine js`);
  }
  const registry = folderRegistry();
  const ruleset = load(positionals[0]!, registry);
  const date = values.date;
  const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
  const input = readHouseholds(positionals[1]!);
  const writer = await openWriter(values.out, scoreNames);
  const rejectedFile = `${values.out}.rejected.jsonl`;
  rmSync(rejectedFile, { force: true }); // a previous run's list must not pass for this one's
  const counter = new SummaryCounter();
  for await (const row of input) {
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
  if (values.json) console.log(JSON.stringify({ ruleset: { id: ruleset.id, version: ruleset.version }, date, out: values.out, ...summary }, null, 2));
  else {
    console.log(`${ruleset.title} (${ruleset.id}) on ${date} → ${values.out}`);
    console.log(renderSummary(summary) + (counter.rejected ? `\n  rejected rows listed in ${rejectedFile}` : ''));
  }
  return 0;
}
