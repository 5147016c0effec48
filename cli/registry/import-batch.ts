// One batch of JSON Lines checked for `elig import`, as an import worker does it (import-worker.ts): the
// same reader and schema check as the one-thread path, the good households written back as JSON Lines
// for DuckDB's reader, the bad rows with their numbers and problems.
import { readHouseholds, type RowError } from '../../engine/stream';
import { householdProblems } from '../validate-household';
import { batchTexts, type LineBatch } from './line-batches';

export interface CheckedBatch {
  seq: number;
  /** The good households, one JSON text a line, each line ending in a newline. */
  lines: string;
  good: number;
  rejected: { row: number; errors: RowError[] }[];
}

export async function checkBatch(batch: LineBatch, maxRecordChars: number): Promise<CheckedBatch> {
  const texts = batchTexts(batch);
  const offset = batch.firstRow - 1;
  const lines: string[] = [];
  const rejected: CheckedBatch['rejected'] = [];
  for await (const row of readHouseholds(texts, { format: 'jsonl', maxRecordChars, validate: householdProblems })) {
    if (row.household) lines.push(JSON.stringify(row.household));
    else rejected.push({ row: row.row + offset, errors: row.errors });
  }
  return { seq: batch.seq, lines: lines.length ? lines.join('\n') + '\n' : '', good: lines.length, rejected };
}

