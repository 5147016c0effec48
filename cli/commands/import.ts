// `elig import <input.jsonl|.json|.csv> --out households.parquet`: pay the JSON cost once. Every row is
// checked against household.schema.json (bad rows reported with row number and pointer, and left out);
// the good ones are written in the registry layout of cli/registry/columns.ts, through DuckDB.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { columnarSelect, readJsonColumns, sqlString } from '../registry/columns';
import { openDuckDB } from '../registry/duckdb';
import { rowErrorLines } from '../households';
import type { HouseholdRow } from '../../engine/stream';
import { readHouseholds } from '../registry/input';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SHOWN_PROBLEMS = 20;

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
  const input = readHouseholds(file);
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
    for await (const row of input) {
      if (!row.household) {
        onBad(row, ++bad);
        continue;
      }
      good++;
      if (!stream.write(JSON.stringify(row.household) + '\n')) await once(stream, 'drain');
    }
    stream.end();
    if (!staging) await once(stream, 'finish');
    if (staging) throw staging;
    const db = await openDuckDB();
    try {
      await db.connection.run(
        `COPY (${columnarSelect(`read_json(${sqlString(staged)}, format = 'newline_delimited', columns = ${readJsonColumns()})`)}) TO ${sqlString(out)} (FORMAT parquet, KV_METADATA {rejected_rows: ${sqlString(String(bad))}})`,
      );
    } finally {
      db.close();
    }
    return { good, bad };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
