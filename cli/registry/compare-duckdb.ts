// `elig compare --engine duckdb`: the population report of engine/analysis/population.ts — each
// ruleset's counts and exact cost, the baseline's criterion funnel, who gains and who loses under the
// reform — computed by the SQL backend on the embedded DuckDB over the Parquet file of `elig import`, without a
// decision passing through JavaScript. It gives what the streaming fold gives (test/cli/compare-duckdb),
// including that fold's reading of a subject the baseline did not decide (before: not eligible, 0).
import { formatDiagnostic } from '../../dsl';
import type { PopulationReport, PopulationSummary, ComparisonChange } from '../../engine/analysis/population';
import type { LoadedRuleset, RulesetResolver } from '../../engine';
import { programInForce } from '../../engine/semantics';
import { duckdbListsView, duckdbViews, rulesetSql, type SqlQuery } from '../../engine/sql';
import { parseIsoDate } from '../../engine/values';
import { sqlString } from './columns';
import { openDuckDB, parquetLayout, type Embedded } from './duckdb';

const PER_YEAR = { month: 12, bimonth: 6, year: 1, once: null } as const;
const SAMPLES = 5;

/** The query of a ruleset on DuckDB, or an error naming what the SQL backend cannot translate: the lists
 *  form (engine/sql/duckdb-lists.ts: one row per household as the Parquet file holds it, no join, no
 *  GROUP BY) when it expresses the ruleset, else the row form over the views with integer row keys.
 *  Both read the views of `duckdbSetup`. */
export function duckdbQuery(ruleset: LoadedRuleset, date: string, resolve: RulesetResolver | undefined): { query?: SqlQuery; prelude: string[]; form?: 'lists' | 'rows'; error?: string } {
  const lists = rulesetSql(ruleset, date, 'duckdb-lists', { resolve });
  if (lists.query) return { query: lists.query, prelude: lists.prelude, form: 'lists' };
  const { query, prelude, diagnostics } = rulesetSql(ruleset, date, 'duckdb', { resolve, rowKeys: true });
  if (query) return { query, prelude, form: 'rows' };
  const lines = diagnostics.map((d) => formatDiagnostic(`rulesets/${d.rulesetId}.elig`, { range: { start: { line: d.line, column: d.column }, end: { line: d.line, column: d.column } }, severity: 'error', code: d.code, message: d.message } as never));
  return { prelude, error: `${ruleset.id} cannot run on DuckDB:\n${lines.join('\n')}\nuse --engine js` };
}

/** The statements before either form's query over a Parquet file: the helpers, the row views and the
 *  lists view (views only: nothing is read until a query runs). */
export async function duckdbSetup(db: Embedded, prelude: string[], parquet: string): Promise<void> {
  const layout = await parquetLayout(db.connection, parquet);
  for (const s of [...prelude, ...duckdbViews(parquet, layout), ...duckdbListsView(parquet, layout)]) await db.connection.run(s);
}

