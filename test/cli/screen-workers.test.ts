// `elig screen --engine js` and `elig import` on worker threads (cli/registry/batch-pool.ts) write what
// the one-thread path writes: the same rows in the file's order, the same rejected rows with their
// numbers, the same summary and messages (for import, the same Parquet file, byte for byte). The files are a few megabytes, so that they are cut into several batches (1 MiB each)
// with bad rows, a blank line and a missing final newline among them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOLSA_DATE, MPED_DATE, generate } from '../../bench/households';
import { runScreen } from '../../cli/commands/screen';
import { runImport } from '../../cli/commands/import';
import { folderRegistry } from '../../cli/load';
import { decide } from '../../engine';
import { boundariesOf } from '../../engine/checks/boundaries';
import { householdArbitrary } from '../../engine/checks/generate';
import fc from 'fast-check';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'elig-screen-workers-'));
process.env.ELIG_RULESETS = join(ROOT, 'rulesets');
afterEach(() => {
  delete process.env.ELIG_WORKERS;
});

async function screen(args: string[], workers: number, run = runScreen): Promise<{ code: number; out: string; err: string }> {
  process.env.ELIG_WORKERS = String(workers);
  const out: string[] = [], err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** JSON Lines of `households` with bad rows at the given lines (1-based) and a blank line. */
function jsonl(households: object[], bad: Map<number, string>, file: string): void {
  const lines: string[] = [];
  let next = 0;
  while (next < households.length) {
    const at = lines.length + 1;
    lines.push(bad.get(at) ?? JSON.stringify(households[next++]));
  }
  lines.splice(7, 0, '   '); // a blank line: skipped, counted
  writeFileSync(file, lines.join('\n')); // no newline at the end
}

describe('elig screen on worker threads', () => {
  const cases = [
    { id: 'bo/mped', kind: 'mped' as const, date: MPED_DATE, n: 4000 },
    { id: 'br/bolsa-escola-df', kind: 'bolsa' as const, date: BOLSA_DATE, n: 3000 }, // with a score
  ];
  for (const c of cases) {
    it(`${c.id}: the same rows, rejected rows and summary as one thread, on several batches`, async () => {
      const households = generate(c.kind, c.n, 7).map((h, i) => (i % 97 === 5 ? { ...h, id: `Potosí-ñ-${i}` } : h));
      const bad = new Map([[3, 'not JSON at all'], [1500, '{"id":"bad-age","members":[{"id":"x","age":"old"}]}'], [2999, '{"id": "cut']]);
      const input = join(dir, `${c.kind}.jsonl`);
      jsonl(households, bad, input);
      expect(readFileSync(input).length, 'several batches').toBeGreaterThan(2.5 * (1 << 20));
      const one = await screen([c.id, input, '--date', c.date, '--out', join(dir, `${c.kind}-1.jsonl`)], 0);
      const many = await screen([c.id, input, '--date', c.date, '--out', join(dir, `${c.kind}-2.jsonl`)], 2);
      expect(many.code).toBe(0);
      expect(many.out.replaceAll(`${c.kind}-2.jsonl`, '')).toBe(one.out.replaceAll(`${c.kind}-1.jsonl`, ''));
      expect(many.err).toBe(one.err);
      expect(readFileSync(join(dir, `${c.kind}-2.jsonl`), 'utf8')).toBe(readFileSync(join(dir, `${c.kind}-1.jsonl`), 'utf8'));
      expect(readFileSync(join(dir, `${c.kind}-2.jsonl.rejected.jsonl`), 'utf8')).toBe(readFileSync(join(dir, `${c.kind}-1.jsonl.rejected.jsonl`), 'utf8'));
      // …and the one-thread path is decide(), household by household.
      const rows = readFileSync(join(dir, `${c.kind}-2.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { household_id: string; subject: string; eligible: boolean | null });
      const registry = folderRegistry();
      const ruleset = registry.get(c.id)!;
      const expected = households.flatMap((h) => decide(ruleset, h, { date: c.date, resolve: registry.resolve }).map((d) => `${h.id}/${d.subject}/${d.eligible}`));
      expect(rows.map((r) => `${r.household_id}/${r.subject}/${r.eligible}`)).toEqual(expected);
      const rejected = readFileSync(join(dir, `${c.kind}-2.jsonl.rejected.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l).row);
      expect(rejected).toEqual([3, 1501, 3000]); // the blank line at 8 moved the later ones down by one
      // elig import of the same file: the same Parquet file and messages on workers.
      const imported = [];
      for (const w of [0, 2]) { // one after the other: they share the environment and the console
        const r = await screen([input, '--out', join(dir, `${c.kind}-${w}.parquet`)], w, runImport);
        imported.push({ ...r, bytes: readFileSync(join(dir, `${c.kind}-${w}.parquet`)) });
      }
      expect(imported[1]!.out.replace(`${c.kind}-2.parquet`, '')).toBe(imported[0]!.out.replace(`${c.kind}-0.parquet`, ''));
      expect(imported[1]!.err).toBe(imported[0]!.err);
      expect(imported[0]!.err).toMatch(/^row 3: /);
      expect(imported[1]!.bytes.equals(imported[0]!.bytes), 'the same Parquet bytes').toBe(true);
    });
  }

  it('pe/haku-winay (reads eligible(pe/juntos)): a worker resolves the other program as the main thread does', async () => {
    const ruleset = folderRegistry().get('pe/haku-winay')!;
    const households = fc.sample(householdArbitrary(boundariesOf(ruleset.checked), '2016-06-30'), { seed: 16, numRuns: 200 }).map((h, i) => ({ ...h, id: `PE-${i}` }));
    const input = join(dir, 'haku.jsonl');
    writeFileSync(input, households.map((h) => JSON.stringify(h)).join('\n') + '\n');
    const one = await screen(['pe/haku-winay', input, '--date', '2016-06-30', '--out', join(dir, 'haku-1.jsonl'), '--json'], 0);
    const many = await screen(['pe/haku-winay', input, '--date', '2016-06-30', '--out', join(dir, 'haku-2.jsonl'), '--json'], 2);
    expect({ ...JSON.parse(many.out), out: '' }).toEqual({ ...JSON.parse(one.out), out: '' });
    expect(JSON.parse(many.out)).toMatchObject({ households: 200, rejected: 0 });
    expect(readFileSync(join(dir, 'haku-2.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'haku-1.jsonl'), 'utf8'));
  });

  it('lines too long to read are rejected with their row numbers, as on one thread: one refused in a worker, one dropped by the pool unread', async () => {
    const households = generate('mped', 20, 3);
    const inWorker = JSON.stringify({ id: 'long', members: [], note: 'x'.repeat(17 * (1 << 20)) }); // over 16 Mi characters, under 48 MiB
    const unread = `{"id":"longer","note":"${'y'.repeat(49 * (1 << 20))}"}`; // over the pool's 48 MiB: never held whole
    const lines = households.map((h) => JSON.stringify(h));
    lines.splice(4, 0, inWorker);
    lines.splice(12, 0, unread);
    const input = join(dir, 'long-lines.jsonl');
    writeFileSync(input, lines.join('\n') + '\n');
    const one = await screen(['bo/mped', input, '--date', MPED_DATE, '--out', join(dir, 'long-1.jsonl'), '--json'], 0);
    const many = await screen(['bo/mped', input, '--date', MPED_DATE, '--out', join(dir, 'long-2.jsonl'), '--json'], 2);
    expect({ ...JSON.parse(many.out), out: '' }).toEqual({ ...JSON.parse(one.out), out: '' });
    expect(JSON.parse(many.out)).toMatchObject({ households: 20, rejected: 2 });
    expect(many.err).toBe(one.err);
    const rejected = readFileSync(join(dir, 'long-2.jsonl.rejected.jsonl'), 'utf8');
    expect(rejected).toBe(readFileSync(join(dir, 'long-1.jsonl.rejected.jsonl'), 'utf8'));
    expect(rejected.trim().split('\n').map((l) => JSON.parse(l).row)).toEqual([5, 13]);
    expect(rejected).toMatch(/record longer than 16777216 characters/);
    expect(readFileSync(join(dir, 'long-2.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'long-1.jsonl'), 'utf8'));
  }, 120_000);
});
