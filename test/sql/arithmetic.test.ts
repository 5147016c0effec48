// The SQL helpers compute exactly what engine/values.ts computes: products and quotients of 6-place
// decimals rounded half away from zero once (ties included — the cases a double-based rounding gets
// wrong), out-of-range results and division by zero as NULL, normal_cdf to the same micro-unit, and whole
// years and months between two dates (anniversaries, 29 February, month ends, dates in either order).
// Run on DuckDB and on PostgreSQL.
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../engine/sql';
import { add, div, fromMicros, monthsBetween, mul, normalCdf, sub, toMicros, yearsBetween } from '../../engine/values';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../harness/postgres';

const MAX = 1_000_000_000_000_000; // 10^15 micro-units
/** Micro-unit counts: small ones (ties are common), round ones, and any up to the range's edge. */
const micros = fc.oneof(
  fc.integer({ min: -2_000_000, max: 2_000_000 }),
  fc.integer({ min: -5000, max: 5000 }).map((n) => n * 500_000),
  fc.integer({ min: -MAX, max: MAX }),
);
/** Pairs at the edges of the 64-bit fast paths of × and ÷ (DuckDB): a quotient's dividend about 4·10¹²,
 *  a product about 4·10¹⁸, on either side, with ties. */
const edge = fc.oneof(
  fc.tuple(fc.integer({ min: 3_999_999_000_000, max: 4_000_001_000_000 }).map((a) => a * (a % 2 ? -1 : 1)), fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(2_000_000, -4_000_000, 3, 7, 1_000_000_000_000_000, -1_000_000_000_000_000))),
  fc.tuple(fc.integer({ min: 1_999_000, max: 2_001_000 }).map((a) => a * 1_000_000 + 500_000), fc.integer({ min: 1_999_000, max: 2_001_000 })),
  fc.tuple(fc.integer({ min: -2_000_100, max: -1_999_900 }).map((a) => a * 1_000_000 - 500_000), fc.integer({ min: 1_999_900, max: 2_000_100 })),
);
const pairs = [...fc.sample(fc.tuple(micros, micros), { seed: 7, numRuns: 1500 }), ...fc.sample(edge, { seed: 9, numRuns: 300 })];
const zs = fc.sample(fc.oneof(fc.integer({ min: -9_000_000, max: 9_000_000 }), fc.integer({ min: -40_000_000, max: 40_000_000 })), { seed: 8, numRuns: 1500 });

const micro = (x: number | undefined) => (x === undefined ? null : String(toMicros(x)));
const expected = pairs.map(([a, b]) => {
  const x = fromMicros(a)!, y = fromMicros(b)!;
  return { add: micro(add(x, y)), sub: micro(sub(x, y)), mul: micro(mul(x, y)), div: micro(div(x, y)) };
});

const query = (rows: string) =>
  `SELECT i, CAST(elig_chk(CAST(a AS BIGINT) + b) AS VARCHAR) AS "add", CAST(elig_chk(CAST(a AS BIGINT) - b) AS VARCHAR) AS "sub", CAST(elig_mul(a, b) AS VARCHAR) AS "mul", CAST(elig_div(a, b) AS VARCHAR) AS "div" FROM (VALUES ${rows}) AS t(i, a, b) ORDER BY i`;
const values = pairs.map(([a, b], i) => `(${i}, CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`).join(', ');
const cdfQuery = `SELECT i, CAST(elig_normal_cdf(z) AS VARCHAR) AS p FROM (VALUES ${zs.map((z, i) => `(${i}, CAST(${z} AS BIGINT))`).join(', ')}) AS t(i, z) ORDER BY i`;
const cdfExpected = zs.map((z, i) => ({ i, p: String(toMicros(normalCdf(fromMicros(z)!))) }));

