// `npm run bench:registry` (not a test): screening a whole registry, side by side, for bo/mped and
// br/bolsa-escola-df on generated households (bench/households.ts):
//   js, JSONL        elig screen --engine js from JSON Lines (streamed, validated row by row)
//   import           elig import: JSONL → Parquet (the JSON cost, paid once)
//   js, Parquet      elig screen --engine js from Parquet (with --js-parquet)
//   duckdb, Parquet  elig screen --engine duckdb: the SQL backend on the embedded DuckDB, in the lists
//                    form (engine/sql/duckdb-lists.ts: one row per household, no join) for both cases
//   duckdb, JSONL    the same SQL on DuckDB reading the JSON Lines itself (read_json, then the query)
//   postgres         the same SQL on a throwaway PostgreSQL 15 cluster (test/harness), tables loaded
//                    with COPY before the clock starts; the query's result is counted, not sent back
//   clickhouse       the ClickHouse dialect on a two-shard cluster of Debian's 18.16 (test/harness),
//                    rows inserted through the Distributed table before the clock starts; the summary
//                    query (partial aggregates on the shards) is timed
// Each is one end-to-end run (a child process for the CLI rows, so start-up is included). The table
// gives each path's ratio to the JS path from JSONL, against the issue's target of 20×.
// Options: --n <households, default 1000000>  --10m (n = 10,000,000)  --case <id>  --skip-postgres
//          --skip-clickhouse  --scale K (also screen the Parquet file repeated K times, household ids made
//          distinct: K × n households from Parquet without generating K × n of JSON Lines first, the
//          issue's 10M run as `--scale 10`)
// Where /usr/bin/time exists, the CLI rows also give the child's CPU seconds (user + system) and its peak
// resident memory: the issue asks for memory that does not grow with the input.
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbListsView, duckdbViews, rulesetSql } from '../engine/sql';
import { folderRegistry } from '../cli/load';
import { columnarSelect, readJsonColumns } from '../cli/registry/columns';
import { startPostgres, postgresUnavailable } from '../test/harness/postgres';
import { clickhouseUnavailable, CLUSTER, startClickHouseCluster } from '../test/harness/clickhouse';
import { createClickHouseTables, createTables, insertClickHouseRows } from '../test/sql/registry-tables';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BOLSA_DATE, MPED_DATE, bolsaHousehold, mpedHousehold, prng } from './households';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = args.includes('--10m') ? 10_000_000 : Number(option('--n', '1000000'));
const TARGET = 20;
const ONLY = option('--case', '');
const SCALE = Math.max(1, Math.trunc(Number(option('--scale', '1'))));
/** The issue's 10M target: `elig screen` from Parquet within 30 s end to end. */
const SCALE_TARGET_SECONDS = 30;
const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'elig-bench-registry-'));
const cases = [
  { id: 'bo/mped', date: MPED_DATE, make: mpedHousehold },
  { id: 'br/bolsa-escola-df', date: BOLSA_DATE, make: bolsaHousehold },
].filter((c) => !ONLY || c.id === ONLY);

const rows: { case: string; impl: string; households: number; seconds: number; households_per_sec: number; cpu_seconds?: number; peak_rss_mb?: number; note: string }[] = [];
/** CPU and peak memory of the last CLI child, from /usr/bin/time (GNU time) where it is installed. */
let lastChild: { cpu_seconds: number; peak_rss_mb: number } | undefined;
const gnuTime = (() => { try { return statSync('/usr/bin/time').isFile(); } catch { return false; } })();
const mb = (file: string) => `${(statSync(file).size / 1e6).toFixed(0)} MB`;

function time(label: string, id: string, run: () => void, noteAfter: () => string = () => '', households = N): void {
  lastChild = undefined;
  const t = performance.now();
  run();
  record(label, id, (performance.now() - t) / 1000, noteAfter, households);
}

async function timeAsync(label: string, id: string, run: () => Promise<void>, noteAfter: () => string = () => ''): Promise<void> {
  const t = performance.now();
  await run();
  lastChild = undefined;
  record(label, id, (performance.now() - t) / 1000, noteAfter, N);
}

function record(label: string, id: string, seconds: number, noteAfter: () => string, households: number): void {
  const note = noteAfter();
  rows.push({ case: id, impl: label, households, seconds: Math.round(seconds * 10) / 10, households_per_sec: Math.round(households / seconds), ...lastChild, note });
  const child = lastChild ? ` (${lastChild.cpu_seconds} CPU-s, peak ${lastChild.peak_rss_mb} MB)` : '';
  console.error(`${id} ${label}: ${seconds.toFixed(1)} s${child} ${note}`);
}

