// Households from a registry file, one at a time, each with its row number and, when it does not fit
// household.schema.json, every problem with its JSON pointer — so a bad row is reported and skipped,
// never a silent stop. Formats by extension:
//   .jsonl / .ndjson  one household per line (streamed; row = line number)
//   .json             an array of households (read whole; row = position, from 1)
//   .parquet          the layout of `elig import` (cli/registry/columns.ts), streamed through DuckDB
//   .csv              one row per member: household fields by name (`electricity.kwh_per_month` for a
//                     nested field), member fields prefixed `member.`; consecutive rows with the same
//                     `id` are one household (streamed through DuckDB)
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Household } from '../../engine';
import { householdProblems } from '../validate-household';
import { readFileSync } from 'node:fs';
import { sqlString } from './columns';
import { openDuckDB } from './duckdb';
import { fromCsvRow, sameHousehold } from './csv-households';

export interface InputRow {
  row: number;
  household?: Household;
  problems?: { pointer: string; message: string }[];
}

export type InputFormat = 'jsonl' | 'json' | 'parquet' | 'csv';

export function formatOf(file: string): InputFormat {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json' || ext === 'parquet' || ext === 'csv') return ext;
  if (file === '-') return 'jsonl';
  throw new Error(`cannot tell the format of ${file}: name it .jsonl, .json, .csv or .parquet`);
}

/** A progress measure for the bar: how far through the input we are, from 0 to 1, when it is known. */
export interface InputProgress {
  fraction(): number | undefined;
}

export function readHouseholds(file: string): { rows: AsyncGenerator<InputRow>; progress: InputProgress } {
  const format = formatOf(file);
  if (format === 'jsonl') return readJsonLines(file);
  if (format === 'json') return { rows: checked(readJsonArray(file)), progress: { fraction: () => undefined } };
  const state = { done: 0, total: 0 };
  const rows = format === 'parquet' ? readParquet(file, state) : readCsv(file, state);
  return { rows: checked(rows), progress: { fraction: () => (state.total ? state.done / state.total : undefined) } };
}

async function* checked(rows: AsyncGenerator<{ row: number; value: unknown } | InputRow>): AsyncGenerator<InputRow> {
  for await (const r of rows) {
    if (!('value' in r)) {
      yield r;
      continue;
    }
    const problems = householdProblems(r.value);
    yield problems.length ? { row: r.row, problems } : { row: r.row, household: r.value as Household };
  }
}

function readJsonLines(file: string): { rows: AsyncGenerator<InputRow>; progress: InputProgress } {
  const stream = file === '-' ? process.stdin : createReadStream(file);
  const size = file === '-' ? 0 : statSync(file).size;
  let bytes = 0;
  async function* lines(): AsyncGenerator<{ row: number; value: unknown } | InputRow> {
    let row = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      row++;
      bytes += Buffer.byteLength(line) + 1;
      if (!line.trim()) continue;
      try {
        yield { row, value: JSON.parse(line) };
      } catch (error) {
        yield { row, problems: [{ pointer: '', message: `not JSON: ${(error as Error).message}` }] };
      }
    }
  }
  return { rows: checked(lines()), progress: { fraction: () => (size ? Math.min(1, bytes / size) : undefined) } };
}

async function* readJsonArray(file: string): AsyncGenerator<{ row: number; value: unknown } | InputRow> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  for (let i = 0; i < items.length; i++) yield { row: i + 1, value: items[i] };
}

/** Drops the nulls DuckDB writes for absent fields: absent means unknown to the engine, as in JSON. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

async function* readParquet(file: string, state: { done: number; total: number }): AsyncGenerator<{ row: number; value: unknown }> {
  const db = await openDuckDB();
  try {
    const source = `read_parquet(${sqlString(file)})`;
    state.total = Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
    // to_json prints DECIMAL(18,6) as exact decimal text, which JSON.parse reads as the nearest double —
    // the engine's canonical form of that decimal.
    const result = await db.connection.stream(`SELECT to_json(t)::VARCHAR FROM ${source} t`);
    let row = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const [json] of chunk.getRows()) {
        row++;
        yield { row, value: withoutNulls(JSON.parse(json as string)) };
      }
      state.done = row;
    }
  } finally {
    db.close();
  }
}

async function* readCsv(file: string, state: { done: number; total: number }): AsyncGenerator<{ row: number; value: unknown }> {
  const db = await openDuckDB();
  try {
    const source = `read_csv(${sqlString(file)}, all_varchar = true, header = true)`;
    state.total = Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
    const result = await db.connection.stream(`SELECT * FROM ${source}`);
    const names = result.columnNames();
    let row = 1; // the header is line 1
    let current: { row: number; rows: Record<string, string | null>[] } | undefined;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const values of chunk.getRows()) {
        row++;
        const record = Object.fromEntries(names.map((n, i) => [n, values[i] as string | null]));
        if (current && sameHousehold(current.rows[0]!, record)) current.rows.push(record);
        else {
          if (current) yield { row: current.row, value: fromCsvRow(current.rows) };
          current = { row, rows: [record] };
        }
      }
      state.done = row - 1;
    }
    if (current) yield { row: current.row, value: fromCsvRow(current.rows) };
  } finally {
    db.close();
  }
}
