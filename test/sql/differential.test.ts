// The SQL backend agrees with the compiled evaluator, subject by subject — eligible (NULL when
// undetermined), benefit, outcome, every score and every top-level criterion — on households generated
// from the schema and steered by each ruleset's own thresholds, band edges and change dates (boundary
// values, absent facts), run for real on embedded DuckDB and on a throwaway PostgreSQL cluster.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { columnarSelect, readJsonColumns } from '../../cli/registry/columns';
import { folderRegistry } from '../../cli/load';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';
import { boundariesOf } from '../../engine/checks/boundaries';
import { dateArbitrary, householdArbitrary } from '../../engine/checks/generate';
import { decide, loadRuleset, type Household, type LoadedRuleset } from '../../engine';
import { dateArb, householdArb, rulesetArb } from '../engine/arbitraries';
import { duckdbListsView, rulesetSql, type DialectName } from '../../engine/sql';
import { parseIsoDate, toMicros } from '../../engine/values';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../harness/postgres';
import { clickhouseUnavailable, CLUSTER, startClickHouseCluster, type ClickHouseCluster } from '../harness/clickhouse';
import { createClickHouseTables, createTables, insertClickHouseRows, insertRows } from './registry-tables';

const ROOT = resolve(__dirname, '../..');
const registry = folderRegistry(join(ROOT, 'rulesets'));
const ids = findRulesetFiles([join(ROOT, 'rulesets')]).map((f) => rulesetIdOf(f)!).sort();
/** What a dialect does not translate yet; each gets a diagnostic with its line instead of a query. Members
 *  as arrays (ClickHouse) have no join to another program's query nor a programs record yet. */
const NOT_TRANSLATED: Partial<Record<DialectName, Record<string, RegExp>>> = {
  clickhouse: {
    'pe/haku-winay': /eligible\(pe\/juntos\)/,
    'pe/juntos-graduation': /in_program\(pe\/juntos\)/,
  },
  // The lists form: `screen` and `compare` run these on the row form instead.
  'duckdb-lists': {
    'pe/haku-winay': /eligible\(pe\/juntos\)/,
  },
};
const translatedFor = (dialect: DialectName) => ids.filter((id) => !(id in (NOT_TRANSLATED[dialect] ?? {})));
const HOUSEHOLDS_PER_DATE = 80;
const DATES = 3;
const SEED = 20261201;
const RANDOM_RULESETS = 120;
// Fewer than elsewhere: 18.16 analyses each query for seconds. 60 takes in the 54th, whose `-(-x)` 18.16
// forwarded to the other shard as `--x`, a comment (the ClickHouse negate form, clickhouse-forms.test.ts).
const RANDOM_RULESETS_CLUSTER = 60;

type Row = { household_id: string; subject: string; eligible: boolean | null; benefit: number | null; outcome: string | null } & Record<string, unknown>;

/** The population: a few dates per ruleset (its change dates and days around them), households per date. */
function population(ruleset: LoadedRuleset): { date: string; households: Household[] }[] {
  const b = boundariesOf(ruleset.checked);
  const dates = [...new Set(fc.sample(dateArbitrary(b), { seed: SEED, numRuns: DATES * 4 }))].slice(0, DATES);
  return dates.map((date, d) => ({
    date,
    households: fc.sample(householdArbitrary(b, date), { seed: SEED + d, numRuns: HOUSEHOLDS_PER_DATE }).map((h, i) => ({ ...h, id: `H${i}` })),
  }));
}

/** What the compiled evaluator says, in the SQL output's shape. */
function expected(ruleset: LoadedRuleset, date: string, households: Household[]): Row[] {
  const day = parseIsoDate(date)!;
  const root = ruleset.checked.eligible?.condition;
  const criteria = !root ? [] : root.kind === 'ConditionGroup' && root.combinator === 'all' ? root.items : [root];
  const inForce = (() => {
    const f = ruleset.checked.header.inForce;
    return !f || (parseIsoDate(f.from.text)! <= day && (!f.until || day <= parseIsoDate(f.until.text)!));
  })();
  return households.flatMap((h) => {
    const decisions = decide(ruleset, h, { date, resolve: registry.resolve });
    const traced = ruleset.compiled.traced(h as never, day, { resolve: registry.resolve });
    return decisions.map((d, i) => {
      const row: Row = { household_id: h.id, subject: d.subject, eligible: d.eligible, benefit: d.benefit, outcome: d.outcome };
      for (const [name, value] of Object.entries(d.scores)) row[`score_${name}`] = value;
      if (inForce) {
        criteria.forEach((c, k) => {
          const slot = ruleset.compiled.slotOfNode[c.id] ?? -1;
          const v = slot >= 0 ? traced[i]!.trace?.[slot] : undefined;
          row[`criterion_${k + 1}`] = typeof v === 'boolean' ? v : null;
        });
      }
      return row;
    });
  });
}

