// How fast can `elig screen --engine duckdb` be at all on this machine (issue #16; README, Scale)? The
// floor: a COPY that reads every column the ruleset's query reads, unnests the members, and writes about
// as many rows of the same columns as the screening writes — deciding nothing. Beside it, the shipped
// query's COPY to the same format. Both from the same Parquet file of `elig import`, three interleaved
// runs each, wall and CPU seconds of this process. Not a test.
//   node --import tsx bench/registry-floor.ts <ruleset-id> <file.parquet> <yyyy-mm-dd>
// e.g. on `npx tsx bench/make-population.ts mped 1000000 > m.jsonl && npx elig import m.jsonl --out m.parquet`.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleset } from '../engine';
import { duckdbQuery, duckdbSetup } from '../cli/registry/compare-duckdb';
import { openDuckDB } from '../cli/registry/duckdb';
import { quoteIdent } from '../cli/registry/columns';

const [id, file, date] = process.argv.slice(2);
if (!id || !file || !date) {
  process.stderr.write('usage: node --import tsx bench/registry-floor.ts <ruleset-id> <file.parquet> <yyyy-mm-dd>\n');
  process.exit(2);
}
const { ruleset } = loadRuleset(id, readFileSync(new URL(`../rulesets/${id}.elig`, import.meta.url), 'utf8'));
const { query, prelude, form } = duckdbQuery(ruleset!, date, undefined);
if (!query || form !== 'lists') throw new Error(`${id}: the floor is for the lists form`);
const db = await openDuckDB();
const c = db.connection;
await c.run('SET preserve_insertion_order = true');
await duckdbSetup(db, prelude, file);
const columns = (await c.runAndReadAll('DESCRIBE household_lists')).getRows().map((r) => String(r[0]));
// The columns the query reads: every stored column it names.
const read = columns.filter((n) => query.sql.includes(quoteIdent(n)));
const members = read.filter((n) => n.startsWith('members.'));
const households = read.filter((n) => !n.startsWith('members.') && n !== 'id');
const written = query.columns.map((col) => col.name).filter((n) => n !== 'household_id' && n !== 'subject' && n !== 'member_index');
const extra = written.filter((n) => n.startsWith('score_') || n.startsWith('criterion_'));
// One boolean that depends on every column read, so that none is pruned; written in each output column.
const touch = [...members.map((n) => `(${quoteIdent(n)}[s_i] IS NULL)`), ...households.map((n) => `(${quoteIdent(n)} IS NULL)`)].join(' OR ') || 'false';
const subjects = Number((await c.runAndReadAll(`SELECT count(*) FROM (${query.sql}) q`)).getRows()[0]![0]);
const membersCount = Number((await c.runAndReadAll(`SELECT sum(len("members.id")) FROM household_lists`)).getRows()[0]![0]);
// A row per household for a household program; else every k-th member, so that the floor writes about
// as many rows as the screening.
const perMember = ruleset!.checked.subject.kind === 'MemberSubject';
const keep = perMember ? `s_i % ${Math.max(1, Math.round(membersCount / Math.max(1, subjects)))} = 0` : 's_i = 1';
const out = join(tmpdir(), `elig-floor-${process.pid}.parquet`);
const copies: Record<string, string> = {
  'floor: read, unnest, write': `COPY (SELECT id AS household_id, "members.id"[s_i] AS subject, t AS eligible, CAST(0 AS DECIMAL(18, 6)) AS benefit, CAST(NULL AS VARCHAR) AS outcome${extra.map((n) => `, t AS ${quoteIdent(n)}`).join('')} FROM (SELECT id, "members.id", s_i, ${touch} AS t FROM (SELECT *, unnest(range(1, len("members.id") + 1)) AS s_i FROM household_lists)) WHERE ${keep}) TO '${out}' (FORMAT parquet)`,
  'the shipped query': `COPY (SELECT household_id, subject, eligible, benefit, outcome${extra.map((n) => `, ${quoteIdent(n)}`).join('')} FROM (${query.sql}) decided) TO '${out}' (FORMAT parquet)`,
};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const best = new Map<string, { wall: number; cpu: number; rows: number }>();
for (let round = 0; round < 3; round++) {
  for (const [name, sql] of Object.entries(copies)) {
    const w = performance.now(), t = cpu();
    await c.run(sql);
    const r = { wall: (performance.now() - w) / 1000, cpu: cpu() - t, rows: Number((await c.runAndReadAll(`SELECT count(*) FROM '${out}'`)).getRows()[0]![0]) };
    const b = best.get(name);
    if (!b || r.wall < b.wall) best.set(name, r);
  }
}
rmSync(out, { force: true });
db.close();
console.log(`${id} on ${file}: columns read ${read.length} (${members.length} member lists), ${subjects.toLocaleString('en')} subjects of ${membersCount.toLocaleString('en')} members; best of 3, wall and CPU seconds`);
for (const [name, b] of best) console.log(`  ${name.padEnd(28)} ${b.wall.toFixed(2)} s  ${b.cpu.toFixed(2)} CPU-s  ${b.rows.toLocaleString('en')} rows`);
