// A probit index written with 7-place coefficients (computed in units of 10⁻⁷, dsl/check/coefficients.ts)
// gives the same scores in SQL as in the compiled code: the region is ordinary exact BIGINT micro-unit
// arithmetic there too, with Φ in DOUBLE at the end. Run on DuckDB and on PostgreSQL, on households whose
// every fact is known (so each one exercises the whole index), and on bo/rub-pmt itself.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, type Household, type LoadedRuleset } from '../../engine';
import { rulesetSql, type DialectName } from '../../engine/sql';
import { folderRegistry } from '../../cli/load';
import { load } from '../engine/helpers';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../harness/postgres';
import { createTables, insertRows } from './registry-tables';

const DATE = '2013-06-30';
const probit = load(readFileSync(new URL('../golden/diagnostics/coefficient-precision-accepted/input.elig', import.meta.url), 'utf8'));
const rub = folderRegistry(join(resolve(__dirname, '../..'), 'rulesets')).get('bo/rub-pmt')!;

const people = fc.sample(fc.record({
  male: fc.boolean(), age: fc.integer({ min: 15, max: 95 }), size: fc.integer({ min: 1, max: 9 }), rooms: fc.integer({ min: 1, max: 6 }),
  id: fc.boolean(), indigenous: fc.boolean(), coverage: fc.constantFrom('none', 'social_security', 'universal_maternal_infant'),
  schooling: fc.constantFrom('illiterate', 'primary_incomplete', 'secondary_complete', 'higher'),
  employment: fc.constantFrom('employed', 'unemployed', 'inactive'), phone: fc.boolean(),
  housing: fc.constantFrom('owned_irregular_plot', 'rented', 'lent'), area: fc.constantFrom('urban', 'rural', 'suburban'),
  walls: fc.boolean(), water: fc.boolean(), sewer: fc.boolean(), power: fc.boolean(), fixed: fc.boolean(),
}), { seed: 51, numRuns: 120 });

const households: Household[] = people.map((p, i) => ({
  id: `H${String(i).padStart(3, '0')}`, area: p.area, housing: p.housing, rooms: p.rooms, walls_plastered: p.walls,
  water_public_network: p.water, sewer_public_network: p.sewer, has_electricity: p.power, has_fixed_phone: p.fixed,
  members: [
    {
      id: 'h', relationship: 'head', sex: p.male ? 'male' : 'female', age: p.age, has_identity_document: p.id, indigenous: p.indigenous,
      health_coverage: p.coverage, schooling: p.schooling, employment: p.employment, has_cell_phone: p.phone,
    },
    ...Array.from({ length: p.size - 1 }, (_, k) => ({ id: `m${k}`, relationship: 'child', sex: 'female', age: 4 + k, has_cell_phone: false })),
  ],
}) as Household);

/** The compiled code's scores, by household. */
function expected(ruleset: LoadedRuleset): { household_id: string; eligible: boolean | null; score: number | null }[] {
  return households.map((h) => {
    const [d] = decide(ruleset, h, { date: DATE });
    return { household_id: h.id as string, eligible: d!.eligible, score: Object.values(d!.scores)[0] ?? null };
  });
}

async function compare(dialect: DialectName, run: (sql: string[]) => Promise<void>, rows: (sql: string) => Promise<Record<string, unknown>[]>, ruleset: LoadedRuleset) {
  const { query, prelude, diagnostics } = rulesetSql(ruleset, DATE, dialect);
  expect(diagnostics).toEqual([]);
  await run(['DROP TABLE IF EXISTS households', 'DROP TABLE IF EXISTS members', 'DROP TABLE IF EXISTS programs', ...prelude, ...createTables(), ...insertRows(households, 30)]);
  const got = (await rows(`SELECT * FROM (${query!.sql}) q ORDER BY household_id`)).map((r) => {
    const score = Object.entries(r).find(([k]) => k.startsWith('score_'))?.[1];
    return { household_id: String(r.household_id), eligible: r.eligible as boolean | null, score: score === null || score === undefined ? null : Number(score) };
  });
  const want = expected(ruleset);
  expect(want.every((w) => w.score !== null)).toBe(true); // every fact known: each index is computed
  expect(got).toEqual(want);
}

describe('7-place coefficients on DuckDB', () => {
  let db: DuckDBInstance;
  let c: Awaited<ReturnType<DuckDBInstance['connect']>>;
  beforeAll(async () => { db = await DuckDBInstance.create(':memory:'); c = await db.connect(); });
  afterAll(() => { c?.closeSync(); db?.closeSync(); });
  const run = async (sql: string[]) => { for (const s of sql) await c.run(s); };
  const rows = async (sql: string) => (await c.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${sql}) q`)).getRows().map(([j]) => JSON.parse(j as string));
  it('a probit index as printed agrees with the compiled code', () => compare('duckdb', run, rows, probit), 60_000);
  it('bo/rub-pmt agrees with the compiled code', () => compare('duckdb', run, rows, rub), 60_000);
});

const noPostgres = postgresUnavailable();
if (noPostgres) console.warn(`SKIPPED: the PostgreSQL coefficient tests — ${noPostgres}`);

describe.skipIf(noPostgres !== undefined)('7-place coefficients on PostgreSQL', () => {
  let pg: PostgresCluster;
  beforeAll(async () => { pg = await startPostgres(); }, 180_000);
  afterAll(async () => { await pg?.stop(); }, 60_000);
  const run = async (sql: string[]) => { for (const st of sql) await pg.exec(st); }; // one at a time: psql takes each as an argument
  const rows = (sql: string) => pg.query(sql);
  it('a probit index as printed agrees with the compiled code', () => compare('postgres', run, rows, probit), 60_000);
  it('bo/rub-pmt agrees with the compiled code', () => compare('postgres', run, rows, rub), 60_000);
});
