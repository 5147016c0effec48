// Reasons in the language a caller asks for: `lang` in the body, else the best of Accept-Language among
// es, pt and en, else English. The machine fields (codes, node ids, pointers) are the same in every language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, recorded, startTestServer, type TestServer } from './helpers';
import { checkResponse } from './openapi-check';

const HOUSEHOLD = {
  id: 'H-LANG',
  country: 'BO',
  monthly_income: 1300,
  area: 'urban',
  members: [{ id: 'y', relationship: 'head', age: 20, employment: 'unemployed', schooling: 'secondary_complete', primary_school_type: 'public' }],
};
const body = (extra: Record<string, unknown> = {}) => ({ ruleset: 'bo/mped', date: '2013-06-30', household: HOUSEHOLD, ...extra });

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
  expect(recorded.flatMap(checkResponse), 'responses that do not match openapi.json').toEqual([]);
});

describe('POST /evaluate in three languages', () => {
  it('writes reasons in Spanish for lang: es, with the same codes and pointers as in English', async () => {
    const es = await call(s.url, 'POST', '/evaluate', { json: body({ lang: 'es' }) });
    const en = await call(s.url, 'POST', '/evaluate', { json: body() });
    expect(es.status).toBe(200);
    expect(es.headers.get('content-language')).toBe('es');
    expect(es.body.language).toBe('es');
    const [d] = es.body.decisions;
    expect(d.reasons.join('\n')).toMatch(/No se puede decidir|No cumple|Cumple/);
    expect(d.reasons.join('\n')).not.toMatch(/Not met|Cannot decide/);
    const strip = (x: { reason_details: { text: string }[] }) => x.reason_details.map(({ text: _t, ...rest }) => rest);
    expect(strip(d)).toEqual(strip(en.body.decisions[0]));
    expect(d.missing).toEqual(en.body.decisions[0].missing);
  });

  it('follows Accept-Language when the body has no lang, and the body when it has', async () => {
    const pt = await call(s.url, 'POST', '/evaluate', { json: body(), headers: { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.5' } });
    expect(pt.headers.get('content-language')).toBe('pt');
    expect(pt.body.decisions[0].reasons.join('\n')).toMatch(/Não é possível decidir|Não atende|Atende/);
    const es = await call(s.url, 'POST', '/evaluate', { json: body({ lang: 'es' }), headers: { 'accept-language': 'pt-BR' } });
    expect(es.body.language).toBe('es');
    const other = await call(s.url, 'POST', '/evaluate', { json: body(), headers: { 'accept-language': 'fr-FR, de;q=0.8' } });
    expect(other.body.language).toBeUndefined();
    expect(other.body.decisions[0].reasons.join('\n')).toMatch(/Cannot decide|Not met|Met/);
  });

  it('refuses a language it has no catalogue for, naming the field', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: body({ lang: 'fr' }) });
    expect(r.status).toBe(422); // invalid-request, as every other field
    expect(JSON.stringify(r.body)).toContain('/lang');
  });
});