/** Day pairs (days since 1970-01-01): any two from 1900 to 2100 in either order, and pairs one
 *  anniversary apart give or take a day, from month ends and from 29 February. */
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const anniversaries = fc.tuple(
  fc.constantFrom([2000, 2, 29], [1996, 2, 29], [2001, 1, 31], [2003, 3, 31], [1999, 12, 31], [2004, 2, 28], [2010, 6, 15]),
  fc.integer({ min: -30, max: 30 }), fc.integer({ min: -13, max: 13 }), fc.integer({ min: -1, max: 1 }),
).map(([[y, m, d], years, months, shift]) => [day(y!, m!, d!), day(y! + years, m! + months, d!) + shift] as const);
const datePairs = [
  ...fc.sample(fc.tuple(fc.integer({ min: day(1900, 1, 1), max: day(2100, 12, 31) }), fc.integer({ min: day(1900, 1, 1), max: day(2100, 12, 31) })), { seed: 11, numRuns: 800 }),
  ...fc.sample(anniversaries, { seed: 12, numRuns: 800 }),
];
const datesQuery = `SELECT i, elig_years(elig_date(a), elig_date(b)) AS years, elig_months(elig_date(a), elig_date(b)) AS months FROM (VALUES ${datePairs.map(([a, b], i) => `(${i}, CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`).join(', ')}) AS t(i, a, b) ORDER BY i`;
const datesExpected = datePairs.map(([a, b], i) => ({ i, years: yearsBetween(a, b), months: monthsBetween(a, b) }));
const dates = (rows: Record<string, unknown>[]) => rows.map((r) => ({ i: Number(r.i), years: Number(r.years), months: Number(r.months) }));

function check(rows: Record<string, unknown>[]): void {
  expect(rows.map(({ add, sub, mul, div }) => ({ add, sub, mul, div }))).toEqual(expected);
}

describe('SQL arithmetic on DuckDB is the engine\'s exact arithmetic', () => {
  let run: (sql: string) => Promise<Record<string, unknown>[]>;
  let close: () => void;
  beforeAll(async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const s of DIALECTS.duckdb.prelude) await c.run(s);
    run = async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    close = () => { c.closeSync(); db.closeSync(); };
  });
  afterAll(() => close?.());
  it('+ − × ÷ with one rounding half away from zero, NULL out of range or for ÷ 0', async () => check(await run(query(values))));
  it('normal_cdf to the same micro-unit', async () => expect((await run(cdfQuery)).map((r) => ({ i: Number(r.i), p: r.p }))).toEqual(cdfExpected));
  it('whole years and months between dates, in either order', async () => expect(dates(await run(datesQuery))).toEqual(datesExpected));
  // elig_years and elig_months rely on it (dialect.ts): a DuckDB that rounded // down would count ages
  // of dates in the future one year short.
  it('// on integers rounds toward zero', async () => expect(await run('SELECT CAST(-19999 AS BIGINT) // 10000 AS q, CAST(19999 AS BIGINT) // 10000 AS r')).toEqual([{ q: '-1', r: '1' }]));
});

const noPostgres = postgresUnavailable();
if (noPostgres) console.warn(`SKIPPED: the PostgreSQL arithmetic tests — ${noPostgres}`);

describe.skipIf(noPostgres !== undefined)('SQL arithmetic on PostgreSQL is the engine\'s exact arithmetic', () => {
  let pg: PostgresCluster;
  beforeAll(async () => {
    pg = await startPostgres();
    await pg.exec(DIALECTS.postgres.prelude.join(';\n'));
  }, 180_000);
  afterAll(async () => { await pg?.stop(); }, 60_000);
  it('+ − × ÷ with one rounding half away from zero, NULL out of range or for ÷ 0', async () => check(await pg.query(query(values))));
  it('normal_cdf to the same micro-unit', async () => expect((await pg.query<{ i: number; p: string }>(cdfQuery)).map((r) => ({ i: Number(r.i), p: r.p }))).toEqual(cdfExpected));
  it('whole years and months between dates, in either order', async () => expect(dates(await pg.query(datesQuery))).toEqual(datesExpected));
});
