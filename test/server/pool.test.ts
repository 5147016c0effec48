// Large batches go to evaluation worker threads: the answer must be exactly what the main thread gives,
// including audit rows, metrics and error handling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { call, startTestServer, type TestServer } from './helpers';
import { canonicalJson, sha256Hex } from '../../server/hash';

function households(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `P-${i}`, country: 'BO', monthly_income: (i * 37) % 4000, electricity: { kwh_per_month: (i * 13) % 150 },
    members: [
      { id: 'a', relationship: 'head', age: 30 + (i % 30), employment: 'employed' },
      { id: 'b', relationship: 'child', age: 14 + (i % 16), employment: i % 3 === 0 ? 'unemployed' : 'inactive', secondary_school_type: i % 2 ? 'public' : 'private', schooling: 'secondary_complete' },
      ...(i % 4 === 0 ? [{ id: 'c', relationship: 'child', age: 19 + (i % 5), employment: 'unemployed' }] : []),
    ],
  }));
}

let pooled: TestServer;
let inline: TestServer;
beforeAll(async () => {
  [pooled, inline] = await Promise.all([startTestServer({ workers: 2, audit: true, auditKey: 'pool-test' }), startTestServer({ workers: 0, audit: true, auditKey: 'pool-test' })]);
});
afterAll(async () => {
  await Promise.all([pooled?.stop(), inline?.stop()]);
});

describe('batches on worker threads', () => {
  for (const explain of [false, true]) {
    it(`answer byte for byte what the main thread answers (explain: ${explain})`, async () => {
      const body = { ruleset: 'bo/mped', date: '2013-06-30', households: households(1001), explain };
      const [a, b] = await Promise.all([
        call(pooled.url, 'POST', '/evaluate', { json: body }),
        call(inline.url, 'POST', '/evaluate', { json: body }),
      ]);
      expect(a.status).toBe(200);
      expect(a.text).toBe(b.text);
      expect(a.body.results).toHaveLength(1001);
    });
  }

  it('record the same audit rows and decision counts', async () => {
    const list = households(300);
    await call(pooled.url, 'POST', '/evaluate', { json: { ruleset: 'bo/mped', date: '2013-06-30', households: list, explain: false }, headers: { 'x-request-id': 'pool-audit' } });
    await call(inline.url, 'POST', '/evaluate', { json: { ruleset: 'bo/mped', date: '2013-06-30', households: list, explain: false }, headers: { 'x-request-id': 'pool-audit' } });
    const rows = (s: TestServer) => {
      const db = new Database(join(s.dataDir, 'elig.sqlite'), { readonly: true });
      const r = db.prepare("SELECT input_sha256, summary FROM decision_audit WHERE request_id = 'pool-audit' ORDER BY id").all();
      db.close();
      return r as { input_sha256: string; summary: string }[];
    };
    const fromPool = rows(pooled);
    expect(fromPool).toHaveLength(300);
    expect(fromPool).toEqual(rows(inline));
    expect(fromPool[7]!.input_sha256).toBe(sha256Hex(canonicalJson(list[7])));
    const metric = (text: string) => text.split('\n').filter((l) => l.startsWith('elig_decisions_total')).sort();
    expect(metric((await call(pooled.url, 'GET', '/metrics')).text)).toEqual(metric((await call(inline.url, 'GET', '/metrics')).text));
  });

  it('serve pinned old versions', async () => {
    const list = households(400);
    const cur = (await call(pooled.url, 'GET', '/rulesets/bo/mped')).body;
    const r = await call(pooled.url, 'POST', '/evaluate', { json: { ruleset: `bo/mped@${cur.version}`, date: '2013-06-30', households: list, explain: false } });
    expect(r.status).toBe(200);
    expect(r.body.ruleset.version).toBe(cur.version);
  });
});
