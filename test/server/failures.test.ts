// What the service does when a stored ruleset cannot compile or the engine fails on a household.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, cpSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, SHIPPED_RULESETS, startTestServer } from './helpers';
import { checkResponse } from './openapi-check';
import { fakeEngine } from './fake-engine';

const HOUSEHOLD = { id: 'H-1', members: [{ id: 'p1', age: 20 }] };

describe('a ruleset file with errors in the folder', () => {
  it('is stored (the folder is the reviewed source) but answers 409 with its diagnostics when evaluated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-broken-'));
    cpSync(SHIPPED_RULESETS, join(dir, 'rulesets'), { recursive: true });
    const file = join(dir, 'rulesets', 'bo', 'mped.elig');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/eligible when/, 'eligible when when'));
    const s = await startTestServer({ dir });
    try {
      const detail = await call(s.url, 'GET', '/rulesets/bo/mped');
      expect(detail.status).toBe(200);
      expect(detail.body.ok).toBe(false);
      expect(detail.body.metadata).toBeNull();
      const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: 'bo/mped', household: HOUSEHOLD } });
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ type: 'urn:elig:problem:ruleset-has-errors', ruleset: 'bo/mped', diagnostics: expect.any(Array) });
      expect(r.body.diagnostics.length).toBeGreaterThan(0);
      expect(checkResponse({ method: 'POST', path: '/evaluate', status: 409, contentType: r.headers.get('content-type')!, body: r.body })).toEqual([]);
      // Other rulesets still work.
      const other = (await call(s.url, 'GET', '/rulesets')).body.rulesets.find((x: any) => x.id !== 'bo/mped');
      const ok = await call(s.url, 'POST', '/evaluate', { json: { ruleset: other.id, household: HOUSEHOLD, date: '2013-06-30' } });
      expect(ok.status).toBe(200);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an engine failure', () => {
  it('answers 500 as a problem, logs the stack without the message (which could quote the household)', async () => {
    const s = await startTestServer({ engine: fakeEngine({ throwOn: 'BOOM-42' }) });
    try {
      const r = await call(s.url, 'POST', '/evaluate', {
        json: { ruleset: 'bo/mped', households: [{ id: 'fine', members: [{ id: 'p' }] }, { id: 'BOOM-42', members: [{ id: 'p' }] }] },
      });
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({ type: 'urn:elig:problem:internal', status: 500, request_id: expect.any(String) });
      expect(checkResponse({ method: 'POST', path: '/evaluate', status: 500, contentType: r.headers.get('content-type')!, body: r.body })).toEqual([]);
      const logged = s.logs.find((l) => l.msg === 'engine error');
      expect(logged).toMatchObject({ request_id: r.body.request_id, ruleset: 'bo/mped' });
      expect(JSON.stringify(s.logs)).not.toContain('BOOM-42');
    } finally {
      await s.stop();
    }
  });
});
