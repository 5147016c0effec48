import { folderRegistry } from './cli/load';
import { rulesetSql, duckdbViews } from './engine/sql';
import { DuckDBInstance } from '@duckdb/node-api';
import { decide } from './engine';
import { readFileSync } from 'node:fs';
const reg = folderRegistry('rulesets');
const [id, date, file] = process.argv.slice(2);
const r = reg.get(id)!;
const out = rulesetSql(r, date, 'duckdb');
if (!out.query) { console.log(out.diagnostics); process.exit(0); }
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
for (const s of out.prelude) await c.run(s);
for (const s of duckdbViews(file)) await c.run(s);
if (process.env.MAT) { await c.run("CREATE TABLE hh AS SELECT * FROM households; CREATE TABLE mm AS SELECT * FROM members; DROP VIEW households; DROP VIEW members; ALTER TABLE hh RENAME TO households; ALTER TABLE mm RENAME TO members;"); }
const t = Date.now();
const rows = (await c.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${out.query.sql}) q ORDER BY household_id, member_index`)).getRows().map(([j]) => JSON.parse(j as string));
console.log('sql ms', Date.now() - t, rows.length, rows[0]);
const hs = readFileSync(file.replace('.parquet', '.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const want = hs.flatMap((h) => decide(r, h, { date, resolve: reg.resolve }).map((d) => ({ household_id: h.id, ...d })));
want.sort((a, b) => (a.household_id < b.household_id ? -1 : a.household_id > b.household_id ? 1 : 0));
let bad = 0;
const key = (x: any) => x.household_id + '/' + x.subject;
const got = new Map(rows.map((x) => [key(x), x]));
for (const w of want) { const g = got.get(key(w)); if (!g || g.eligible !== w.eligible || (g.benefit === null ? null : Number(g.benefit)) !== w.benefit || g.outcome !== w.outcome) { if (bad++ < 3) console.log('diff', w, g); } }
console.log('want', want.length, 'got', rows.length, 'bad', bad);
