// `elig screen --engine duckdb`: the ruleset compiled to SQL (engine/sql) and run by the embedded DuckDB
// over the Parquet file of `elig import` — in the lists form when it expresses the ruleset (one row per
// household as the file holds it, no join; else the row form) — written to Parquet or CSV without a row passing through
// JavaScript, in the file's order. The decisions are the compiled evaluator's (test/sql/differential.test.ts); the summary is
// read back from the output file, money summed as exact decimals.
import type { LoadedRuleset, RulesetResolver } from '../../engine';
import { quoteIdent, sqlString } from './columns';
import { duckdbQuery, duckdbSetup } from './compare-duckdb';
import { openDuckDB } from './duckdb';
import type { ScreeningSummary } from './summary';

/** DuckDB's working memory for a screening, when set; beyond it, its operators spill to disk. */
const MEMORY_LIMIT = process.env.ELIG_DUCKDB_MEMORY;
/** The default for the lists form, which holds no rows (a 10M-household run peaks near 0.3 GB, as a 1M
 *  one; README, Scale): a cap, so that a file of unusually wide households spills instead of growing.
 *  The row form's hash joins did not spill under 2 GB, so it has none. */
const LISTS_MEMORY_LIMIT = '1GB';

export async function screenWithDuckDB(ruleset: LoadedRuleset, input: string, date: string, out: string, resolve?: RulesetResolver): Promise<ScreeningSummary> {
  const ext = out.toLowerCase().split('.').pop();
  if (ext !== 'parquet' && ext !== 'csv') throw new Error('--engine duckdb writes .parquet or .csv');
  const { query, prelude, form, error } = duckdbQuery(ruleset, date, resolve);
  if (!query) throw new Error(error);
  const db = await openDuckDB();
  try {
    const c = db.connection;
    // The decisions are written in the file's order, household by household and member by member, as the
    // js engine writes them. The lists form keeps it by streaming: one row per household in, its subjects
    // out, DuckDB's insertion order preserved by the COPY, nothing held. The row form's joins lose it, so
    // it sorts by the household's row in the file. A memory limit (ELIG_DUCKDB_MEMORY, e.g. 4GB; 1 GB by
    // default for the lists form) makes DuckDB spill to the temp directory openDuckDB gives it. None by
    // default for the row form: at 2 GB a 10M-household MPED run stopped there with DuckDB's "Out of
    // Memory" (README, Scale) instead of spilling.
    const limit = MEMORY_LIMIT ?? (form === 'lists' ? LISTS_MEMORY_LIMIT : undefined);
    if (limit) await c.run(`SET memory_limit = ${sqlString(limit)}`);
    await c.run(`SET preserve_insertion_order = ${form === 'lists'}`);
    await duckdbSetup(db, prelude, input);
    const extra = query.columns.filter((col) => col.name.startsWith('score_') || col.name.startsWith('criterion_')).map((col) => col.name);
    const scores = extra.map(quoteIdent);
    const format = ext === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER';
    const rejected = await rejectedRows(c, input);
    const meta = ext === 'parquet' ? `, KV_METADATA {rejected_rows: ${sqlString(String(rejected))}}` : '';
    await c.run(`COPY (SELECT household_id, subject, eligible, benefit, outcome${scores.map((s) => `, ${s}`).join('')} FROM (${query.sql}) decided${form === 'lists' ? '' : ' ORDER BY household_row, member_index NULLS FIRST'}) TO ${sqlString(out)} (${format}${meta})`);
    // The summary read back from the file just written (eligible and benefit only: a columnar read for
    // Parquet; CSV read with the written types, so the cost is summed as exact decimals).
    const written = ext === 'parquet'
      ? `read_parquet(${sqlString(out)})`
      : `read_csv(${sqlString(out)}, header = true, auto_detect = false, columns = {${[['household_id', 'VARCHAR'], ['subject', 'VARCHAR'], ['eligible', 'BOOLEAN'], ['benefit', 'DECIMAL(18, 6)'], ['outcome', 'VARCHAR'], ...extra.map((name) => [name, 'VARCHAR'])].map(([n, t]) => `${sqlString(n!)}: ${sqlString(t!)}`).join(', ')}})`;
    const [row] = (await c.runAndReadAll(`SELECT
      (SELECT count(*) FROM households), count(*), count(*) FILTER (WHERE eligible), count(*) FILTER (WHERE NOT eligible),
      count(*) FILTER (WHERE eligible IS NULL), count(*) FILTER (WHERE eligible AND benefit IS NULL),
      CAST(coalesce(sum(benefit) FILTER (WHERE eligible), 0) AS VARCHAR) FROM ${written}`)).getRows();
    const [households, subjects, eligible, ineligible, undetermined, amountUnknown, cost] = row!;
    return {
      households: Number(households), rejected, subjects: Number(subjects), eligible: Number(eligible), ineligible: Number(ineligible),
      undetermined: Number(undetermined), eligible_amount_unknown: Number(amountUnknown),
      cost: { amount: decimalText(String(cost)), currency: ruleset.checked.currency, period: ruleset.checked.benefit?.period ?? 'once' },
    };
  } finally {
    db.close();
  }
}

/** The count `elig import` recorded in the file's metadata (0 when the file did not come from it). */
async function rejectedRows(c: Awaited<ReturnType<typeof openDuckDB>>['connection'], input: string): Promise<number> {
  const rows = (await c.runAndReadAll(`SELECT value::VARCHAR FROM parquet_kv_metadata(${sqlString(input)}) WHERE key::VARCHAR = 'rejected_rows'`)).getRows();
  return rows.length ? Number(rows[0]![0]) : 0;
}

/** "1234.500000" → "1234.5", as the js engine's summary prints it. */
function decimalText(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
