// Population view: subjects within a distance of each threshold, folded one household at a time. The
// counts are checked against a direct computation (per-capita income from the records, the threshold as
// the explanation reports it), not against numbers written here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePopulation } from '../../engine/analysis/population';
import { parseWithin } from '../../engine/analysis/margins';
import { evaluate, loadRuleset, type ExplanationNode, type Household } from '../../engine';
import { div, sub } from '../../engine/values';
import { syntheticPopulation } from '../../editor/src/synthetic';

const ROOT = new URL('../../', import.meta.url);
const { ruleset } = loadRuleset('br/bolsa-escola-df', readFileSync(new URL('rulesets/br/bolsa-escola-df.elig', ROOT), 'utf8'));
const base = JSON.parse(readFileSync(new URL('../shared/examples/br-family-federal-district.json', ROOT), 'utf8'));
const population = syntheticPopulation([base], { size: 400, seed: 11 });
const DATE = '2001-06-01';
const LABEL = 'per-capita income at most ½ minimum wage (the formal rule)';

function find(n: ExplanationNode, label: string): ExplanationNode | undefined {
  if (n.label === label) return n;
  for (const c of n.children ?? []) {
    const f = find(c, label);
    if (f) return f;
  }
  return undefined;
}

describe('households near each threshold', () => {
  const threshold = Number(find(evaluate(ruleset!, base, { date: DATE }).decisions[0].explanation!, LABEL)!.compared!.threshold);

  for (const within of ['10', '5%']) {
    it(`counts those within ${within} of the per-capita income limit, split by whether they meet it`, () => {
      const w = parseWithin(within)!;
      const report = analysePopulation(population, { date: DATE, baseline: ruleset!, within: w });
      const m = report.margins!.find((x) => x.condition === LABEL)!;
      const distance = 'absolute' in w ? w.absolute : div(threshold * w.percent, 100)!;
      let meeting = 0;
      let failing = 0;
      for (const h of population as Household[]) {
        const perCapita = div(h.monthly_income as number, h.members.length)!;
        if (Math.abs(sub(perCapita, threshold)!) > distance) continue;
        if (perCapita <= threshold) meeting++;
        else failing++;
      }
      expect(meeting + failing).toBeGreaterThan(0);
      expect(m).toMatchObject({ meeting, failing, near: meeting + failing, within: distance, known: population.length, unit: 'BRL per person per month' });
      expect(m.message.text).toMatch(new RegExp(`^${meeting + failing} households are within R\\$ [\\d.]+ per person a month of R\\$ 75\\.50 per person a month \\(per capita income\\): ${meeting} meeting it, ${failing} not$`));
      if ('absolute' in w) expect(m.message.text).toContain('within R$ 10 per person a month');
    });
  }

  it('reads --within as a distance or a percentage, nothing else', () => {
    expect(parseWithin('10')).toEqual({ absolute: 10 });
    expect(parseWithin('2.5%')).toEqual({ percent: 2.5 });
    expect(parseWithin('ten')).toBeUndefined();
    expect(parseWithin('-3')).toBeUndefined();
  });
});
