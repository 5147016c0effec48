// The SQL backend: a loaded ruleset and a date → the query for one dialect, or diagnostics.
import { lower } from '../ir/lower';
import { resolveForDate } from '../ir/resolve';
import type { LoadedRuleset, RulesetResolver } from '../types';
import { parseIsoDate } from '../values';
import { type Dialect, type DialectName } from './dialect';
import { DIALECTS } from './dialects';
import { generateSql, type ProgramQuery, type SqlDiagnostic, type SqlQuery } from './generate';

export { type Dialect, type DialectName } from './dialect';
export { DIALECTS } from './dialects';
export type { SqlDiagnostic, SqlQuery } from './generate';
export { duckdbListsView, duckdbViews, type ParquetLayout, householdListTable, householdTable, memberTable, programTable, PROGRAMS_RECORDED } from './layout';

/** `rowKeys`: join on the integer `household_row` of the Parquet views (duckdbViews) instead of the id.
 *  `resolve` finds the other programs `eligible(…)` reads (their queries become joins); `stack` is the
 *  chain of programs being generated, for cycles. */
export function rulesetSql(ruleset: LoadedRuleset, date: string, dialect: DialectName | Dialect, options: { resolve?: RulesetResolver; stack?: string[]; rowKeys?: boolean } = {}): { query?: SqlQuery; prelude: string[]; diagnostics: SqlDiagnostic[] } {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  const d = typeof dialect === 'string' ? DIALECTS[dialect] : dialect;
  const stack = options.stack ?? [ruleset.id];
  const program: ProgramQuery = (id, version) => {
    if (stack.includes(id)) return { error: `${id} depends on itself` };
    const key = version ? `${id}@${version}` : id;
    const other = options.resolve?.(key);
    if (!other) return { error: `${key} is not available to the SQL backend` };
    if (version && other.version !== version) return { error: `${id} is not at version ${version}` };
    const out = rulesetSql(other, date, d, { resolve: options.resolve, stack: [...stack, id], rowKeys: options.rowKeys });
    if (!out.query) return { error: `${id} cannot be translated: ${out.diagnostics.map((x) => x.message).join('; ')}` };
    return { sql: out.query.sql };
  };
  const { query, diagnostics } = generateSql(resolveForDate(lower(ruleset.checked), day), d, program, { rowKeys: options.rowKeys });
  return { query, prelude: d.prelude, diagnostics };
}
