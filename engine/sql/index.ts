// The SQL backend: a loaded ruleset and a date → the query for one dialect, or diagnostics.
import { lower } from '../ir/lower';
import { resolveForDate } from '../ir/resolve';
import type { LoadedRuleset } from '../types';
import { parseIsoDate } from '../values';
import { type Dialect, type DialectName } from './dialect';
import { DIALECTS } from './dialects';
import { generateSql, type SqlDiagnostic, type SqlQuery } from './generate';

export { type Dialect, type DialectName } from './dialect';
export { DIALECTS } from './dialects';
export type { SqlDiagnostic, SqlQuery } from './generate';
export { duckdbViews, householdTable, memberTable } from './layout';

export function rulesetSql(ruleset: LoadedRuleset, date: string, dialect: DialectName | Dialect): { query?: SqlQuery; prelude: string[]; diagnostics: SqlDiagnostic[] } {
  const day = parseIsoDate(date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  const d = typeof dialect === 'string' ? DIALECTS[dialect] : dialect;
  const { query, diagnostics } = generateSql(resolveForDate(lower(ruleset.checked), day), d);
  return { query, prelude: d.prelude, diagnostics };
}