/** The SQL rows, numbers as numbers (DECIMAL text and JSON numbers both read as the canonical double). */
function normalise(rows: Record<string, unknown>[], inForce: boolean): Row[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'member_index' || k === 'household_row') continue;
      if (k.startsWith('criterion_') && !inForce) continue;
      // ClickHouse has no BOOLEAN: 1/0.
      const bool = k === 'eligible' || k.startsWith('criterion_');
      out[k] = (k === 'benefit' || k.startsWith('score_')) && v !== null ? Number(v) : bool && typeof v === 'number' ? v === 1 : v;
    }
    return out as Row;
  });
}

interface Engine {
  name: DialectName;
  /** The query joins on the integer `household_row` (rulesetSql's rowKeys), as over the Parquet views. */
  rowKeys?: boolean;
  /** Fresh `households`/`members` tables holding these households, and the dialect's helpers. */
  load(prelude: string[], households: Household[]): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** With `rowKeys`, every table gets a `household_row` numbered in the reverse order of the ids (and
 *  spaced out), so a join that mixed the key with the id or with a position would pair the wrong rows. */
async function duckdbEngine(rowKeys = false): Promise<Engine & { close(): void }> {
  const db = await DuckDBInstance.create(':memory:');
  const c: DuckDBConnection = await db.connect();
  return {
    name: 'duckdb',
    rowKeys,
    async load(prelude, households) {
      await c.run('DROP TABLE IF EXISTS households; DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS programs; DROP TABLE IF EXISTS hk');
      for (const s of [...prelude, ...createTables(), ...insertRows(households)]) await c.run(s);
      if (!rowKeys) return;
      await c.run('CREATE TABLE hk AS SELECT "id", 7 * row_number() OVER (ORDER BY "id" DESC) + 3 AS household_row FROM households');
      for (const [table, id] of [['households', '"id"'], ['members', 'household_id'], ['programs', 'household_id']] as const) {
        await c.run(`CREATE TABLE keyed AS SELECT t.*, hk.household_row FROM ${table} t JOIN hk ON hk."id" = t.${id}`);
        await c.run(`DROP TABLE ${table}; ALTER TABLE keyed RENAME TO ${table}`);
      }
    },
    async rows(sql) { return (await c.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${sql}) q`)).getRows().map(([j]) => JSON.parse(j as string)); },
    close() { c.closeSync(); db.closeSync(); },
  };
}

/** The lists form over a real Parquet file in the layout of `elig import` (cli/registry/columns.ts: one row
 *  per household, a LIST per member field, `programs` a LIST of STRUCTs), written as the import writes it
 *  (DuckDB's read_json with the schema's types, then columnarSelect) and read through duckdbListsView — in
 *  file order that is not id order (the households are written in reverse), so nothing leans on it. */
async function duckdbListsEngine(): Promise<Engine & { close(): void }> {
  const db = await DuckDBInstance.create(':memory:');
  const c: DuckDBConnection = await db.connect();
  const dir = mkdtempSync(join(tmpdir(), 'elig-lists-'));
  let n = 0;
  return {
    name: 'duckdb-lists',
    async load(prelude, households) {
      const jsonl = join(dir, `h${n}.jsonl`), parquet = join(dir, `h${n++}.parquet`);
      writeFileSync(jsonl, [...households].reverse().map((h) => JSON.stringify(h)).join('\n') + '\n');
      await c.run(`COPY (${columnarSelect(`read_json('${jsonl}', format = 'newline_delimited', columns = ${readJsonColumns()})`)}) TO '${parquet}' (FORMAT parquet)`);
      for (const s of [...prelude, ...duckdbListsView(parquet)]) await c.run(s);
    },
    async rows(sql) { return (await c.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${sql}) q`)).getRows().map(([j]) => JSON.parse(j as string)); },
    close() { c.closeSync(); db.closeSync(); rmSync(dir, { recursive: true, force: true }); },
  };
}

