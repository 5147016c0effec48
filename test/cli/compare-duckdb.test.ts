// `elig compare` on DuckDB gives the streaming fold's report (engine/analysis/population.ts) — counts,
// exact costs, the baseline's funnel, gainers, losers and their samples — on generated populations with
// missing facts, for reforms that read other programs (`eligible(pe/juntos)`) as well as plain ones; and
// the command picks DuckDB for a file by default, js on request.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderRegistry } from '../../cli/load';
import { importHouseholds } from '../../cli/commands/import';
import { compareWithDuckDB } from '../../cli/registry/compare-duckdb';
import { PopulationFold } from '../../engine/analysis/population';
import { boundariesOf } from '../../engine/checks/boundaries';
import { householdArbitrary } from '../../engine/checks/generate';

const registry = folderRegistry(join(resolve(__dirname, '../..'), 'rulesets'));
const dir = mkdtempSync(join(tmpdir(), 'elig-compare-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAIRS: [string, string, string][] = [
  ['br/bolsa-escola-df', 'br/bolsa-escola-belem', '1998-11-30'],
  ['bo/mped', 'bo/bjp', '2013-06-30'],
  ['pe/juntos', 'pe/haku-winay', '2015-06-30'],
  ['pe/juntos', 'pe/juntos-graduation', '2013-06-30'],
];

describe('elig compare on DuckDB agrees with the streaming fold', () => {
  it.each(PAIRS)('%s → %s on %s', async (baselineId, reformId, date) => {
    const baseline = registry.get(baselineId)!, reform = registry.get(reformId)!;
    const households = fc.sample(householdArbitrary(boundariesOf(baseline.checked), date), { seed: 16, numRuns: 150 }).map((h, i) => ({ ...h, id: `H${i}` }));
    const jsonl = join(dir, `${baselineId.replace('/', '-')}.jsonl`), parquet = jsonl.replace('.jsonl', '.parquet');
    writeFileSync(jsonl, households.map((h) => JSON.stringify(h)).join('\n') + '\n');
    const { good, bad } = await importHouseholds(jsonl, parquet, () => {});
    expect(bad).toBe(0);
    const fold = new PopulationFold({ date, baseline, reform, resolve: registry.resolve });
    households.forEach((h) => fold.add(h));
    const want = fold.report();
    const got = await compareWithDuckDB({ baseline, reform, parquet, date, resolve: registry.resolve });
    expect(got).toEqual(want);
    expect(good).toBe(150);
    // Something to compare: both rulesets decide some subjects either way.
    expect(want.baseline.eligible + want.baseline.ineligible).toBeGreaterThan(0);
  }, 180_000);
});
