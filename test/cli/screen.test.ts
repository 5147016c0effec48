// `elig import` and `elig screen` on real files in every format: the decisions written are the ones
// `decide()` gives household by household, bad rows are reported with row number and pointer and
// counted, and the Parquet layout round-trips the households exactly.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generate, BOLSA_DATE, MPED_DATE } from '../../bench/households';
import { runImport } from '../../cli/commands/import';
import { runScreen } from '../../cli/commands/screen';
import { folderRegistry } from '../../cli/load';
import { decide, type Household } from '../../engine';
import { boundariesOf } from '../../engine/checks/boundaries';
import { householdArbitrary } from '../../engine/checks/generate';
import fc from 'fast-check';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'elig-screen-'));
process.env.ELIG_RULESETS = join(ROOT, 'rulesets');

const BAD_ROWS = ['{"id":"bad-age","members":[{"id":"x","age":"old"}]}', 'this is not JSON'];

/** Runs a command in-process, returning what it printed. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(), out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** One CSV row per member, household fields repeated, nested fields as dotted columns. */
function toCsv(households: Household[]): string {
  const flat = (prefix: string, value: Record<string, unknown>, into: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'members') continue;
      if (v && typeof v === 'object' && !Array.isArray(v)) flat(`${prefix}${k}.`, v as Record<string, unknown>, into);
      else into[`${prefix}${k}`] = v;
    }
    return into;
  };
  const rows = households.flatMap((h) => (h.members as Record<string, unknown>[]).map((m) => ({ ...flat('', h, {}), ...flat('member.', m, {}) })));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

type Row = { household_id: string; subject: string; eligible: boolean | null; benefit: number | null; outcome: string | null; scores: Record<string, number | null> };

function expected(id: string, date: string, households: Household[]): Row[] {
  const registry = folderRegistry(join(ROOT, 'rulesets'));
  const ruleset = registry.get(id)!;
  return households.flatMap((h) =>
    decide(ruleset, h, { date, resolve: registry.resolve }).map((d) => ({ household_id: h.id, subject: d.subject, eligible: d.eligible, benefit: d.benefit, outcome: d.outcome, scores: d.scores })),
  );
}

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const rows = (await c.runAndReadAll(`SELECT to_json(t)::VARCHAR FROM read_parquet('${file}') t`)).getRows().map(([j]) => JSON.parse(j as string));
  c.closeSync();
  return rows;
}

const cases = [
  { id: 'bo/mped', kind: 'mped' as const, date: MPED_DATE },
  { id: 'br/bolsa-escola-df', kind: 'bolsa' as const, date: BOLSA_DATE },
];

