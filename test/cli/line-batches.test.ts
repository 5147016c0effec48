// The screening workers' batches (cli/registry/line-batches.ts): however the bytes arrive, the batches
// put back together are the input with only the too-long lines left out, each batch starts a line and
// says its number, and every line dropped is reported with its own number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineBatches, transferable, type LineBatch, type LongLine } from '../../cli/registry/line-batches';

const encoder = new TextEncoder();
/** Lines with multi-byte characters (so a chunk may cut one), blank lines and empty lines. */
const line = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'é', 'ñ', '€', '🙂', ' ', '{', '"'), maxLength: 30 }),
  fc.constant(''),
);
const input = fc.record({
  lines: fc.array(line, { maxLength: 40 }),
  trailingNewline: fc.boolean(),
  cuts: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }),
  max: fc.integer({ min: 4, max: 60 }),
});

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = cuts[i % cuts.length]!;
    out.push(bytes.slice(at, at + n)); // each chunk its own memory, as a file stream gives it
    at += n;
  }
  return out;
}

/** The batches as a worker gets them: each read at once, then its memory handed over (detached here),
 *  so that a later batch that still pointed into it would read nothing. */
async function collect(chunks: Uint8Array[], max: number): Promise<(LineBatch | LongLine)[]> {
  const out: (LineBatch | LongLine)[] = [];
  async function* source() { yield* chunks; }
  for await (const b of lineBatches(source(), max)) {
    if (!('body' in b)) out.push(b);
    else {
      out.push({ ...b, head: b.head.slice(), body: b.body.slice() });
      structuredClone(b.body, { transfer: transferable(b) });
    }
  }
  return out;
}

const text = (b: LineBatch) => new TextDecoder().decode(new Uint8Array([...b.head, ...b.body]));

describe('line batches', () => {
  it('property: the batches are the input in order, less the lines over the limit, each reported by its line number', async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ lines, trailingNewline, cuts, max }) => {
        const source = lines.join('\n') + (trailingNewline && lines.length ? '\n' : '');
        const batches = await collect(chunked(encoder.encode(source), cuts), max);
        expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i));
        // What the reader should get: every line (numbered from 1) whose bytes, newline included, fit.
        const all = source === '' ? [] : (source.endsWith('\n') ? source.slice(0, -1) : source).split('\n');
        const kept: string[] = [], dropped: number[] = [];
        // A line is dropped once the bytes held for it (no newline in sight) exceed the limit; a long line
        // that arrives within one chunk is kept (the reader in the worker measures it in characters).
        let row = 0;
        const got: string[] = [];
        for (const b of batches) {
          if ('body' in b) {
            expect(b.firstRow, 'a batch starts right after the lines before it').toBe(row + 1);
            const t = text(b);
            const ls = t.endsWith('\n') ? t.slice(0, -1).split('\n') : t.split('\n');
            expect(ls.length).toBe(b.lines);
            got.push(...ls);
            row += b.lines;
          } else {
            expect(b.row).toBe(row + 1);
            dropped.push(b.row);
            row += 1;
          }
        }
        for (let i = 0; i < all.length; i++) if (!dropped.includes(i + 1)) kept.push(all[i]!);
        expect(got).toEqual(kept);
        for (const r of dropped) expect(encoder.encode(all[r - 1]!).length, `line ${r} dropped`).toBeGreaterThan(max);
        expect(row).toBe(all.length);
      }),
      { numRuns: 400 },
    );
  });

  it('reports a line over the limit and keeps the lines around it', async () => {
    const source = `one\n${'x'.repeat(100)}\nthree\n`;
    const batches = await collect(chunked(encoder.encode(source), [7]), 20);
    const long = batches.filter((b) => !('body' in b));
    expect(long).toEqual([{ seq: expect.any(Number), row: 2 }]);
    const texts = batches.filter((b): b is LineBatch => 'body' in b).map(text).join('');
    expect(texts).toBe('one\nthree\n');
  });

  it('hands each chunk over without a copy, having copied the start of the line it cuts', async () => {
    const chunks = chunked(encoder.encode('a\nb\nc\nd\n'), [4]);
    const batches: LineBatch[] = [];
    async function* source() { yield* chunks; }
    for await (const b of lineBatches(source(), 100)) batches.push(b as LineBatch);
    expect(batches.map(text)).toEqual(['a\nb\n', 'c\nd\n']);
    expect(transferable(batches[0]!)).toEqual([chunks[0]!.buffer]);
    expect(transferable(batches[1]!)).toEqual([chunks[1]!.buffer]);
    // A chunk cut mid-line: the batch is a view of it, handed over with it; the rest copied before it goes.
    const cut = chunked(encoder.encode('ab\ncd\nef'), [4, 4]);
    const cutBatches = (await collect(cut, 100)) as LineBatch[];
    const views: LineBatch[] = [];
    async function* cutSource() { yield* chunked(encoder.encode('ab\ncd\nef'), [4, 4]); }
    for await (const b of lineBatches(cutSource(), 100)) views.push(b as LineBatch);
    expect(transferable(views[0]!)).toHaveLength(1); // the chunk goes to the worker, its rest copied first
    expect(cutBatches.map(text)).toEqual(['ab\n', 'cd\n', 'ef']);
    expect(cutBatches.map((b) => b.firstRow)).toEqual([1, 2, 3]);
  });
});
