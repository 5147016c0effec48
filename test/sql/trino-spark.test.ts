// Trino and Spark SQL cannot be installed here, so their queries are checked offline with dt-sql-parser's
// Trino and Spark grammars (ANTLR, maintained by DTStack): every inlined helper form parses, and no
// query calls an elig_* helper (neither engine can define one in a session). The grammar takes about a
// minute per whole ruleset query, so the whole queries are parsed by test/sql/check-dialects.ts, run by
// hand. What none of this shows is that the engines compute the same answers: see README, Scale.
import { SparkSQL, TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { folderRegistry } from '../../cli/load';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';
import { DIALECTS, rulesetSql } from '../../engine/sql';

const ROOT = resolve(__dirname, '../..');
const registry = folderRegistry(join(ROOT, 'rulesets'));
const ids = findRulesetFiles([join(ROOT, 'rulesets')]).map((f) => rulesetIdOf(f)!).sort();
const parsers = { trino: new TrinoSQL(), spark: new SparkSQL() } as const;

const HELPERS: Record<string, string[]> = {
  elig_chk: ['x'], elig_divround: ['x', 'y'], elig_mul: ['x', 'y'], elig_div: ['x', 'y'], elig_years: ['d1', 'd2'], elig_months: ['d1', 'd2'],
  elig_day: ['d1'], elig_date: ['x'], elig_least: ['x', 'y'], elig_greatest: ['x', 'y'], elig_floor: ['x'], elig_ceil: ['x'], elig_decimal: ['x'], elig_normal_cdf: ['x'],
};

describe.each(['trino', 'spark'] as const)('%s', (dialect) => {
  const forms = DIALECTS[dialect].forms!;
  it('the parser rejects a malformed query (so a pass means something)', () => {
    expect(parsers[dialect].validate('SELECT a FROM WHERE (b').length).toBeGreaterThan(0);
  });
  it('every helper, inlined, parses — alone and nested in another', () => {
    for (const [helper, args] of Object.entries(HELPERS)) {
      const alone = forms.call(helper, args);
      const nested = forms.call('elig_chk', [`${forms.call(helper, args)} + ${forms.call('elig_mul', ['x', 'y'])}`]);
      for (const sql of [`SELECT ${alone} AS r FROM t`, `SELECT ${nested} AS r FROM t`]) expect(parsers[dialect].validate(sql), sql).toEqual([]);
    }
    expect(parsers[dialect].validate(`SELECT ${forms.and(['a', forms.or(['b', forms.not('c')])])}, ${forms.inSet('s', ["'a'"], true)} FROM t WHERE ${forms.notFalse('a')}`)).toEqual([]);
  });
  it.each(ids)('%s: the query calls no helper it cannot define, and keeps its shape', (id) => {
    const out = rulesetSql(registry.get(id)!, '2024-06-30', dialect, { resolve: registry.resolve });
    if (!out.query) {
      // What is not translated is a diagnostic with its line, never a query.
      expect(out.diagnostics.length).toBeGreaterThan(0);
      return;
    }
    expect(out.prelude).toEqual([]);
    for (const sql of [out.query.sql, out.query.summary]) {
      expect(sql).not.toMatch(/\belig_[a-z_]+\(/);
      expect(sql).toMatch(/^SELECT\n/);
    }
  });
});