describe.each(cases)('elig screen $id', ({ id, kind, date }) => {
  const households = generate(kind, 150, 7);
  const jsonl = join(dir, `${kind}.jsonl`);
  const parquet = join(dir, `${kind}.parquet`);
  beforeAll(() => {
    const lines = households.map((h) => JSON.stringify(h));
    lines.splice(3, 0, ...BAD_ROWS); // rows 4 and 5
    writeFileSync(jsonl, lines.join('\n') + '\n');
    writeFileSync(join(dir, `${kind}.json`), JSON.stringify(households));
    writeFileSync(join(dir, `${kind}.csv`), toCsv(households));
  });
  afterEach(() => vi.restoreAllMocks());

  it('imports JSONL to Parquet, rejecting the bad rows with row and pointer, keeping every household exactly', async () => {
    const r = await capture(() => runImport([jsonl, '--out', parquet]));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${households.length} households written to ${parquet}, 2 rows rejected`);
    expect(r.err).toContain('row 4: /members/0/age: must be integer');
    expect(r.err).toMatch(/row 5: \/: .*JSON/);
    const { withoutNulls, nestedMembers } = await import('../../cli/registry/input');
    // The file holds the members as one list per field (cli/registry/columns.ts); read back as records.
    expect((await readParquet(parquet)).map((row) => withoutNulls(nestedMembers(row)))).toEqual(households);
  });

  it.each(['jsonl', 'json', 'csv', 'parquet'])('decides from %s exactly as decide() does', async (inputFormat) => {
    const input = inputFormat === 'parquet' ? parquet : join(dir, `${kind}.${inputFormat}`);
    if (inputFormat === 'parquet' && !existsSync(parquet)) await capture(() => runImport([jsonl, '--out', parquet]));
    const out = join(dir, `${kind}-from-${inputFormat}.jsonl`);
    const r = await capture(() => runScreen([id, input, '--date', date, '--out', out, '--engine', 'js', '--json']));
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows).toEqual(expected(id, date, households));
    const summary = JSON.parse(r.out);
    expect(summary.households).toBe(households.length);
    expect(summary.rejected).toBe(inputFormat === 'jsonl' ? 2 : 0);
    expect(summary.eligible).toBe(rows.filter((x) => x.eligible === true).length);
  });

  it('writes Parquet and CSV with a column per score and the rejected count in the Parquet metadata', async () => {
    const out = join(dir, `${kind}-out.parquet`);
    const r = await capture(() => runScreen([id, jsonl, '--date', date, '--out', out, '--json']));
    expect(r.code).toBe(0);
    const want = expected(id, date, households);
    const got = await readParquet(out);
    expect(got.map((g) => ({ household_id: g.household_id, subject: g.subject, eligible: g.eligible, benefit: g.benefit, outcome: g.outcome })))
      .toEqual(want.map((w) => ({ household_id: w.household_id, subject: w.subject, eligible: w.eligible, benefit: w.benefit, outcome: w.outcome })));
    for (const [i, w] of want.entries()) for (const [name, value] of Object.entries(w.scores)) expect(got[i]![`score_${name}`]).toBe(value);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const meta = (await c.runAndReadAll(`SELECT value::VARCHAR FROM parquet_kv_metadata('${out}') WHERE key::VARCHAR = 'rejected_rows'`)).getRows();
    expect(meta).toEqual([['2']]);
    const csv = join(dir, `${kind}-out.csv`);
    await capture(() => runScreen([id, jsonl, '--date', date, '--out', csv]));
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines.length).toBe(want.length + 1);
    expect(lines[0]).toBe(['household_id', 'subject', 'eligible', 'benefit', 'outcome', ...Object.keys(want[0]!.scores).map((n) => `score_${n}`)].join(','));
    expect(JSON.parse(readFileSync(`${csv}.rejected.jsonl`, 'utf8').split('\n')[0]!)).toMatchObject({ row: 4, errors: [{ pointer: '/members/0/age' }] });
  });
});

describe('elig screen, refusals', () => {
  it('refuses the DuckDB engine for input that has not been imported and checked', async () => {
    await expect(runScreen(['bo/mped', join(dir, 'mped.jsonl'), '--date', MPED_DATE, '--out', join(dir, 'x.parquet'), '--engine', 'duckdb'])).rejects.toThrow(/Parquet layout of `elig import`/);
  });
  it('refuses to run on DuckDB a ruleset the SQL backend does not translate, naming the line', async () => {
    await capture(() => runImport([join(dir, 'mped.jsonl'), '--out', join(dir, 'any.parquet')]));
    // `head` inside an aggregate: translated by neither DuckDB form (engine/sql/generate.ts). (An aggregate
    // inside another runs in the lists form.)
    const draft = join(dir, 'nested.elig');
    writeFileSync(draft, 'program xx/nested "Nested"\n  country BO\n  currency BOB\n  source "test"\neligible when "c": any(members as a: a.age < head.age)\n');
    await expect(runScreen([draft, join(dir, 'any.parquet'), '--date', '2015-06-30', '--out', join(dir, 'x.parquet'), '--engine', 'duckdb'])).rejects.toThrow(/nested\.elig:\d+:\d+: error: .*inside an aggregate/);
  });
});

describe.each(cases)('elig screen $id on DuckDB (the SQL backend)', ({ id, kind, date }) => {
  it('writes from Parquet the decisions and the summary the compiled evaluator gives, by default', async () => {
    const parquet = join(dir, `${kind}-duck.parquet`);
    await capture(() => runImport([join(dir, `${kind}.jsonl`), '--out', parquet]));
    const viaJs = join(dir, `${kind}-js.parquet`), viaSql = join(dir, `${kind}-sql.parquet`);
    const js = await capture(() => runScreen([id, parquet, '--date', date, '--out', viaJs, '--engine', 'js', '--json']));
    const sql = await capture(() => runScreen([id, parquet, '--date', date, '--out', viaSql, '--json']));
    const { out: _a, ...jsSummary } = JSON.parse(js.out);
    const { out: _b, ...sqlSummary } = JSON.parse(sql.out);
    expect(sqlSummary).toEqual({ ...jsSummary, rejected: 2 }); // the import's count, from the file's metadata
    // The summary is read back from the file written: from CSV too, money summed as exact decimals.
    const viaCsv = join(dir, `${kind}-sql.csv`);
    const { out: _c, ...csvSummary } = JSON.parse((await capture(() => runScreen([id, parquet, '--date', date, '--out', viaCsv, '--json']))).out);
    expect(csvSummary).toEqual(sqlSummary);
    const pick = (rows: Record<string, unknown>[]) => rows.map(({ household_id, subject, eligible, benefit, outcome }) => ({ household_id, subject, eligible, benefit, outcome }));
    // The same rows in the same order: the file's, household by household, member by member.
    expect(pick(await readParquet(viaSql))).toEqual(pick(await readParquet(viaJs)));
  });
});

describe('elig screen on DuckDB in the row form (pe/haku-winay: eligible(pe/juntos) is a join)', () => {
  it('writes the decisions in the file’s order, as the js engine does, though ids sort otherwise', async () => {
    const id = 'pe/haku-winay';
    const ruleset = folderRegistry(join(ROOT, 'rulesets')).get(id)!;
    const b = boundariesOf(ruleset.checked);
    const date = '2016-06-30';
    // Ids descending as text while the file ascends: an output sorted by id, or left in hash-join order,
    // differs from the file's.
    const households = fc.sample(householdArbitrary(b, date), { seed: 16, numRuns: 300 }).map((h, i) => ({ ...h, id: `PE-${999 - i}` }));
    const jsonl = join(dir, 'haku.jsonl'), parquet = join(dir, 'haku.parquet');
    writeFileSync(jsonl, households.map((h) => JSON.stringify(h)).join('\n') + '\n');
    await capture(() => runImport([jsonl, '--out', parquet]));
    const viaJs = join(dir, 'haku-js.parquet'), viaSql = join(dir, 'haku-sql.parquet');
    await capture(() => runScreen([id, parquet, '--date', date, '--out', viaJs, '--engine', 'js']));
    await capture(() => runScreen([id, parquet, '--date', date, '--out', viaSql, '--engine', 'duckdb']));
    const pick = (rows: Record<string, unknown>[]) => rows.map(({ household_id, subject, eligible, outcome }) => ({ household_id, subject, eligible, outcome }));
    const sql = pick(await readParquet(viaSql));
    expect(sql.length).toBeGreaterThan(100);
    expect(sql).toEqual(pick(await readParquet(viaJs)));
    const position = new Map(households.map((h, i) => [h.id, i]));
    const at = sql.map((r) => position.get(r.household_id as string)!);
    expect(at).toEqual([...at].sort((x, y) => x - y));
  });
});

describe('elig screen on DuckDB over a file of many row groups', () => {
  it('keeps the file’s order while DuckDB reads the row groups on several threads', async () => {
    // 12,000 households in row groups of 2,048: six groups, read in parallel by DuckDB's threads, so an
    // operator that reordered them would show here (the other tests' files are one group each).
    const households = generate('mped', 12_000, 24);
    const jsonl = join(dir, 'many.jsonl'), imported = join(dir, 'many-imported.parquet'), parquet = join(dir, 'many.parquet');
    writeFileSync(jsonl, households.map((h) => JSON.stringify(h)).join('\n') + '\n');
    await capture(() => runImport([jsonl, '--out', imported]));
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('SET threads = 1');
    await c.run(`COPY (SELECT * FROM read_parquet('${imported}')) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const [[groups]] = (await c.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${parquet}')`)).getRows();
    c.closeSync();
    db.closeSync();
    expect(Number(groups)).toBeGreaterThanOrEqual(5);
    const out = join(dir, 'many-sql.parquet');
    await capture(() => runScreen(['bo/mped', parquet, '--date', MPED_DATE, '--out', out, '--engine', 'duckdb']));
    const rows = await readParquet(out);
    const position = new Map(households.map((h, i) => [h.id, i]));
    const at = rows.map((r) => position.get(r.household_id as string)!);
    expect(new Set(at).size).toBeGreaterThan(5_000); // households with a subject (MPED: members aged 18–24)
    expect(at).toEqual([...at].sort((x, y) => x - y));
  });
});
