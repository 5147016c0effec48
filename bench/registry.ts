// `npm run bench:registry` (not a test): screening a whole registry, side by side, for bo/mped and
// br/bolsa-escola-df on generated households (bench/households.ts):
//   js, JSONL        elig screen --engine js from JSON Lines (streamed, validated row by row)
//   import           elig import: JSONL → Parquet (the JSON cost, paid once)
//   js, Parquet      elig screen --engine js from Parquet
//   duckdb, Parquet  elig screen --engine duckdb: the SQL backend on the embedded DuckDB
//   postgres         the same SQL on a throwaway PostgreSQL 15 cluster (test/harness), tables loaded
//                    with COPY before the clock starts; the query's result is counted, not sent back
// Each is one end-to-end run (a child process for the CLI rows, so start-up is included).
// Options: --n <households, default 1000000>  --case <id>  --skip-postgres
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbViews, rulesetSql } from '../engine/sql';
import { folderRegistry } from '../cli/load';
import { startPostgres, postgresUnavailable } from '../test/harness/postgres';
import { createTables } from '../test/sql/registry-tables';
import { BOLSA_DATE, MPED_DATE, bolsaHousehold, mpedHousehold, prng } from './households';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const N = Number(option('--n', '1000000'));
const ONLY = option('--case', '');
const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'elig-bench-registry-'));
const cases = [
  { id: 'bo/mped', date: MPED_DATE, make: mpedHousehold },
  { id: 'br/bolsa-escola-df', date: BOLSA_DATE, make: bolsaHousehold },
].filter((c) => !ONLY || c.id === ONLY);

const rows: { case: string; impl: string; seconds: number; households_per_sec: number; note: string }[] = [];
const mb = (file: string) => `${(statSync(file).size / 1e6).toFixed(0)} MB`;

function time(label: string, id: string, run: () => void, noteAfter: () => string = () => ''): void {
  const t = performance.now();
  run();
  const seconds = (performance.now() - t) / 1000;
  const note = noteAfter();
  rows.push({ case: id, impl: label, seconds: Math.round(seconds * 10) / 10, households_per_sec: Math.round(N / seconds), note });
  console.error(`${id} ${label}: ${seconds.toFixed(1)} s ${note}`);
}

function elig(cmd: string[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/elig.js'), ...cmd], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`elig ${cmd.join(' ')} failed:\n${r.stderr}`);
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
try {
  for (const c of cases) {
    const jsonl = join(dir, 'households.jsonl'), parquet = join(dir, 'households.parquet');
    await writeJsonl(jsonl, c.make);
    time('js, JSONL', c.id, () => elig(['screen', c.id, jsonl, '--date', c.date, '--out', join(dir, 'js.parquet'), '--engine', 'js']), () => mb(jsonl));
    time('import JSONL → Parquet', c.id, () => elig(['import', jsonl, '--out', parquet]), () => mb(parquet));
    time('js, Parquet', c.id, () => elig(['screen', c.id, parquet, '--date', c.date, '--out', join(dir, 'js2.parquet'), '--engine', 'js']));
    time('duckdb, Parquet', c.id, () => elig(['screen', c.id, parquet, '--date', c.date, '--out', join(dir, 'sql.parquet'), '--engine', 'duckdb']));
    if (pg) {
      // Flat tables for PostgreSQL, written by DuckDB from the Parquet views, loaded with \copy.
      const db = await DuckDBInstance.create(':memory:');
      const conn = await db.connect();
      for (const s of duckdbViews(parquet)) await conn.run(s);
      await conn.run(`COPY households TO '${join(dir, 'h.csv')}' (FORMAT csv, HEADER)`);
      await conn.run(`COPY members TO '${join(dir, 'm.csv')}' (FORMAT csv, HEADER)`);
      conn.closeSync();
      const psql = (sql: string) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'elig', '-d', 'postgres', '-c', sql], { maxBuffer: 1 << 26 });
      psql('DROP TABLE IF EXISTS households; DROP TABLE IF EXISTS members');
      for (const s of createTables()) psql(s);
      psql(`\\copy households FROM '${join(dir, 'h.csv')}' CSV HEADER`);
      psql(`\\copy members FROM '${join(dir, 'm.csv')}' CSV HEADER`);
      psql('CREATE INDEX ON members (household_id); ANALYZE households; ANALYZE members');
      const { query, prelude } = rulesetSql(registry.get(c.id)!, c.date, 'postgres');
      psql(prelude.join(';\n'));
      time('postgres (tables loaded)', c.id, () => psql(`SELECT count(*), count(*) FILTER (WHERE eligible) FROM (${query!.sql}) q`));
    }
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
if (args.includes('--json')) console.log(JSON.stringify(rows));
else {
  console.log(`${N.toLocaleString('en')} households per case`);
  console.log('| case | path | seconds | households/s | |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.case} | ${r.impl} | ${r.seconds} | ${r.households_per_sec.toLocaleString('en')} | ${r.note} |`);
}