function postgresEngine(pg: PostgresCluster): Engine {
  return {
    name: 'postgres',
    async load(prelude, households) {
      await pg.exec('DROP TABLE IF EXISTS households; DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS programs');
      await pg.exec([...prelude, ...createTables(), ...insertRows(households)].join(';\n'));
    },
    async rows(sql) { return pg.query(sql); },
  };
}

/** The cluster: tables created on every shard, rows inserted through the Distributed table (spread over
 *  the shards by household id), the query sent to the first shard. */
function clickhouseEngine(ch: ClickHouseCluster): Engine {
  return {
    name: 'clickhouse',
    async load(prelude, households) {
      for (const shard of ch.httpPorts.keys()) for (const s of createClickHouseTables(CLUSTER)) await ch.exec(s, shard);
      for (const s of [...prelude, ...insertClickHouseRows(households)]) await ch.exec(s);
    },
    async rows(sql) { return ch.query(sql); },
  };
}

const ORDER = 'ORDER BY household_id, member_index';
/** Household ids sort as text in SQL; the reference is put in the same order. */
const byHouseholdThenOrder = (rows: Row[]) => rows.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => (a.household_id < b.household_id ? -1 : a.household_id > b.household_id ? 1 : i - j)).map(([r]) => r);

async function differential(engine: Engine, id: string, dates = DATES): Promise<number> {
  const ruleset = registry.get(id)!;
  let compared = 0;
  for (const { date, households } of population(ruleset).slice(0, dates)) {
    const { query, prelude, diagnostics } = rulesetSql(ruleset, date, engine.name, { resolve: registry.resolve, rowKeys: engine.rowKeys });
    expect(diagnostics).toEqual([]);
    await engine.load(prelude, households);
    const want = byHouseholdThenOrder(expected(ruleset, date, households));
    const inForce = want.length === 0 || Object.keys(want[0]!).some((k) => k.startsWith('criterion_')) || !ruleset.checked.eligible;
    const got = normalise(await engine.rows(`SELECT * FROM (${query!.sql}) q ${ORDER}`), inForce);
    expect(got, `${id} on ${date} (${engine.name})`).toEqual(want);
    // The summary query (on the cluster: partial aggregates on each shard) counts the same decisions.
    const [summary] = await engine.rows(query!.summary);
    const cost = want.filter((r) => r.eligible === true).reduce((sum, r) => sum + toMicros(r.benefit ?? 0), 0);
    expect({ ...summary, cost: summary!.cost === null ? 0 : toMicros(Number(summary!.cost)) }, `${id} on ${date} summary (${engine.name})`).toEqual({
      subjects: want.length, eligible: want.filter((r) => r.eligible === true).length, ineligible: want.filter((r) => r.eligible === false).length,
      undetermined: want.filter((r) => r.eligible === null).length, eligible_amount_unknown: want.filter((r) => r.eligible === true && r.benefit === null).length, cost,
    });
    compared += want.length;
  }
  return compared;
}

/** Each bounded form on its own (test/engine/bounds.test.ts's laws), and negations of negative figures,
 *  before the generated rulesets. */
const FIXED_RULES = [
  'eligible when "c": count(members as c where c.age < 15) >= 1',
  'eligible when "c": count(members as c where c.age < 15 or c.pregnant) >= 2',
  'eligible when "c": count(members as c where c.sex is female and c.age >= 18) < 2',
  'score s = min(count(members as c where c.age < 15), 3)',
  'eligible when "c": max(count(members as c where c.disabled), 1) >= 1',
  'eligible when "c": clamp(count(members as c where c.age >= 60), 1, 2) = 2',
  'eligible when "c": sum(members as m where m.age >= 18: m.monthly_income) > 900',
  'eligible when "c": sum(members as m: m.monthly_income) <= 1500',
  'eligible when "c": min(members as m where m.sex is female: m.age) in 15..49',
  'eligible when "c": max(members as m: m.age) > 64',
  'eligible when "c": count(members as c where c.age < 15) in 1..2',
  'eligible when "c": count(members as c where c.age < 15) != 0',
  'eligible when "c": (if household.area is rural then count(members as c where c.age < 6) else 0) >= 1',
  'let n = count(members as c where c.age < 18)\neligible when "c": max(n, household.size) >= 2\nscore s = clamp(n, 1, 3)',
  'for each member as x where x.age >= 18\neligible when "c": sum(members as m where m.age >= x.age: m.monthly_income) < 2000',
  'eligible when "c": min(members as m where m.disabled: m.monthly_income) < 500 or max(members as m where m.pregnant: m.age) >= 30',
  // `-offset` of a negative parameter printed `(--50000000)`, a comment from there to the line's end.
  'parameter offset: BOB per month = -50 assumption "test"\neligible when "c": household.monthly_income > -offset and -household.monthly_income < -(-5)',
];
const boundedRuleset = (rule: string) => `program xx/random "Bounds"\n  country BO\n  currency BOB\n  source "test"\n${rule}\n`;

