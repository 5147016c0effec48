// A margin through a computed figure ("per-capita income Bs 0.166667 over the line") is said to the cent
// in the reading, and with more decimals only where the cent would put it on the line (spoken-money.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterfactuals, loadRuleset } from '../../engine';
import { lower } from '../../engine/ir/lower';
import { sayCounterfactuals } from '../../engine/render/counterfactuals';
import { rendererFor } from '../../engine/render/render';
import { membersOf, type RawHousehold } from '../../engine/types';
import { parseIsoDate } from '../../engine/values';

const date = '2013-06-30';
const { ruleset } = loadRuleset('bo/mped', readFileSync(new URL('../../rulesets/bo/mped.elig', import.meta.url), 'utf8'));
const { household: base } = JSON.parse(readFileSync(new URL('../golden/read-aloud/mped-income-to-the-cent/case.json', import.meta.url), 'utf8'));

function margins(monthlyIncome: number, lang: 'es' | 'pt' | 'en'): string[] {
  const household = { ...base, monthly_income: monthlyIncome };
  const [r] = counterfactuals(ruleset!, household, { date });
  const w = rendererFor(lower(ruleset!.checked), lang).on(parseIsoDate(date)!);
  return sayCounterfactuals({ margins: r!.margins, flips: r!.flips, search: r!.search }, w, membersOf(household as RawHousehold)).margins.map((m) => m.message.text);
}

describe('margins said to the cent', () => {
  it('Bs 2,100.50 among three is Bs 0.166667 a head over the Bs 700 line: "Bs 0,17 por encima"', () => {
    const [es] = margins(2100.5, 'es');
    expect(es).toContain('ingreso por persona: Bs 0,17 por persona al mes por encima de Bs 700');
    expect(margins(2100.5, 'pt')[0]).toContain('Bs 0,17 por pessoa por mês acima de Bs 700');
  });
  it('Bs 2,100.01 among three is Bs 0.003333 over: "Bs 0,003", never "Bs 0,00 por encima"', () => {
    const [es] = margins(2100.01, 'es');
    expect(es).toContain('Bs 0,003 por persona al mes por encima de Bs 700');
    expect(margins(2100.01, 'en')[0]).not.toMatch(/Bs 0\.00 /);
  });
  it('the analysis\'s own English text (no language chosen) says it the same way', () => {
    const english = (income: number) => counterfactuals(ruleset!, { ...base, monthly_income: income }, { date })[0]!.margins.map((m) => m.message.text);
    expect(english(2100.5)[0]).toContain('per capita income is Bs 0.17 per person a month over the poverty line');
    expect(english(2100.01)[0]).toContain('per capita income is Bs 0.003 per person a month over the poverty line');
  });
});