async function rowsOf(db: Embedded, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.connection.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${sql}) q`)).getRows().map(([j]) => JSON.parse(j as string) as Record<string, unknown>);
}

async function summary(db: Embedded, table: string, ruleset: LoadedRuleset): Promise<PopulationSummary> {
  const [r] = await rowsOf(db, `SELECT count(*) AS subjects, count(*) FILTER (WHERE eligible) AS eligible, count(*) FILTER (WHERE NOT eligible) AS ineligible,
    count(*) FILTER (WHERE eligible IS NULL) AS undetermined, count(*) FILTER (WHERE eligible AND benefit IS NULL) AS unknown_cost,
    CAST(coalesce(sum(benefit) FILTER (WHERE eligible), 0) AS VARCHAR) AS cost FROM ${table}`);
  const period = ruleset.checked.benefit?.period ?? 'once';
  const perYear = PER_YEAR[period];
  // The exact sum as decimal text, read once into a double as the fold reads its micro-unit sum.
  const amount = Number(r!.cost);
  return {
    ruleset: { id: ruleset.id, version: ruleset.version },
    subjects: Number(r!.subjects), eligible: Number(r!.eligible), ineligible: Number(r!.ineligible), undetermined: Number(r!.undetermined),
    cost: { amount, currency: ruleset.checked.currency, period, per_year: perYear === null ? null : amount * perYear },
    cost_unknown_subjects: Number(r!.unknown_cost),
  };
}

export interface DuckDBCompareOptions {
  baseline: LoadedRuleset;
  reform?: LoadedRuleset;
  /** A Parquet file in the layout of `elig import`. */
  parquet: string;
  date: string;
  resolve?: RulesetResolver;
}

export async function compareWithDuckDB(o: DuckDBCompareOptions): Promise<PopulationReport> {
  const base = duckdbQuery(o.baseline, o.date, o.resolve);
  if (base.error) throw new Error(base.error);
  const reform = o.reform ? duckdbQuery(o.reform, o.date, o.resolve) : undefined;
  if (reform?.error) throw new Error(reform.error);
  const db = await openDuckDB();
  try {
    const c = db.connection;
    await duckdbSetup(db, base.prelude, o.parquet);
    await c.run(`CREATE TEMP TABLE b AS ${base.query!.sql}`);
    if (reform) await c.run(`CREATE TEMP TABLE r AS ${reform.query!.sql}`);
    const [{ n }] = (await rowsOf(db, 'SELECT count(*) AS n FROM households')) as [{ n: number }];
    const report: PopulationReport = { date: o.date, households: Number(n), baseline: await summary(db, 'b', o.baseline), funnel: [] };
    // The funnel: subjects meeting each criterion and every one above it (FunnelFold); none out of force.
    const criteria = base.query!.columns.filter((col) => col.name.startsWith('criterion_'));
    if (criteria.length && programInForce(o.baseline.checked, parseIsoDate(o.date)!)) {
      const held = criteria.map((col, i) => `count(*) FILTER (WHERE ${criteria.slice(0, i + 1).map((x) => `coalesce(${x.name}, FALSE)`).join(' AND ')}) AS step${i}`);
      const [row] = await rowsOf(db, `SELECT ${held.join(', ')} FROM b`);
      report.funnel = criteria.map((col, i) => ({ label: col.label, passing: Number(row![`step${i}`]) }));
    }
    if (!reform || !o.reform) return report;
    report.reform = await summary(db, 'r', o.reform);
    // Each reform subject against the baseline's (a subject the baseline did not decide, or left
    // undetermined, reads as not eligible with 0, as ChangesFold reads it).
    const before = 'coalesce(b.eligible, FALSE)';
    const joined = 'FROM r LEFT JOIN b ON b.household_id = r.household_id AND b.subject = r.subject';
    const [ch] = await rowsOf(db, `SELECT
      count(*) FILTER (WHERE NOT ${before} AND r.eligible) AS gainers,
      count(*) FILTER (WHERE ${before} AND NOT r.eligible) AS losers,
      count(*) FILTER (WHERE ${before} AND r.eligible AND r.benefit > coalesce(b.benefit, 0)) AS up,
      count(*) FILTER (WHERE ${before} AND r.eligible AND r.benefit < coalesce(b.benefit, 0)) AS down,
      count(*) FILTER (WHERE r.eligible IS NULL) AS undetermined ${joined}`);
    // Baseline subjects the reform no longer decides for lose if they were eligible.
    const [gone] = await rowsOf(db, 'SELECT count(*) AS n FROM b WHERE b.eligible AND NOT EXISTS (SELECT 1 FROM r WHERE r.household_id = b.household_id AND r.subject = b.subject)');
    // A few of each, in the file's order (the households' row numbers in the Parquet file).
    const sample = async (where: string): Promise<ComparisonChange[]> => (await rowsOf(db, `SELECT r.household_id, r.subject, ${before} AS be, coalesce(b.benefit, 0) AS bb, r.eligible AS ae, r.benefit AS ab
      ${joined} JOIN (SELECT "id", file_row_number FROM read_parquet(${sqlString(o.parquet)}, file_row_number = true)) o ON o."id" = r.household_id
      WHERE ${where} ORDER BY o.file_row_number, r.member_index NULLS FIRST LIMIT ${SAMPLES}`)).map((x) => ({
      household: String(x.household_id), subject: String(x.subject),
      before: { eligible: x.be as boolean, benefit: Number(x.bb) },
      after: { eligible: x.ae as boolean | null, benefit: x.ab === null ? null : Number(x.ab) },
    }));
    const a = report.baseline.cost.per_year, b = report.reform.cost.per_year;
    report.changes = {
      gainers: Number(ch!.gainers), losers: Number(ch!.losers) + Number(gone!.n), benefit_up: Number(ch!.up), benefit_down: Number(ch!.down),
      became_undetermined: Number(ch!.undetermined),
      cost_per_year_change: a === null || b === null ? null : Math.round((b - a) * 1e6) / 1e6,
      samples: { gainers: await sample(`NOT ${before} AND r.eligible`), losers: await sample(`${before} AND NOT r.eligible`) },
    };
    return report;
  } finally {
    db.close();
  }
}
