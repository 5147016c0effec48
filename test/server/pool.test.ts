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

// Large bodies go to a worker as bytes (no structured clone of parsed households): it parses and
// validates them, the main thread checks the version and the work budget, then the worker evaluates.
describe('large bodies parsed in a worker', () => {
  // Until a worker has loaded its modules, requests are answered on the main thread: wait for one.
  beforeAll(async () => {
    const body = JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: households(300), explain: false });
    for (let i = 0; ; i++) {
      const id = `warm-${i}`;
      await call(pooled.url, 'POST', '/evaluate', { body, headers: { 'content-type': 'application/json', 'x-request-id': id } });
      if (pooled.logs.some((l) => l.request_id === id && l.parsed_in === 'worker')) return;
      if (i > 300) throw new Error('no evaluation worker became ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  // `exact: false`: the same problem type, but the JSON parser's wording may differ.
  const compare = async (body: string, headers: Record<string, string> = {}, exact = true) => {
    const options = { body, headers: { 'content-type': 'application/json', ...headers } };
    const [a, b] = await Promise.all([call(pooled.url, 'POST', '/evaluate', options), call(inline.url, 'POST', '/evaluate', options)]);
    expect(a.status).toBe(b.status);
    const strip = (x: any) => (x && typeof x === 'object' ? { ...x, instance: undefined, request_id: undefined } : x);
    if (exact) expect(strip(a.body)).toEqual(strip(b.body));
    else expect(a.body.type).toBe(b.body.type);
    return a;
  };

  it('are parsed there: the access log says so, and the answer is the main thread\'s', async () => {
    const body = JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: households(400), explain: false });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const a = await compare(body, { 'x-request-id': 'raw-parsed' });
    expect(a.status).toBe(200);
    const entry = pooled.logs.find((l) => l.request_id === 'raw-parsed' && l.msg === 'request');
    expect(entry).toMatchObject({ parsed_in: 'worker', status: 200 });
  });

  it('stream a large batch in blocks as the worker makes them, byte for byte the main thread\'s answer', async () => {
    for (const explain of [false, true]) {
      // Over half a KB of results a household without explanations: 2,000 make several 256 KiB blocks.
      const body = JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: households(explain ? 300 : 2000), explain });
      const options = { body, headers: { 'content-type': 'application/json', 'x-request-id': `streamed-${explain}` } };
      const [a, b] = await Promise.all([call(pooled.url, 'POST', '/evaluate', options), call(inline.url, 'POST', '/evaluate', options)]);
      expect(a.status).toBe(200);
      expect(a.text.length).toBeGreaterThan(2 * 256 * 1024);
      expect(a.text).toBe(b.text);
      // Streamed: sent chunked, before the worker had finished (no Content-Length).
      expect(a.headers.get('content-length')).toBeNull();
      expect(pooled.logs.find((l) => l.request_id === `streamed-${explain}` && l.msg === 'request')).toMatchObject({ parsed_in: 'worker', status: 200 });
    }
  });

  it('report every invalid field with its JSON pointer', async () => {
    const list: any[] = households(500);
    list[317].members[1].age = -4;
    list[499].monthly_income = 'lots';
    delete list[3].members;
    const a = await compare(JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: list, explain: false }));
    expect(a.status).toBe(422);
    const pointers = a.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/households/317/members/1/age', '/households/499/monthly_income', '/households/3/members']));
  });

  it('refuse malformed JSON, an oversized batch and work over the budget before evaluating', async () => {
    const text = JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: households(400) });
    expect((await compare(text.slice(0, -3), {}, false)).body.type).toBe('urn:elig:problem:malformed-json');
    expect((await compare(`  7${' '.repeat(70_000)}`, {}, false)).body.type).toBe('urn:elig:problem:malformed-json');
    const many = JSON.stringify({ ruleset: 'bo/mped', households: Array.from({ length: 10_001 }, () => ({ id: 'x', members: [{ id: 'a' }] })) });
    expect((await compare(many)).body.type).toBe('urn:elig:problem:batch-too-large');
    // 400 households with explanations: ~1,100 decisions × 20 units is within 100,000; 5,000 × 3 members is not.
    const heavy = JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', households: households(5000), explain: true });
    const refused = await compare(heavy);
    expect(refused.body).toMatchObject({ type: 'urn:elig:problem:work-too-large', limit: 100_000 });
    const unknown = JSON.stringify({ ruleset: 'bo/nothing-here', households: households(400) });
    expect((await compare(unknown)).body.type).toBe('urn:elig:problem:unknown-ruleset');
    // The refused requests were dropped by the worker: the next one is answered normally.
    expect((await compare(text)).status).toBe(200);
  });

  it('answer a single large household like the main thread', async () => {
    const [h] = households(1);
    // 60 members (the schema's most), and trailing whitespace (valid JSON) to pass 64 KiB.
    const big = { ...h, members: Array.from({ length: 60 }, (_, i) => ({ id: `m${i}`, relationship: 'child', age: 15 + (i % 15), employment: 'unemployed', schooling: 'secondary_complete', primary_school_type: 'public', secondary_school_type: 'public' })) };
    const body = `${JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', household: big, explain: true })}${' '.repeat(66_000)}`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const a = await compare(body);
    expect(a.status).toBe(200);
    expect(a.body.decisions).toHaveLength(60);
  });
});

