// `"counterfactuals": true` on /evaluate: off by default, on each decision when asked, and weighed by the
// work budget so a big batch asking for it is refused before any work runs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers';
import { COUNTERFACTUAL_WEIGHT } from '../../server/work-budget';

const family = JSON.parse(readFileSync(new URL('../../../shared/examples/br-family-federal-district.json', import.meta.url), 'utf8'));
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ workers: 0 });
});
afterAll(async () => {
  await s?.stop();
});

describe('/evaluate counterfactuals', () => {
  it('are absent unless asked for', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', household: family } });
    expect(r.status).toBe(200);
    expect(r.body.decisions[0].counterfactuals).toBeUndefined();
  });

  it('give an eligible family its income margin, in its own units, and a refused one its nearest flip', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', household: family, counterfactuals: true, explain: false } });
    expect(r.status).toBe(200);
    const c = r.body.decisions[0].counterfactuals;
    const income = c.margins.find((m: { fact: string; direction: string }) => m.fact === '/monthly_income' && m.direction === 'up');
    expect(income).toMatchObject({ value: 150, limit: 226.5, flipsAt: 226.51, by: 76.5, unit: 'BRL per month' });
    expect(income.message.code).toBe('margin.keep.up.via');
    expect(c.search).toMatchObject({ capped: false });

    const poorer = { ...family, monthly_income: 400 };
    const refused = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', household: poorer, counterfactuals: true } });
    const flips = refused.body.decisions[0].counterfactuals.flips;
    expect(flips[0].changes).toEqual([{ fact: '/monthly_income', from: 400, to: 226.5, by: -173.5, unit: 'BRL per month' }]);
  });

  it('say their sentences in the language of the request (lang, else Accept-Language); the codes stay', async () => {
    const poorer = { ...family, monthly_income: 400 };
    const es = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', household: poorer, counterfactuals: true, lang: 'es' } });
    const flip = es.body.decisions[0].counterfactuals.flips[0];
    expect(flip.message.code).toBe('flip.number');
    expect(flip.message.text).toBe('calificaría con este cambio: ingreso mensual del hogar, R$ 226,50 al mes (hoy R$ 400,00 al mes)');
    const pt = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', household: family, counterfactuals: true, explain: false }, headers: { 'accept-language': 'pt-BR' } });
    const margin = pt.body.decisions[0].counterfactuals.margins.find((m: { fact: string; direction: string }) => m.fact === '/monthly_income' && m.direction === 'up');
    expect(margin.message.text).toMatch(/^renda mensal da família: poderia subir R\$ 76,50 por mês e continuaria elegível; renda per capita: /);
  });

  it('weigh COUNTERFACTUAL_WEIGHT units per decision: a batch of 60 households is refused, saying why', async () => {
    const households = Array.from({ length: 60 }, (_, i) => ({ ...family, id: `h${i}` }));
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', households, explain: false, counterfactuals: true } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:work-too-large', counterfactuals: true, counterfactual_weight: COUNTERFACTUAL_WEIGHT, work: 60 * (1 + COUNTERFACTUAL_WEIGHT) });
    expect(r.body.detail).toContain('counterfactuals');
    const ok = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', date: '2001-06-01', households: households.slice(0, 3), explain: false, counterfactuals: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.results.every((x: { decisions: { counterfactuals?: unknown }[] }) => x.decisions[0].counterfactuals)).toBe(true);
  });

  it('refuse a non-boolean flag with its pointer', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'br/bolsa-escola-df', household: family, counterfactuals: 'yes' } });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('/counterfactuals');
  });
});
