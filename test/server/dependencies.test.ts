// Rulesets that read other programs (`extends`, `eligible(…)`) through the server: they evaluate, and a
// new current version of the program they read is picked up without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, recorded, startTestServer, TOKEN, type TestServer } from './helpers';
import { checkResponse } from './openapi-check';

const PE = {
  id: 'PE-EX-1', country: 'PE', municipality: 'Vinchos', area: 'rural', registry_poverty: 'extreme_poor', km_to_market_town: 38,
  community: { id: 'vinchos-07', juntos_household_share: 0.71 },
  programs: [{ program: 'pe/juntos', since: '2009-03-01', recertified: true }],
  members: [
    { id: 'm', relationship: 'head', sex: 'female', age: 37, schooling: 'primary_incomplete', occupation: 'farmer' },
    { id: 'f', relationship: 'spouse', sex: 'male', age: 41, schooling: 'literate', occupation: 'farmer' },
    { id: 'k1', relationship: 'child', age: 12, enrollment: { level: 'primary', year: 6, school_type: 'public', attendance_rate: 0.88 } },
    { id: 'k2', relationship: 'child', age: 3 },
  ],
};
const BR = {
  id: 'BR-EX-1', country: 'BR', municipality: 'Brasilia', area: 'urban', monthly_income: 150, housing: 'lent', resident_since: '1988-02-01',
  members: [
    { id: 'a', relationship: 'head', sex: 'female', age: 31, marital_status: 'single', schooling: 'primary_incomplete', occupation: 'odd_jobs' },
    { id: 'b', relationship: 'child', sex: 'male', age: 9, enrollment: { level: 'primary', year: 3, school_type: 'public', attendance_rate: 0.92 } },
    { id: 'c', relationship: 'child', sex: 'female', age: 6 },
  ],
};

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
  expect(recorded.flatMap(checkResponse)).toEqual([]);
});

const evaluate = (ruleset: string, household: unknown, date: string) =>
  call(s.url, 'POST', '/evaluate', { json: { ruleset, date, household, explain: false } });

describe('programs that read other programs', () => {
  it('every shipped ruleset evaluates a household of its country', async () => {
    const list = (await call(s.url, 'GET', '/rulesets')).body.rulesets as { id: string }[];
    for (const { id } of list) {
      const household = id.startsWith('pe/') ? PE : id.startsWith('br/') ? BR : { ...BR, id: 'BO-1', country: 'BO' };
      const r = await evaluate(id, household, '2013-06-30');
      expect(r.status, `${id}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
      expect(r.body.ruleset.id).toBe(id);
    }
  });

  it('a new version of a program read with eligible(…) or extends is used by its readers at once', async () => {
    for (const [reader, base, household] of [['pe/haku-winay', 'pe/juntos', PE], ['br/bolsa-escola-belo-horizonte', 'br/bolsa-escola-df', BR]] as const) {
      const before = await evaluate(reader, household, '2013-06-30');
      expect(before.status).toBe(200);
      const compilations = () => call(s.url, 'GET', '/metrics').then((m) => Number(/^elig_ruleset_compilations_total (\d+)$/m.exec(m.text)?.[1] ?? 0));
      const c0 = await compilations();
      const again = await evaluate(reader, household, '2013-06-30');
      expect(again.body).toEqual(before.body);
      expect(await compilations()).toBe(c0); // cached: nothing recompiled per request

      const cur = (await call(s.url, 'GET', `/rulesets/${base}`)).body;
      const saved = await call(s.url, 'PUT', `/rulesets/${base}`, {
        json: { source: cur.source + '\n# touched\n', message: 'touch' }, token: TOKEN, headers: { 'if-match': `"${cur.version}"` },
      });
      expect(saved.status).toBe(200);
      const c1 = await compilations();
      const after = await evaluate(reader, household, '2013-06-30');
      expect(after.status).toBe(200);
      expect(await compilations()).toBeGreaterThan(c1); // the reader was rebuilt against the new version
      expect(after.body.ruleset.version).toBe(before.body.ruleset.version); // the reader itself did not change
    }
  });
});
