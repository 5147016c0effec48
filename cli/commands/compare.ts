// `elig compare <baseline> [reform] <households.json|.jsonl|.csv|.parquet|-> [--date D] [--within N|N%]
// [--engine duckdb|js] [--json]`: what a rule change does to a population; --within counts the baseline's
// subjects near each threshold. A ruleset is an id (`br/bolsa-escola-df`) or a draft file (`draft.elig`).
// For a file the report is computed by the SQL backend on the embedded DuckDB (cli/registry/
// compare-duckdb.ts; JSON and CSV are checked and staged as Parquet first) unless `--engine js`, --within,
// standard input or a ruleset the SQL backend does not translate asks for the compiled evaluator.
// With the js engine the households stream through the population fold: constant memory at any size. Rows that are not
// valid households are reported on stderr with their row number and pointers, counted in the report, and
// make the exit status 1 — after the whole file has been read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PopulationFold, type PopulationReport, type PopulationSummary } from '../../engine/analysis/population';
import { parseWithin } from '../../engine/analysis/margins';
import { householdRows, rowErrorLines } from '../households';
import { folderRegistry, load } from '../load';
import { complain, say } from '../terminal';
import { compareWithDuckDB, duckdbQuery, type DuckDBCompareOptions } from '../registry/compare-duckdb';
import { formatOf } from '../registry/input';
import { importHouseholds } from './import';

/** At most this many bad rows are listed on stderr; the rest are counted. */
const LISTED_BAD_ROWS = 20;

export async function runCompare(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { date: { type: 'string' }, json: { type: 'boolean' }, within: { type: 'string' }, engine: { type: 'string' } },
  });
  if (positionals.length < 2 || positionals.length > 3) {
    throw new Error('usage: elig compare <baseline> [reform] <households.json|.jsonl|.csv|.parquet> [--date YYYY-MM-DD] [--within N | N%] [--engine duckdb|js] [--json]');
  }
  const registry = folderRegistry();
  const baseline = load(positionals[0]!, registry);
  const reform = positionals.length === 3 ? load(positionals[1]!, registry) : undefined;
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  const within = values.within === undefined ? undefined : parseWithin(values.within);
  if (values.within !== undefined && !within) throw new Error(`--within takes a distance in each threshold's own unit (\`10\`) or a percentage of it (\`5%\`), not \`${values.within}\``);
  const input = positionals.at(-1)!;
  if (values.engine !== undefined && values.engine !== 'js' && values.engine !== 'duckdb') throw new Error(`--engine ${values.engine}: the engines are duckdb and js`);
  if (values.engine === 'duckdb' && (within || input === '-')) throw new Error('--engine duckdb reads a file and has no --within; use --engine js');
  const translated = [baseline, ...(reform ? [reform] : [])].every((r) => duckdbQuery(r, date, registry.resolve).query);
  if (values.engine === 'duckdb' && !translated) throw new Error(duckdbQuery([baseline, reform!].find((r) => !duckdbQuery(r, date, registry.resolve).query)!, date, registry.resolve).error);
  if ((values.engine ?? 'duckdb') === 'duckdb' && !within && input !== '-' && translated) {
    const { report, rejected } = await compareOnDuckDB(input, { baseline, reform, date, resolve: registry.resolve });
    say(values.json ? JSON.stringify({ ...report, rejected_rows: rejected }, null, 2) : render(report, rejected));
    return rejected > 0 ? 1 : 0;
  }
  const fold = new PopulationFold({ date, baseline, reform, resolve: registry.resolve, within });
  let rejected = 0;
  for await (const row of householdRows(input)) {
    if (row.household) {
      fold.add(row.household);
      continue;
    }
    if (++rejected <= LISTED_BAD_ROWS) rowErrorLines(row).forEach((line) => complain(line));
  }
  if (rejected > LISTED_BAD_ROWS) complain(`… and ${rejected - LISTED_BAD_ROWS} more rows that are not valid households`);
  const report = fold.report();
  say(values.json ? JSON.stringify({ ...report, rejected_rows: rejected }, null, 2) : render(report, rejected));
  return rejected > 0 ? 1 : 0;
}

/** The report on DuckDB: a Parquet file as it is; JSON, JSON Lines and CSV checked row by row (bad rows
 *  listed as the js engine lists them) and staged as Parquet in a temp dir. */
async function compareOnDuckDB(input: string, o: Omit<DuckDBCompareOptions, 'parquet'>): Promise<{ report: PopulationReport; rejected: number }> {
  if (formatOf(input) === 'parquet') return { report: await compareWithDuckDB({ ...o, parquet: input }), rejected: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'elig-compare-'));
  try {
    const parquet = join(dir, 'households.parquet');
    const { bad } = await importHouseholds(input, parquet, (row, n) => {
      if (n <= LISTED_BAD_ROWS) rowErrorLines(row).forEach((line) => complain(line));
    });
    if (bad > LISTED_BAD_ROWS) complain(`… and ${bad - LISTED_BAD_ROWS} more rows that are not valid households`);
    return { report: await compareWithDuckDB({ ...o, parquet }), rejected: bad };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


function money(s: PopulationSummary): string {
  const perYear = s.cost.per_year === null ? '' : ` (${s.cost.per_year} ${s.cost.currency} a year)`;
  const period = s.cost.period === 'once' ? 'once' : `per ${s.cost.period}`;
  return `${s.cost.amount} ${s.cost.currency} ${period}${perYear}${s.cost_unknown_subjects ? `, plus ${s.cost_unknown_subjects} eligible with unknown amounts` : ''}`;
}

function summaryLines(title: string, s: PopulationSummary): string[] {
  return [
    `${title}: ${s.ruleset.id} (${s.ruleset.version.slice(0, 19)}…)`,
    `  eligible ${s.eligible}, not eligible ${s.ineligible}, undetermined ${s.undetermined} of ${s.subjects} subjects`,
    `  cost ${money(s)}`,
  ];
}

function render(r: PopulationReport, rejected: number): string {
  const skipped = rejected ? ` (${rejected} rows rejected: not valid households, listed on stderr)` : '';
  const lines = [`${r.households} households on ${r.date}${skipped}`, ...summaryLines('baseline', r.baseline)];
  if (r.funnel.length > 0) {
    lines.push('  criterion by criterion:');
    for (const step of r.funnel) lines.push(`    ${String(step.passing).padStart(8)}  ${step.label}`);
  }
  if (r.margins) {
    lines.push('  near each threshold:');
    for (const m of r.margins) lines.push(`    ${m.message.text}`);
  }
  if (r.reform && r.changes) {
    const c = r.changes;
    lines.push(...summaryLines('reform', r.reform));
    lines.push(`changes: ${c.gainers} gain eligibility, ${c.losers} lose it, ${c.benefit_up} get more, ${c.benefit_down} get less, ${c.became_undetermined} become undetermined`);
    if (c.cost_per_year_change !== null) lines.push(`cost change per year: ${c.cost_per_year_change > 0 ? '+' : ''}${c.cost_per_year_change} ${r.reform.cost.currency}`);
    for (const g of c.samples.gainers) lines.push(`  gains: household ${g.household}, ${g.subject}`);
    for (const l of c.samples.losers) lines.push(`  loses: household ${l.household}, ${l.subject}`);
  }
  return lines.join('\n');
}
