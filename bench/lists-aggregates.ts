// Where the lists form's time over members goes (issue #16; README, Scale): four counts over members'
// ages on a Parquet file of `elig import` (Bolsa Escola's shape: `members.birth_date` as a list), written
// five ways, each run twice, wall time. Not a test.
//   node --import tsx bench/lists-aggregates.ts <file.parquet> [yyyy-mm-dd]
// e.g. on `npx tsx bench/make-population.ts bolsa 1000000 > b.jsonl && npx elig import b.jsonl --out b.parquet`.
import { DuckDBInstance } from '@duckdb/node-api';
import { DIALECTS } from '../engine/sql';

const [file, date = '1998-11-30'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node --import tsx bench/lists-aggregates.ts <file.parquet> [yyyy-mm-dd]\n');
  process.exit(2);
}
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
// Whole years as the generated SQL computes them (elig_years). Stop 25's README figures used a macro of
// its own for dates not before the birth, which times the same as stop 26's elig_years (0.80 s against
// 0.75–0.78 as generated).
for (const statement of DIALECTS.duckdb.prelude) await c.run(statement);
const D = `DATE '${date}'`;
const src = `read_parquet('${file.replaceAll("'", "''")}', file_row_number = true)`;
const TESTS = ['BETWEEN 7 AND 14', '<= 6', '>= 60', '<= 14'];
const counts = (each: (test: string, i: number) => string) => TESTS.map((t, i) => `${each(t, i)} AS a${i}`).join(', ');
const total = `SELECT ${TESTS.map((_, i) => `sum(a${i})`).join(', ')}`;
const queries: Record<string, string> = {
  'ages inside each count': `${total} FROM (SELECT ${counts((t) => `list_sum(list_transform("members.birth_date", b -> CASE WHEN elig_years(b, ${D}) ${t} THEN 1 ELSE 0 END))`)} FROM ${src})`,
  'ages once, counts over positions (as generated)': `${total} FROM (SELECT ${counts((t) => `list_sum(list_transform(range(1, len(ages) + 1), k -> CASE WHEN ages[k] ${t} THEN 1 ELSE 0 END))`)} FROM (SELECT list_transform(range(1, len("members.birth_date") + 1), k -> elig_years("members.birth_date"[k], ${D})) AS ages FROM ${src}))`,
  'ages once, counts over the list': `${total} FROM (SELECT ${counts((t) => `list_sum(list_transform(ages, y -> CASE WHEN y ${t} THEN 1 ELSE 0 END))`)} FROM (SELECT list_transform("members.birth_date", b -> elig_years(b, ${D})) AS ages FROM ${src}))`,
  'ages once, counts over a list_zip': `${total} FROM (SELECT ${counts((t) => `list_sum(list_transform(list_zip(ages, "members.disabled"), p -> CASE WHEN p[1] ${t} THEN 1 ELSE 0 END))`)} FROM (SELECT *, list_transform("members.birth_date", b -> elig_years(b, ${D})) AS ages FROM ${src}))`,
  'unnest, GROUP BY row': `${total} FROM (SELECT file_row_number, ${counts((t) => `sum(CASE WHEN elig_years(b, ${D}) ${t} THEN 1 ELSE 0 END)`)} FROM (SELECT file_row_number, unnest("members.birth_date") AS b FROM ${src}) GROUP BY file_row_number)`,
  'unnest, no grouping (a floor)': `SELECT ${TESTS.map((t) => `sum(CASE WHEN elig_years(b, ${D}) ${t} THEN 1 ELSE 0 END)`).join(', ')} FROM (SELECT unnest("members.birth_date") AS b FROM ${src})`,
};
let answer: string | undefined;
for (let round = 0; round < 2; round++) {
  for (const [name, q] of Object.entries(queries)) {
    const t = performance.now();
    const rows = await c.runAndReadAll(q);
    const seconds = (performance.now() - t) / 1000;
    const got = JSON.stringify(rows.getRows()[0], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    // Every form must count the same members: a faster wrong query measures nothing.
    if ((answer ??= got) !== got) throw new Error(`${name} counted ${got}, not ${answer}`);
    if (round === 1) console.log(`${name.padEnd(48)} ${seconds.toFixed(2).padStart(6)} s`);
  }
}
console.log(`counts (7–14, ≤ 6, ≥ 60, ≤ 14): ${answer}`);
