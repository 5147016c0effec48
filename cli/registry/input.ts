// Households from a registry file, one at a time, each with its row number and, when it does not fit
// household.schema.json, every problem with its JSON pointer — so a bad row is reported and skipped,
// never a silent stop. Formats by extension:
//   .jsonl / .ndjson  one household per line (streamed; row = line number)
//   .json             an array of households (read whole; row = position, from 1)
//   .parquet          the layout of `elig import` (cli/registry/columns.ts), streamed through DuckDB
//   .csv              one row per member: household fields by name (`electricity.kwh_per_month` for a
//                     nested field), member fields prefixed `member.`; consecutive rows with the same
//                     `id` are one household (streamed through DuckDB)
import type { HouseholdRow } from '../../engine/stream';
import { householdRows } from '../households';
import { Progress } from '../progress';
import { householdProblems } from '../validate-household';
import { sqlString } from './columns';
import { fromCsvRow, sameHousehold } from './csv-households';
import { openDuckDB } from './duckdb';

export type { HouseholdRow } from '../../engine/stream';

export type InputFormat = 'jsonl' | 'json' | 'parquet' | 'csv';

export function formatOf(file: string): InputFormat {
  if (file === '-') return 'jsonl';
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json' || ext === 'parquet' || ext === 'csv') return ext;
  throw new Error(`cannot tell the format of ${file}: name it .jsonl, .json, .csv or .parquet`);
}

/** The rows of a registry file, validated, with a progress line on stderr (engine/stream for JSON). */
export function readHouseholds(file: string): AsyncGenerator<HouseholdRow> {
  const format = formatOf(file);
  if (format === 'jsonl' || format === 'json') return householdRows(file);
  return checked(format === 'parquet' ? readParquet(file) : readCsv(file));
}

type Record_ = { row: number; value: unknown };

async function* checked(rows: AsyncGenerator<Record_>): AsyncGenerator<HouseholdRow> {
  for await (const r of rows) {
    const errors = householdProblems(r.value);
    yield errors.length ? { row: r.row, errors } : { row: r.row, household: r.value as HouseholdRow['household'] & object };
  }
}

/** Drops the nulls DuckDB writes for absent fields: absent means unknown to the engine, as in JSON. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** A row of the column layout (`members.age`: one list per member field) back in the household record's
 *  shape (`members`: one object per member); a row of the nested layout as it is. */
export function nestedMembers(row: Record<string, unknown>): Record<string, unknown> {
  if ('members' in row) return row;
  const out: Record<string, unknown> = {};
  const members: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (!key.startsWith('members.')) {
      out[key] = value;
      continue;
    }
    const path = key.slice('members.'.length).split('.');
    (Array.isArray(value) ? value : []).forEach((v, i) => {
      let target = (members[i] ??= {});
      if (v === null) return; // absent: unknown to the engine (an object of absent fields is absent)
      for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]!] = v;
    });
  }
  out.members = members;
  return out;
}

/** Row counts stand in for bytes in the progress line: the file's row count is known up front. */
async function* readParquet(file: string): AsyncGenerator<Record_> {
  const db = await openDuckDB();
  try {
    const source = `read_parquet(${sqlString(file)})`;
    const progress = new Progress(Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]));
    // to_json prints DECIMAL(18,6) as exact decimal text, which JSON.parse reads as the nearest double —
    // the engine's canonical form of that decimal.
    const result = await db.connection.stream(`SELECT to_json(t)::VARCHAR FROM ${source} t`);
    let row = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const [json] of chunk.getRows()) {
        row++;
        yield { row, value: withoutNulls(nestedMembers(JSON.parse(json as string))) };
      }
      progress.bytes(chunk.rowCount);
      progress.rows(row);
    }
    progress.done();
  } finally {
    db.close();
  }
}

async function* readCsv(file: string): AsyncGenerator<Record_> {
  const db = await openDuckDB();
  try {
    const source = `read_csv(${sqlString(file)}, all_varchar = true, header = true)`;
    const progress = new Progress(Number((await db.connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]));
    const result = await db.connection.stream(`SELECT * FROM ${source}`);
    const names = result.columnNames();
    let line = 1; // the header is line 1; a household's row is the line of its first member
    let households = 0;
    let current: { row: number; rows: Record<string, string | null>[] } | undefined;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const values of chunk.getRows()) {
        line++;
        const record = Object.fromEntries(names.map((n, i) => [n, values[i] as string | null]));
        if (current && sameHousehold(current.rows[0]!, record)) current.rows.push(record);
        else {
          if (current) {
            households++;
            yield { row: current.row, value: fromCsvRow(current.rows) };
          }
          current = { row: line, rows: [record] };
        }
      }
      progress.bytes(chunk.rowCount);
      progress.rows(households);
    }
    if (current) yield { row: current.row, value: fromCsvRow(current.rows) };
    progress.done();
  } finally {
    db.close();
  }
}
