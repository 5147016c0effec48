// Households for the command line, from a file or standard input (`-`), streamed: JSON Lines or a JSON
// array, validated row by row against household.schema.json (engine/stream does the splitting).
import { createReadStream, statSync } from 'node:fs';
import { readHouseholds, type HouseholdRow } from '../engine/stream';
import { householdProblems } from './validate-household';
import { Progress } from './progress';

const CHUNK_BYTES = 1 << 20;

/** The rows of `file` ('-' = standard input), with a progress line on stderr for long runs. */
export async function* householdRows(file: string, options: { progress?: boolean } = {}): AsyncGenerator<HouseholdRow> {
  // Decoded by Node's StringDecoder (measured faster here than TextDecoder on 1 MiB chunks); the bytes
  // counted for the progress line are then UTF-16 units, close enough for an estimate.
  const stream = file === '-' ? process.stdin.setEncoding('utf8') : createReadStream(file, { highWaterMark: CHUNK_BYTES, encoding: 'utf8' });
  const total = file === '-' ? undefined : statSync(file).size;
  const progress = options.progress === false ? undefined : new Progress(total);
  let rows = 0;
  try {
    for await (const row of readHouseholds(counted(stream, progress), { validate: householdProblems })) {
      rows++;
      progress?.rows(rows);
      yield row;
    }
  } finally {
    progress?.done();
  }
}

/** The bytes of a stream, counted for the progress line as they are read. */
async function* counted(stream: AsyncIterable<Buffer | string>, progress: Progress | undefined): AsyncGenerator<Buffer | string> {
  for await (const chunk of stream) {
    progress?.bytes(chunk.length);
    yield chunk;
  }
}

/** How a bad row reads on stderr: `row 12: /members/0/age: must be >= 0`. */
export function rowErrorLines(row: HouseholdRow): string[] {
  return (row.errors ?? []).map((e) => `row ${row.row}: ${e.pointer || '/'}: ${e.message}`);
}
