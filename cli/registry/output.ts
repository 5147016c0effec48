// Decisions to a file, one row per subject: household id, subject, eligible (empty/NULL when
// undetermined), benefit, outcome, one column per score. Parquet goes through DuckDB's appender into a
// spill-backed table, then COPY, with the count of rejected input rows in the file's metadata.
import type { DuckDBAppender } from '@duckdb/node-api';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { quoteIdent, sqlString } from './columns';
import { openDuckDB, type Embedded } from './duckdb';

export interface DecisionRow {
  household_id: string;
  subject: string;
  eligible: boolean | null;
  benefit: number | null;
  outcome: string | null;
  scores: (number | null)[];
}

export interface DecisionWriter {
  write(row: DecisionRow): Promise<void> | void;
  close(rejected: number): Promise<void>;
}

export function openWriter(file: string, scoreNames: string[]): Promise<DecisionWriter> | DecisionWriter {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'parquet') return parquetWriter(file, scoreNames);
  if (ext === 'csv') return textWriter(file, csvHeader(scoreNames), (r) => csvLine(r));
  if (ext === 'jsonl' || ext === 'ndjson') return textWriter(file, undefined, (r) => jsonLine(r, scoreNames));
  throw new Error(`cannot tell the output format of ${file}: name it .parquet, .csv or .jsonl`);
}

const scoreColumn = (name: string) => `score_${name}`;

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvHeader(scoreNames: string[]): string {
  return ['household_id', 'subject', 'eligible', 'benefit', 'outcome', ...scoreNames.map(scoreColumn)].join(',');
}

function csvLine(r: DecisionRow): string {
  return [r.household_id, r.subject, r.eligible, r.benefit, r.outcome, ...r.scores].map(csvField).join(',');
}

function jsonLine(r: DecisionRow, scoreNames: string[]): string {
  const scores = Object.fromEntries(scoreNames.map((n, i) => [n, r.scores[i]]));
  return JSON.stringify({ household_id: r.household_id, subject: r.subject, eligible: r.eligible, benefit: r.benefit, outcome: r.outcome, scores });
}

function textWriter(file: string, header: string | undefined, line: (r: DecisionRow) => string): DecisionWriter {
  const out: WriteStream = createWriteStream(file);
  const failed = once(out, 'error').then(([e]) => { throw e; });
  failed.catch(() => undefined);
  if (header) out.write(header + '\n');
  return {
    async write(r) {
      // Respect backpressure: memory stays flat however many rows go through.
      if (!out.write(line(r) + '\n')) await Promise.race([once(out, 'drain'), failed]);
    },
    async close() {
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    },
  };
}

async function parquetWriter(file: string, scoreNames: string[]): Promise<DecisionWriter> {
  const db: Embedded = await openDuckDB();
  await db.connection.run(
    `CREATE TABLE decisions (household_id VARCHAR, subject VARCHAR, eligible BOOLEAN, benefit DOUBLE, outcome VARCHAR${scoreNames.length ? ', ' : ''}${scoreNames.map((n) => `${quoteIdent(scoreColumn(n))} DOUBLE`).join(', ')})`,
  );
  const appender: DuckDBAppender = await db.connection.createAppender('decisions');
  const number = (x: number | null) => (x === null ? appender.appendNull() : appender.appendDouble(x));
  return {
    write(r) {
      appender.appendVarchar(r.household_id);
      appender.appendVarchar(r.subject);
      if (r.eligible === null) appender.appendNull();
      else appender.appendBoolean(r.eligible);
      number(r.benefit);
      if (r.outcome === null) appender.appendNull();
      else appender.appendVarchar(r.outcome);
      r.scores.forEach(number);
      appender.endRow();
    },
    async close(rejected) {
      appender.closeSync();
      // The engine's values are canonical doubles of 6-place decimals: the cast gives the decimal exactly.
      const decimals = ['benefit', ...scoreNames.map(scoreColumn)].map((c) => `${quoteIdent(c)}::DECIMAL(18,6) AS ${quoteIdent(c)}`);
      await db.connection.run(
        `COPY (SELECT household_id, subject, eligible, ${decimals.join(', ')}, outcome FROM decisions) TO ${sqlString(file)} (FORMAT parquet, KV_METADATA {rejected_rows: ${sqlString(String(rejected))}})`,
      );
      db.close();
    },
  };
}