/** Generated rulesets (test/engine/arbitraries.ts: counts with filters, sums, min/max/clamp of them, lets,
 *  tables, quantifiers…) on generated households with holes — where aggregates over partly known members
 *  are bounded (ops/bounds.ts) and comparisons of the bounds decide. Each ruleset the backend translates is
 *  compared subject by subject; the ones it refuses (a diagnostic) are counted, and must stay few. */
async function randomDifferential(engine: Engine, rulesets: number, householdsPer: number): Promise<{ compared: number; refused: number }> {
  const sources = [...FIXED_RULES.map((rule) => ({ source: boundedRuleset(rule) })), ...fc.sample(rulesetArb, { seed: SEED, numRuns: rulesets })];
  const dates = fc.sample(dateArb, { seed: SEED + 1, numRuns: sources.length });
  let compared = 0, refused = 0;
  for (const [k, r] of sources.entries()) {
    const ruleset = loadRuleset('xx/random', r.source).ruleset;
    if (!ruleset) continue;
    const date = dates[k]!;
    const { query, prelude, diagnostics } = rulesetSql(ruleset, date, engine.name, { rowKeys: engine.rowKeys });
    if (!query) {
      refused++;
      continue;
    }
    const households = fc.sample(householdArb, { seed: SEED + 2 + k, numRuns: householdsPer }).map((h, i) => ({ ...h, id: `H${String(i).padStart(3, '0')}` }));
    await engine.load(prelude, households);
    const want = byHouseholdThenOrder(expected(ruleset, date, households));
    const inForce = want.length === 0 || Object.keys(want[0]!).some((c) => c.startsWith('criterion_')) || !ruleset.checked.eligible;
    const got = normalise(await engine.rows(`SELECT * FROM (${query.sql}) q ${ORDER}`).catch((error: Error) => {
      throw new Error(`random ruleset ${k} (${engine.name}): ${error.message}\n${r.source}`);
    }), inForce);
    expect(got, `random ruleset ${k} on ${date} (${engine.name}):\n${r.source}`).toEqual(want);
    void diagnostics;
    compared += want.length;
  }
  console.info(`${engine.name}: ${rulesets} generated rulesets, ${refused} refused with a diagnostic, ${compared} subjects compared`);
  return { compared, refused };
}

describe('SQL backend: what is not translated is a diagnostic with its line', () => {
  it.each(Object.entries(NOT_TRANSLATED).flatMap(([dialect, byId]) => Object.entries(byId!).map(([id, message]) => [dialect as DialectName, id, message] as const)))('%s: %s', (dialect, id, message) => {
    {
      const out = rulesetSql(registry.get(id)!, '2015-06-30', dialect, { resolve: registry.resolve });
      expect(out.query).toBeUndefined();
      expect(out.diagnostics).toHaveLength(1);
      expect(out.diagnostics[0]!.message).toMatch(message);
      expect(out.diagnostics[0]!.line).toBeGreaterThan(0);
    }
  });
});

describe('SQL backend on DuckDB agrees with the compiled evaluator', () => {
  let engine: Awaited<ReturnType<typeof duckdbEngine>>;
  beforeAll(async () => { engine = await duckdbEngine(); });
  afterAll(() => engine?.close());
  it.each(translatedFor('duckdb'))('%s', async (id) => {
    expect(await differential(engine, id)).toBeGreaterThan(HOUSEHOLDS_PER_DATE);
  }, 120_000);
  it('generated rulesets on households with holes', async () => {
    const { compared, refused } = await randomDifferential(engine, RANDOM_RULESETS, 40);
    expect(compared).toBeGreaterThan(RANDOM_RULESETS * 20);
    expect(refused).toBeLessThan(RANDOM_RULESETS / 4);
  }, 300_000);
});

