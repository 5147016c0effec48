// `elig import <input.jsonl|.json|.csv> --out households.parquet`: pay the JSON cost once. Every row is
// checked against household.schema.json (bad rows reported with row number and pointer, and left out);
// the good ones are written in the registry layout of cli/registry/columns.ts, through DuckDB.
//
// Memory does not grow with the input: JavaScript holds one row at a time, and DuckDB writes the Parquet
// file on one thread in row groups of ROW_GROUP_ROWS households. The Parquet writer holds a row group in
// memory until it is written, and with more threads it keeps several in flight to write them in input
// order: on DuckDB's defaults (all threads, 122,880 rows a group) the import peaked at 0.54 GB for 100k
// households and 1.05 GB for 1M; so, 0.31 GB at 100k, 200k and 1M alike (README, Scale). Reading the checked rows
// through a named pipe instead of a temp file (so DuckDB works while they are being checked) was tried:
// DuckDB's JSON reader then kept what it had read, 0.51 GB at 200k households and 1.26 GB at 1M.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { columnarSelect, readJsonColumns, sqlString } from '../registry/columns';
import { openDuckDB } from '../registry/duckdb';
import { rowErrorLines } from '../households';
import { DEFAULT_MAX_RECORD_CHARS, type HouseholdRow } from '../../engine/stream';
import { runBatches, workersFor } from '../registry/batch-pool';
import type { CheckedBatch } from '../registry/import-batch';
import { readHouseholds } from '../registry/input';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SHOWN_PROBLEMS = 20;

/** Households per Parquet row group. 10,000 saved little more memory than 30,000 (the DuckDB step alone:
 *  0.24 GB against 0.31 at 1M) and was no faster; readers split their work by row group, so a file of
 *  100k households is no longer one group. */
const ROW_GROUP_ROWS = 30_000;

export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1 || !values.out?.toLowerCase().endsWith('.parquet')) {
    throw new Error('usage: elig import <households.jsonl|.json|.csv> --out <households.parquet>');
  }
  const { good, bad } = await importHouseholds(positionals[0]!, values.out, (row, n) => {
    if (n <= SHOWN_PROBLEMS) rowErrorLines(row).forEach((l) => console.error(l));
  });
  if (bad > SHOWN_PROBLEMS) console.error(`… and ${bad - SHOWN_PROBLEMS} more bad rows`);
  console.log(`${good} households written to ${values.out}, ${bad} rows rejected`);
  return 0;
}

/** Checks every row of a registry file and writes the good ones to `out` (Parquet, the layout of
 *  cli/registry/columns.ts, the rejected count in its metadata); `onBad` hears of each bad row (with its
 *  running count). Also the staging step of the DuckDB paths for JSON and CSV input. */
export async function importHouseholds(file: string, out: string, onBad: (row: HouseholdRow, n: number) => void): Promise<{ good: number; bad: number }> {
  // Checked rows go to a temp JSONL that DuckDB reads with the schema's column types: its JSON reader is
  // much faster than appending nested values one by one from JavaScript.
  const dir = mkdtempSync(join(tmpdir(), 'elig-import-'));
  const staged = join(dir, 'checked.jsonl');
  try {
    const stream = createWriteStream(staged);
    // An input that fails to open ends the loop with its own error; the staging file's is kept for after.
    let staging: Error | undefined;
    stream.on('error', (e) => { staging = e; });
    let good = 0, bad = 0;
    const workers = workersFor(file);
    if (workers > 0) {
      // A large JSON Lines file: checked on worker threads, written in the file's order (batch-pool.ts).
      await runBatches<CheckedBatch>(file, {
        worker: 'import-worker', workerData: { maxRecordChars: DEFAULT_MAX_RECORD_CHARS }, workers, ready: 'household.schema.json',
        result: async (r) => {
          for (const row of r.rejected) onBad(row, ++bad);
          good += r.good;
          if (r.lines && !stream.write(r.lines)) await once(stream, 'drain');
        },
        longLine: (row) => onBad(row, ++bad),
        progressRows: () => good + bad,
      });
    } else {
      for await (const row of readHouseholds(file)) {
        if (!row.household) {
          onBad(row, ++bad);
          continue;
        }
        good++;
        if (!stream.write(JSON.stringify(row.household) + '\n')) await once(stream, 'drain');
      }
    }
    stream.end();
    if (!staging) await once(stream, 'finish');
    if (staging) throw staging;
    const db = await openDuckDB();
    try {
      // One thread: the rows are in order in one file, and the writer then holds one row group at a time.
      await db.connection.run('SET threads = 1');
      await db.connection.run(
        `COPY (${columnarSelect(`read_json(${sqlString(staged)}, format = 'newline_delimited', columns = ${readJsonColumns()})`)}) TO ${sqlString(out)} (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_ROWS}, KV_METADATA {rejected_rows: ${sqlString(String(bad))}})`,
      );
    } finally {
      db.close();
    }
    return { good, bad };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