function elig(cmd: string[]): void {
  const argv = [join(ROOT, 'bin/elig.js'), ...cmd];
  // GNU time writes its one line (user, system seconds, peak KB) last on stderr.
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', 'ELIG-TIME %U %S %M', process.execPath, ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`elig ${cmd.join(' ')} failed:\n${r.stderr}`);
  const m = /ELIG-TIME ([0-9.]+) ([0-9.]+) ([0-9]+)\s*$/.exec(r.stderr);
  lastChild = m ? { cpu_seconds: Math.round((Number(m[1]) + Number(m[2])) * 10) / 10, peak_rss_mb: Math.round(Number(m[3]) / 1024) } : undefined;
}

/** The Parquet file `k` times over in one file, each copy's household ids made distinct (`<id>~<copy>`),
 *  written as `elig import` writes (row groups of 30,000). */
async function repeatParquet(from: string, to: string, k: number): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  // A UNION ALL of the copies streams (a cross join or a sort would hold the rows), in the file's order.
  const copies = Array.from({ length: k }, (_, copy) => `SELECT * REPLACE ("id" || '~${copy}' AS "id") FROM read_parquet(${sqlText(from)})`);
  await conn.run(`SET threads = 1`);
  await conn.run(`COPY (${copies.join(' UNION ALL ')}) TO ${sqlText(to)} (FORMAT parquet, ROW_GROUP_SIZE 30000)`);
  conn.closeSync();
  db.closeSync();
}