describe('SQL backend on DuckDB, joined on integer row keys (as over Parquet), agrees with the compiled evaluator', () => {
  let engine: Awaited<ReturnType<typeof duckdbEngine>>;
  beforeAll(async () => { engine = await duckdbEngine(true); });
  afterAll(() => engine?.close());
  it.each(translatedFor('duckdb'))('%s', async (id) => {
    expect(await differential(engine, id)).toBeGreaterThan(HOUSEHOLDS_PER_DATE);
  }, 120_000);
  it('generated rulesets on households with holes', async () => {
    const { compared } = await randomDifferential(engine, RANDOM_RULESETS, 40);
    expect(compared).toBeGreaterThan(RANDOM_RULESETS * 20);
  }, 300_000);
});

describe('SQL backend on DuckDB in the lists form (members as LISTs on the household row of a Parquet file, no join) agrees with the compiled evaluator', () => {
  let engine: Awaited<ReturnType<typeof duckdbListsEngine>>;
  beforeAll(async () => { engine = await duckdbListsEngine(); });
  afterAll(() => engine?.close());
  it.each(translatedFor('duckdb-lists'))('%s', async (id) => {
    expect(await differential(engine, id)).toBeGreaterThan(HOUSEHOLDS_PER_DATE);
  }, 120_000);
  it('generated rulesets on households with holes', async () => {
    const { compared, refused } = await randomDifferential(engine, RANDOM_RULESETS, 40);
    expect(compared).toBeGreaterThan(RANDOM_RULESETS * 20);
    expect(refused).toBeLessThan(RANDOM_RULESETS / 4);
  }, 300_000);
});

const noPostgres = postgresUnavailable();
if (noPostgres) console.warn(`SKIPPED: the PostgreSQL differential tests — ${noPostgres}`);

describe.skipIf(noPostgres !== undefined)('SQL backend on PostgreSQL agrees with the compiled evaluator', () => {
  let pg: PostgresCluster;
  beforeAll(async () => { pg = await startPostgres(); }, 180_000);
  afterAll(async () => { await pg?.stop(); }, 60_000);
  it.each(translatedFor('postgres'))('%s', async (id) => {
    expect(await differential(postgresEngine(pg), id)).toBeGreaterThan(HOUSEHOLDS_PER_DATE);
  }, 120_000);
  it('generated rulesets on households with holes', async () => {
    const { compared, refused } = await randomDifferential(postgresEngine(pg), RANDOM_RULESETS, 40);
    expect(compared).toBeGreaterThan(RANDOM_RULESETS * 20);
    expect(refused).toBeLessThan(RANDOM_RULESETS / 4);
  }, 300_000);
});

const noClickHouse = clickhouseUnavailable();
if (noClickHouse) console.warn(`SKIPPED: the ClickHouse cluster differential tests — ${noClickHouse}`);

describe.skipIf(noClickHouse !== undefined)('SQL backend on a two-shard ClickHouse cluster agrees with the compiled evaluator', () => {
  let ch: ClickHouseCluster;
  beforeAll(async () => { ch = await startClickHouseCluster(2); }, 180_000);
  afterAll(async () => { await ch?.stop(); }, 60_000);
  // One date per ruleset: 18.16 takes seconds to analyse each query's expression tree.
  it.each(translatedFor('clickhouse'))('%s', async (id) => {
    expect(await differential(clickhouseEngine(ch), id, 1)).toBeGreaterThan(HOUSEHOLDS_PER_DATE / 2);
    // The households were spread over both shards, so the query really ran on two servers.
    for (const shard of ch.httpPorts.keys()) expect((await ch.query<{ n: number }>('SELECT count() AS n FROM households_local', shard))[0]!.n).toBeGreaterThan(0);
  }, 180_000);
  // Fewer on the cluster: 18.16 analyses each query's expression tree for seconds.
  it('generated rulesets on households with holes', async () => {
    const { compared } = await randomDifferential(clickhouseEngine(ch), RANDOM_RULESETS_CLUSTER, 30);
    expect(compared).toBeGreaterThan(RANDOM_RULESETS_CLUSTER * 15);
  }, 600_000);
});
