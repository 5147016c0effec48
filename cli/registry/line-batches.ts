// A JSON Lines byte stream cut into batches of whole lines, for the screening workers (screen-js.ts):
// the main thread neither decodes nor parses, it only finds the last newline of each chunk. A cut after a
// `\n` byte is always between characters (no byte of a multi-byte UTF-8 sequence is 0x0A), so each
// batch decodes on its own. Each batch carries the number of its first line, so the workers report rows
// as the one-thread reader does (engine/stream). Bounded: a batch is about one chunk, and a line that
// runs on past `maxLineBytes` is reported as too long and skipped, never held. Not copied: a batch is the
// start of a line carried from before (`head`, short) and a view of the chunk read (`body`), whose memory
// goes to the worker as it is when the chunk owns it (on this machine copying a megabyte cost 1.8 ms: a
// seventh of the main thread's time).

import { StringDecoder } from 'node:string_decoder';

export interface LineBatch {
  /** The batch's place in the file, from 0: results are written in this order. */
  seq: number;
  /** The line number (from 1) of the batch's first line. */
  firstRow: number;
  /** The lines counted in it (the last may lack its newline at the end of the file). */
  lines: number;
  /** The batch's text: `head` then `body`. */
  head: Uint8Array;
  body: Uint8Array;
  /** Whether the memory under `body` is its chunk's alone (then it can be handed over, not copied). */
  owned: boolean;
}

/** The memory to hand over with a batch to a worker: the chunk's, when the chunk owns it. A view
 *  posted without it would copy the whole of the memory under it. */
export function transferable(b: LineBatch): ArrayBuffer[] {
  return b.owned ? [b.body.buffer as ArrayBuffer] : [];
}

/** A line dropped because it ran past the limit, in its place among the batches. */
export interface LongLine {
  seq: number;
  row: number;
}

const NEWLINE = 0x0a;
const EMPTY = new Uint8Array(0);

export async function* lineBatches(source: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<LineBatch | LongLine> {
  let seq = 0;
  let row = 1; // the number of the next line to start
  let carry: Uint8Array[] = []; // the start of a line that goes on in a later chunk
  let carryBytes = 0;
  let skipping = false; // inside a line already reported as too long
  for await (const chunk of source) {
    let from = 0;
    if (skipping) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) continue;
      skipping = false;
      row++;
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < from) {
      carry.push(chunk.subarray(from));
      carryBytes += chunk.length - from;
      if (carryBytes > maxLineBytes) {
        yield { seq: seq++, row };
        carry = [];
        carryBytes = 0;
        skipping = true;
      }
      continue;
    }
    const body = chunk.subarray(from, last + 1);
    const owned = chunk.buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const head = joined(carry, carryBytes);
    const lines = newlines(body); // the carried start has no newline of its own
    // The rest of the chunk is copied: the chunk's memory goes with the batch.
    carry = last + 1 < chunk.length ? [new Uint8Array(chunk.subarray(last + 1))] : []; // (Buffer#slice would not copy)
    carryBytes = chunk.length - (last + 1);
    yield { seq: seq++, firstRow: row, lines, head, body, owned };
    row += lines;
  }
  if (!skipping && carryBytes > 0) yield { seq: seq++, firstRow: row, lines: 1, head: joined(carry, carryBytes), body: EMPTY, owned: false };
}


/** The carried parts in one piece. */
function joined(parts: Uint8Array[], bytes: number): Uint8Array {
  if (parts.length === 0) return EMPTY;
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function newlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** A batch's text, as the worker reads it: the carried start and the body as two texts, not one joined
 *  (the reader joins the one line they share; splitting a joined text — a V8 cons string — cost a worker
 *  twice the reading's time). Node's StringDecoder, as the one-thread reader (cli/households.ts): faster
 *  than TextDecoder here. */
export function batchTexts(b: LineBatch): string[] {
  const decoder = new StringDecoder('utf8');
  return [decoder.write(asBuffer(b.head)), decoder.end(asBuffer(b.body))];
}

/** A view of the same memory as a Buffer (a transferred batch arrives as a plain Uint8Array). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