async function writeJsonl(file: string, make: (r: () => number, n: number) => unknown): Promise<void> {
  const out = createWriteStream(file);
  const r = prng(20261201);
  for (let i = 0; i < N; i++) if (!out.write(JSON.stringify(make(r, i)) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const registry = folderRegistry(join(ROOT, 'rulesets'));
const pg = args.includes('--skip-postgres') || postgresUnavailable() ? undefined : await startPostgres();
const ch = args.includes('--skip-clickhouse') || clickhouseUnavailable() ? undefined : await startClickHouseCluster(2);

/** The households of a JSONL file, in batches (the cluster's INSERTs are built from records). */
async function* batches(file: string, size: number): AsyncGenerator<Record<string, unknown>[]> {
  let batch: Record<string, unknown>[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** The SQL backend on DuckDB straight from JSON Lines: read_json into the import's layout, then the query
 *  (the lists form, as `elig screen` runs it). */
async function duckdbFromJsonl(id: string, date: string, jsonl: string): Promise<void> {
  const { query, prelude } = rulesetSql(registry.get(id)!, date, 'duckdb-lists', { resolve: registry.resolve });
  if (!query) throw new Error(`${id}: the lists form refuses it`);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const nested = join(dir, 'nested.parquet');
  // read_json's own typing of the records, written once in the layout the views read (a list per member field).
  await conn.run(`COPY (${columnarSelect(`read_json(${sqlText(jsonl)}, columns = ${readJsonColumns()}, format = 'newline_delimited')`)}) TO ${sqlText(nested)} (FORMAT parquet)`);
  for (const s of [...prelude, ...duckdbListsView(nested)]) await conn.run(s);
  await conn.run(`SELECT count(*), count(*) FILTER (WHERE eligible) FROM (${query!.sql}) q`);
  conn.closeSync();
  db.closeSync();
}
const sqlText = (t: string) => `'${t.replaceAll("'", "''")}'`;
try {
  for (const c of cases) {
    const jsonl = join(dir, 'households.jsonl'), parquet = join(dir, 'households.parquet');
    await writeJsonl(jsonl, c.make);
    time('js, JSONL', c.id, () => elig(['screen', c.id, jsonl, '--date', c.date, '--out', join(dir, 'js.parquet'), '--engine', 'js']), () => mb(jsonl));
    time('import JSONL → Parquet', c.id, () => elig(['import', jsonl, '--out', parquet]), () => mb(parquet));
    if (args.includes('--js-parquet')) time('js, Parquet', c.id, () => elig(['screen', c.id, parquet, '--date', c.date, '--out', join(dir, 'js2.parquet'), '--engine', 'js']));
    time('duckdb, Parquet', c.id, () => elig(['screen', c.id, parquet, '--date', c.date, '--out', join(dir, 'sql.parquet'), '--engine', 'duckdb']));
    if (SCALE > 1) {
      const big = join(dir, `households-x${SCALE}.parquet`);
      await repeatParquet(parquet, big, SCALE);
      time(`duckdb, Parquet ×${SCALE}`, c.id, () => elig(['screen', c.id, big, '--date', c.date, '--out', join(dir, 'sql-big.parquet'), '--engine', 'duckdb']), () => mb(big), N * SCALE);
      rmSync(big, { force: true });
      rmSync(join(dir, 'sql-big.parquet'), { force: true });
    }
    await timeAsync('duckdb, JSONL (read_json, then the query)', c.id, () => duckdbFromJsonl(c.id, c.date, jsonl));
    if (pg) {
      // Flat tables for PostgreSQL, written by DuckDB from the Parquet views, loaded with \copy.
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      for (const s of duckdbViews(parquet)) await conn.run(s);
      await conn.run(`COPY (SELECT * EXCLUDE (household_row) FROM households) TO '${join(dir, 'h.csv')}' (FORMAT csv, HEADER)`);
      await conn.run(`COPY (SELECT * EXCLUDE (household_row) FROM members) TO '${join(dir, 'm.csv')}' (FORMAT csv, HEADER)`);
      conn.closeSync();
      const psql = (sql: string) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'elig', '-d', 'postgres', '-c', sql], { maxBuffer: 1 << 26 });
      psql('DROP TABLE IF EXISTS households; DROP TABLE IF EXISTS members; DROP TABLE IF EXISTS programs');
      for (const s of createTables()) psql(s);
      psql(`\\copy households FROM '${join(dir, 'h.csv')}' CSV HEADER`);
      psql(`\\copy members FROM '${join(dir, 'm.csv')}' CSV HEADER`);
      psql('CREATE INDEX ON members (household_id); ANALYZE households; ANALYZE members');
      const { query, prelude } = rulesetSql(registry.get(c.id)!, c.date, 'postgres');
      psql(prelude.join(';\n'));
      time('postgres (tables loaded)', c.id, () => psql(`SELECT count(*), count(*) FILTER (WHERE eligible) FROM (${query!.sql}) q`));
    }
    if (ch) {
      for (const shard of ch.httpPorts.keys()) for (const s of createClickHouseTables(CLUSTER)) await ch.exec(s, shard);
      for await (const batch of batches(jsonl, 5000)) for (const s of insertClickHouseRows(batch as never, 5000)) await ch.exec(s);
      const { query } = rulesetSql(registry.get(c.id)!, c.date, 'clickhouse');
      await timeAsync('clickhouse, 2 shards (rows loaded), summary query', c.id, async () => { await ch.query(query!.summary); });
    }
  }
} finally {
  await pg?.stop();
  await ch?.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (args.includes('--json')) console.log(JSON.stringify(rows));
else {
  console.log(`${N.toLocaleString('en')} households per case; × is the ratio of households per second to the JS path from JSONL (target ≥ ${TARGET}× for DuckDB from Parquet); CPU and peak memory are the CLI child's`);
  console.log('| case | path | households | seconds | households/s | × js (JSONL) | CPU-s | peak RSS | |\n|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const js = rows.find((x) => x.case === r.case && x.impl === 'js, JSONL');
    const speedup = js ? r.households_per_sec / js.households_per_sec : 0;
    const ratio = js && r.impl !== 'js, JSONL' && !r.impl.startsWith('import') ? `${speedup.toFixed(1)}×` : '';
    const verdict = r.impl.startsWith('duckdb, Parquet') && js ? (speedup >= TARGET ? ' (target met)' : ` (below the ${TARGET}× target)`) : '';
    const scaleVerdict = r.impl.startsWith('duckdb, Parquet ×') && r.households >= 10_000_000
      ? (r.seconds <= SCALE_TARGET_SECONDS * r.households / 10_000_000 ? `; within ${SCALE_TARGET_SECONDS} s per 10M` : `; over ${SCALE_TARGET_SECONDS} s per 10M`) : '';
    const cpu = r.cpu_seconds === undefined ? '' : String(r.cpu_seconds);
    const rss = r.peak_rss_mb === undefined ? '' : `${r.peak_rss_mb} MB`;
    console.log(`| ${r.case} | ${r.impl} | ${r.households.toLocaleString('en')} | ${r.seconds} | ${r.households_per_sec.toLocaleString('en')} | ${ratio}${verdict}${scaleVerdict} | ${cpu} | ${rss} | ${r.note} |`);
  }
}
