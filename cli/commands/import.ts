// `elig import <input.jsonl|.json|.csv> --out households.parquet`: pay the JSON cost once. Every row is
// checked against household.schema.json (bad rows reported with row number and pointer, and left out);
// the good ones are written in the registry layout of cli/registry/columns.ts, through DuckDB.
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonColumns, sqlString } from '../registry/columns';
import { openDuckDB } from '../registry/duckdb';
import { rowErrorLines } from '../households';
import { readHouseholds } from '../registry/input';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SHOWN_PROBLEMS = 20;

export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1 || !values.out?.toLowerCase().endsWith('.parquet')) {
    throw new Error('usage: elig import <households.jsonl|.json|.csv> --out <households.parquet>');
  }
  const input = readHouseholds(positionals[0]!);
  // Checked rows go to a temp JSONL that DuckDB reads with the schema's column types: its JSON reader is
  // much faster than appending nested values one by one from JavaScript.
  const dir = mkdtempSync(join(tmpdir(), 'elig-import-'));
  const staged = join(dir, 'checked.jsonl');
  try {
    const out = createWriteStream(staged);
      let good = 0, bad = 0;
    for await (const row of input) {
      if (!row.household) {
        bad++;
        if (bad <= SHOWN_PROBLEMS) {
            rowErrorLines(row).forEach((l) => console.error(l));
        }
        continue;
      }
      good++;
      if (!out.write(JSON.stringify(row.household) + '\n')) await once(out, 'drain');
    }
      out.end();
    await once(out, 'finish');
    if (bad > SHOWN_PROBLEMS) console.error(`… and ${bad - SHOWN_PROBLEMS} more bad rows`);
    const db = await openDuckDB();
    try {
      await db.connection.run(
        `COPY (SELECT * FROM read_json(${sqlString(staged)}, format = 'newline_delimited', columns = ${readJsonColumns()})) TO ${sqlString(values.out)} (FORMAT parquet, KV_METADATA {rejected_rows: ${sqlString(String(bad))}})`,
      );
    } finally {
      db.close();
    }
    console.log(`${good} households written to ${values.out}, ${bad} rows rejected`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
