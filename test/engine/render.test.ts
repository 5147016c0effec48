// The renderer on its own: every catalogue message parses and formats, labels follow shared contract 2
// (per-language templates with parameter values in force), and the language negotiation of requests.
import { describe, expect, it } from 'vitest';
import { langFromAcceptLanguage, parseLang } from '../../engine/explain';
import type { IrParameter, IrRuleset } from '../../engine/ir/types';
import { CATALOGS, messagesFor } from '../../engine/render/messages';
import { Renderer } from '../../engine/render/render';
import { LANGS } from '../../engine/render/catalog/types';

const SAMPLE = { label: 'L', detail: 'D', count: 2, items: 'I', needs: 'N', facts: 'F', names: 'X', day: 'Y', errors: 'E', window: 'W', from: 'a', until: 'b',
  total: 'T', period: 'month', breakdown: 'B', subject: 'S', seen: 'V', held: true, relation: 'R', op: 'lt', threshold: 'H', value: 'v', name: 'n',
  range: 'G', low: 'l', high: 'h', values: 'vs', members: 'm', filter: 'f', field: 'fi', member: 'me', id: 'i', a: 'a', b: 'b', cap: 'c', unit: 'year',
  since: 's', program: 'p', title: 't', version: 'v', household: 'h', date: 'd', eligible: 'true', amount: 'am', kind: 'source', text: 'x', combinator: 'all', cite: '',
  direction: 'up', by: 'b', to: 't', quantity: 'q', quantity_by: 'qb', side: 'under', threshold_value: 'tv', named: true, change: 'c', first: 'f', second: 's',
  fact: 'fa', sentence: 's', because: 'b', parameter: 'p', parameters: 'ps', event: 'starts', years: 2, age: 18, last: 'l', evaluations: '3', capped: false, fixed: 'x', flips: 'fl' };

describe('message catalogues', () => {
  it('have the same messages in every language, each of which formats', () => {
    const keys = Object.keys(CATALOGS.en.messages).sort();
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGS[lang].messages).sort(), lang).toEqual(keys);
      const m = messagesFor(lang, 'BO');
      for (const key of keys) expect(() => m.format(key as never, SAMPLE), `${lang} ${key}`).not.toThrow();
      for (const [unit, pattern] of Object.entries(CATALOGS[lang].units)) expect(m.pattern(`unit:${unit}`, pattern)({ n: 2 })).toMatch(/2/);
    }
  });

  it('choose plural forms and exact matches by number', () => {
    const es = messagesFor('es', 'BO');
    expect(es.pattern('unit:year', CATALOGS.es.units.year)({ n: 1 })).toBe('1 año');
    expect(es.pattern('unit:year', CATALOGS.es.units.year)({ n: 20 })).toBe('20 años');
    expect(es.format('needs', { count: 1, facts: 'x' })).toBe('falta el dato de x');
    expect(es.format('needs', { count: 3, facts: 'x' })).toBe('faltan los datos de x');
  });

  it('write amounts in the conventions of the program country', () => {
    expect(messagesFor('es', 'BO').currency(1820, 'BOB')).toBe('Bs 1.820');
    expect(messagesFor('pt', 'BR').currency(91, 'BRL')).toBe('R$ 91,00');
    expect(messagesFor('es', 'PE').currency(200, 'PEN')).toBe('S/ 200');
    expect(messagesFor('pt', 'PE').currency(200, 'PEN')).toBe('S/ 200');
    expect(messagesFor('en', 'BO').currency(1820, 'BOB')).toBe('Bs 1,820');
  });
});

describe('labels (shared contract 2)', () => {
  const parameter: IrParameter = {
    kind: 'parameter', id: 1, name: 'income_limit', at: undefined as never,
    type: { kind: 'number', unit: { BRL: 1, person: -1, month: -1 }, currency: 'BRL' },
    periods: [{ from: 0, until: 10_000, value: 65, provenance: undefined, at: undefined as never }, { from: 10_001, until: undefined, value: 91, provenance: undefined, at: undefined as never }],
  };
  const ir = { id: 'br/x', country: 'BR', parameters: new Map([['income_limit', parameter]]) } as unknown as IrRuleset;
  const labels = {
    default: ['per-capita income at most ', { param: 'income_limit' }],
    byLang: { pt: ['renda per capita até ', { param: 'income_limit' }] },
  };

  it('render the language’s template with the parameter value in force on the day, else the default', () => {
    // The value is said as a threshold is ("R$ 65,00"): the label's own words say "per capita".
    expect(new Renderer(ir, 'pt').on(5000).label({ text: 'written', labels })).toBe('renda per capita até R$ 65,00');
    expect(new Renderer(ir, 'pt').on(20_000).label({ text: 'written', labels })).toBe('renda per capita até R$ 91,00');
    expect(new Renderer(ir, 'es').on(5000).label({ text: 'written', labels })).toBe('per-capita income at most R$ 65,00');
    expect(new Renderer(ir, 'en').on(5000).label({ text: 'written' })).toBe('written');
  });

  it('show a let computed from parameters alone, the ruleset\'s own names, and outcome values in the language', () => {
    const share: IrParameter = { kind: 'parameter', id: 2, name: 'share', at: undefined as never, type: { kind: 'number', unit: 'any', currency: undefined },
      periods: [{ from: undefined, until: undefined, value: 0.5, provenance: undefined, at: undefined as never }],
      labels: { default: ['share'], byLang: { es: ['fracción del salario'] } } };
    const wage = { ...parameter, name: 'wage', periods: [{ from: undefined, until: undefined, value: 130, provenance: undefined, at: undefined as never }] };
    const param = (name: string, p: IrParameter) => ({ kind: 'param', id: 9, name, type: p.type });
    const withLet = {
      ...ir, parameters: new Map([['share', share], ['wage', wage]]),
      lets: [{ kind: 'let', id: 3, name: 'limit', type: wage.type, dependsOn: 'date', value: { kind: 'arith', id: 4, op: '*', type: wage.type, left: param('share', share), right: param('wage', wage) } }],
      scores: [], tables: new Map(),
      outcomeTexts: new Map([['selected', { default: ['selected'], byLang: { pt: ['selecionada'] } }]]),
    } as unknown as IrRuleset;
    const pt = new Renderer(withLet, 'pt').on(5000);
    expect(pt.label({ text: 'w', labels: { default: ['at most ', { param: 'limit' }], byLang: { pt: ['até ', { param: 'limit' }] } } })).toBe('até R$ 65,00');
    expect(pt.outcome('selected')).toBe('selecionada');
    expect(pt.outcome('waitlist')).toBe('waitlist');
    expect(new Renderer(withLet, 'es').name('share')).toBe('fracción del salario');
    expect(new Renderer(withLet, 'pt').name('share')).toBe('share');
  });
});

describe('language of a request', () => {
  it('reads lang and Accept-Language', () => {
    expect(parseLang('es-BO')).toBe('es');
    expect(parseLang('fr')).toBeUndefined();
    expect(langFromAcceptLanguage('fr-FR, pt-BR;q=0.8, es;q=0.9')).toBe('es');
    expect(langFromAcceptLanguage('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt');
    expect(langFromAcceptLanguage('de, en;q=0')).toBeUndefined();
    expect(langFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
