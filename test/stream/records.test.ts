// The streaming reader: records split out of JSONL and JSON arrays however the input is cut into chunks,
// row numbers as a person counts them, bad rows reported in place and the run going on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHouseholds, readRecords, type Chunk } from '../../engine/stream';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The text cut at the given positions, as strings or as UTF-8 bytes (cuts may split a character). */
function cut(text: string, at: number[], bytes: boolean): Chunk[] {
  const whole: string | Uint8Array = bytes ? new TextEncoder().encode(text) : text;
  const points = [...new Set(at.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
  const chunks: Chunk[] = [];
  let last = 0;
  for (const p of [...points, whole.length]) {
    chunks.push(whole.slice(last, p));
    last = p;
  }
  return chunks;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 }).filter((v) => v !== undefined);

describe('readRecords', () => {
  it('property: a JSON array streamed in any chunks gives its elements, in order, numbered from 1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonValue, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), fc.boolean(), async (values, at, bytes, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const records = await collect(readRecords(cut(text, at, bytes)));
        expect(records.map((r) => r.error)).toEqual(values.map(() => undefined));
        expect(records.map((r) => r.value)).toEqual(JSON.parse(text));
        expect(records.map((r) => r.row)).toEqual(values.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('property: JSON Lines in any chunks give one record per non-blank line, numbered by line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.dictionary(fc.string(), jsonValue), { nil: undefined }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (lines, at, bytes) => {
        const text = lines.map((l) => (l === undefined ? '  ' : JSON.stringify(l))).join('\n');
        const records = await collect(readRecords(cut(text, at, bytes)));
        const expected = lines.flatMap((l, i) => (l === undefined ? [] : [{ row: i + 1, value: JSON.parse(JSON.stringify(l)) }]));
        expect(records).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a line that is not JSON with its line number and reads on', async () => {
    const records = await collect(readRecords(['{"id":"a"}\n{"id": oops}\n\n{"id":"c"}\n']));
    expect(records[0]).toEqual({ row: 1, value: { id: 'a' } });
    expect(records[1]!.row).toBe(2);
    expect(records[1]!.error).toMatch(/^not valid JSON/);
    expect(records[2]).toEqual({ row: 4, value: { id: 'c' } });
  });

  it('reports a bad array element in place, and an array that never closes', async () => {
    const records = await collect(readRecords(['[{"id":"a"}, {"id": x}, {"id":"c"}, {"id":"d"']));
    expect(records.map((r) => [r.row, r.error === undefined])).toEqual([[1, true], [2, false], [3, true], [4, false]]);
    expect(records[3]!.error).toMatch(/ends before the closing/);
  });

  it('skips a record longer than the limit, without keeping it, and goes on', async () => {
    const long = JSON.stringify({ id: 'x'.repeat(500) });
    const text = `{"id":"a"}\n${long}\n{"id":"c"}\n`;
    const records = await collect(readRecords(cut(text, [5, 20, 100, 300, 520], false), { maxRecordChars: 100 }));
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(records[1]!.error).toMatch(/longer than 100/);
    expect(records[2]!.value).toEqual({ id: 'c' });
    const array = await collect(readRecords(cut(`[{"id":"a"},${long},{"id":"c"}]`, [7, 50, 200], false), { maxRecordChars: 100 }));
    expect(array.map((r) => r.error ?? 'ok')).toEqual(['ok', expect.stringMatching(/longer than 100/), 'ok']);
  });

  it('gives nothing for empty or blank input, and an error for text after the array', async () => {
    expect(await collect(readRecords([]))).toEqual([]);
    expect(await collect(readRecords(['  \n '])))
      .toEqual([]);
    expect(await collect(readRecords(['[]']))).toEqual([]);
    const after = await collect(readRecords(['[{"id":"a"}] {"id":"b"}']));
    expect(after[1]!.error).toMatch(/after the closing/);
  });
});

describe('readHouseholds', () => {
  it('passes valid households and gives each bad row its row number and pointers', async () => {
    const text = ['{"id":"a","members":[]}', '{"members":[]}', '[1]', '{"id":"d","members":{}}'].join('\n');
    const rows = await collect(readHouseholds([text]));
    expect(rows[0]).toEqual({ row: 1, household: { id: 'a', members: [] } });
    expect(rows[1]).toEqual({ row: 2, errors: [{ pointer: '/id', message: expect.any(String) }] });
    expect(rows[2]).toEqual({ row: 3, errors: [{ pointer: '', message: expect.stringMatching(/object/) }] });
    expect(rows[3]!.errors?.map((e) => e.pointer)).toEqual(['/members']);
  });

  it('uses the validator it is given', async () => {
    const rows = await collect(readHouseholds(['{"id":"a","members":[]}'], { validate: () => [{ pointer: '/x', message: 'no' }] }));
    expect(rows).toEqual([{ row: 1, errors: [{ pointer: '/x', message: 'no' }] }]);
  });
});
