// The attacks of issue 13, kept as tests against a real server on port 0: amplification, a check that would
// block the event loop, ruleset ids of any length, false Content-Encoding, the audit log's personal data
// and its failures, a symbolic link out of rulesets/, and shutdown truncating a response.
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../server/store';
import { call, startTestServer, TOKEN, type TestServer } from './helpers';

const RULESET = 'bo/mped';
const DATE = '2013-06-30';
const member = (i: number) => ({ id: `m${i}`, age: 18 + (i % 10) });
const household = (i: number, members: number) => ({ id: `h${i}`, monthly_income: 700, members: Array.from({ length: members }, (_, j) => member(j)) });
const batch = (n: number, members: number) => Array.from({ length: n }, (_, i) => household(i, members));

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ workers: 0 });
});
afterAll(async () => {
  await s?.stop();
});

describe('the work one request may cause is bounded before any of it runs', () => {
  it('3,000 households × 60 members with explanations: 413 naming the limit and how to get under it', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households: batch(3000, 60) } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:work-too-large', limit: 100_000, decisions: 180_000, explain: true, explain_weight: 20, work: 3_600_000 });
    expect(r.body.detail).toContain('ELIG_WORK_BUDGET');
    expect(r.body.detail).toContain('"explain": false');
    expect(r.body.households_per_request).toBe(83);
  });

  it('100 × 60 with explanations is refused too; without explanations it is answered', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households: batch(100, 60) } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:work-too-large', decisions: 6000, work: 120_000 });
    const bare = await call(s.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households: batch(100, 60), explain: false } });
    expect(bare.status).toBe(200);
    expect(bare.body.results).toHaveLength(100);
  });

  it('a single household of the largest size is always answered with its explanations', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: household(1, 60) } });
    expect(r.status).toBe(200);
    expect(r.body.decisions).toHaveLength(60);
  });
});

describe('POST /check runs off the event loop with a time budget', () => {
  const heavy = `program bo/heavy "Heavy"\n  country BO\n  currency BOB\nlet x = 1${' +1'.repeat(300_000)}\neligible when "a": x > 0\n`;

  it('/healthz answers while a 600 KB check is running, and the check answers E-TOO-DEEP', async () => {
    const check = call(s.url, 'POST', '/check', { json: { source: heavy } });
    const health = await call(s.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    const r = await check;
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.diagnostics.map((d: any) => d.code)).toEqual(['E-TOO-DEEP']);
  });

  it('a check over its time budget is stopped and answered with a problem; the next check works', async () => {
    const tight = await startTestServer({ workers: 0, checkTimeoutMs: 1 });
    try {
      const [r, health] = await Promise.all([
        call(tight.url, 'POST', '/check', { json: { source: heavy } }),
        call(tight.url, 'GET', '/healthz'),
      ]);
      expect(health.status).toBe(200);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ type: 'urn:elig:problem:check-too-complex', limit_seconds: 0.001 });
      expect(r.body.detail).toContain('ELIG_CHECK_TIMEOUT_MS');
    } finally {
      await tight.stop();
    }
    const again = await call(s.url, 'POST', '/check', { json: { source: 'program bo/x "X"\n  country BO\n  currency BOB\n' } });
    expect(again.status).toBe(200);
  });
});

describe('ruleset ids are short and plain on every route', () => {
  const long = 'a'.repeat(251);

  it('a save under a 251-character id is refused with the rule; nothing is stored', async () => {
    const r = await call(s.url, 'PUT', `/rulesets/bo/${long}`, { json: { source: 'program bo/x "X"', message: 'm' }, token: TOKEN });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('urn:elig:problem:invalid-ruleset-id');
    expect(r.body.detail).toContain('at most 64');
    expect(r.body.ruleset.length).toBeLessThan(100);
    for (const [, value] of r.headers) expect(value.length).toBeLessThan(200);
  });

  it('reads of a 10,003-character id answer 404 with no long header; /check refuses a long id', async () => {
    const r = await call(s.url, 'GET', `/rulesets/bo/${'b'.repeat(10_000)}/export`);
    expect(r.status).toBe(404);
    for (const [, value] of r.headers) expect(value.length).toBeLessThan(200);
    const check = await call(s.url, 'POST', '/check', { json: { source: 'x', id: `bo/${long}` } });
    expect(check.status).toBe(422);
    const header = await call(s.url, 'POST', '/check', { json: { source: `program bo/${long} "X"\n  country BO\n  currency BOB\n` } });
    expect(header.body.diagnostics.map((d: any) => d.code)).toContain('E-PROGRAM-ID');
  });

  it('rows an older server let in are quarantined on start, their versions kept, and export works again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-ids-'));
    try {
      const dataDir = join(dir, 'data');
      const old = new Store(dataDir);
      const badId = `bo/${'c'.repeat(300)}`;
      old.save({ id: 'bo/good', source: readFileSync('rulesets/bo/mped.elig', 'utf8').replace('program bo/mped', 'program bo/good'), title: 'Good', author: 't', message: 'm', ifMatch: undefined });
      old.save({ id: badId, source: 'program bo/bad "Bad"', title: 'Bad', author: 't', message: 'm', ifMatch: undefined });
      old.close();
      const out = join(dir, 'out');
      mkdirSync(out);
      const t = await startTestServer({ dir, rulesetsDir: out, workers: 0 });
      try {
        expect(t.logs.find((l) => l.msg === 'quarantined a ruleset whose id is not valid; its versions are kept')).toMatchObject({ length: badId.length });
        const list = await call(t.url, 'GET', '/rulesets');
        expect(list.body.rulesets.map((r: any) => r.id)).toEqual(['bo/good']);
        const exported = await call(t.url, 'POST', '/export', { token: TOKEN });
        expect(exported.status).toBe(200);
        expect(exported.body.files.map((f: any) => f.id)).toEqual(['bo/good']);
        expect(readdirSync(join(out, 'bo'))).toEqual(['good.elig']);
      } finally {
        await t.close();
      }
      const db = new Database(join(dataDir, 'elig.sqlite'), { readonly: true });
      expect((db.prepare('SELECT COUNT(*) AS n FROM versions WHERE ruleset_id = ?').get(badId) as any).n).toBe(1);
      expect((db.prepare('SELECT reason FROM quarantined_rulesets WHERE id = ?').get(badId) as any).reason).toContain('characters long');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Content-Encoding', () => {
  const body = JSON.stringify({ ruleset: RULESET, date: DATE, household: household(1, 1) });
  for (const encoding of ['gzip', 'br', 'deflate']) {
    it(`a plain JSON body marked ${encoding} is a 400 problem in plain words`, async () => {
      const r = await call(s.url, 'POST', '/evaluate', { body, headers: { 'content-type': 'application/json', 'content-encoding': encoding } });
      expect(r.status).toBe(400);
      expect(r.body.type).toBe('urn:elig:problem:bad-content-encoding');
      expect(r.body.detail).toContain(`Content-Encoding: ${encoding}`);
    });
  }
  it('an unknown encoding is 415; a real gzip body is read', async () => {
    const r = await call(s.url, 'POST', '/evaluate', { body, headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' } });
    expect(r.status).toBe(415);
    expect(r.body.type).toBe('urn:elig:problem:unsupported-content-encoding');
    const res = await fetch(`${s.url}/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(body) });
    expect(res.status).toBe(200);
  });
});

describe('the audit log', () => {
  it('stores member ids only as keyed hashes (HMAC with ELIG_AUDIT_KEY)', async () => {
    const a = await startTestServer({ workers: 0, audit: true, auditKey: 'secret-key' });
    try {
      const h = household(7, 3);
      expect((await call(a.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: h } })).status).toBe(200);
      const db = new Database(join(a.dataDir, 'elig.sqlite'), { readonly: true });
      const row = db.prepare('SELECT summary FROM decision_audit').get() as { summary: string };
      db.close();
      const subjects = JSON.parse(row.summary).decisions.map((d: any) => d.subject);
      expect(subjects).toEqual(h.members.map((m) => 'hmac-sha256:' + createHmac('sha256', 'secret-key').update(m.id).digest('hex')));
      for (const m of h.members) expect(row.summary).not.toContain(`"${m.id}"`);
    } finally {
      await a.stop();
    }
  });

  it('without a key in the environment, one is generated in the data directory and kept', async () => {
    const a = await startTestServer({ workers: 0, audit: true });
    try {
      expect(readFileSync(join(a.dataDir, 'audit.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await a.stop();
    }
  });
});

describe('POST /export follows no symbolic link out of rulesets/', () => {
  it('a country folder that links elsewhere is refused, and nothing is written there', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'elig-outside-'));
    const e = await startTestServer({ workers: 0 });
    try {
      symlinkSync(outside, join(e.rulesetsDir, 'zz'));
      const source = readFileSync('rulesets/bo/mped.elig', 'utf8').replace('program bo/mped', 'program zz/escape');
      const saved = await call(e.url, 'PUT', '/rulesets/zz/escape', { json: { source, message: 'new' }, token: TOKEN });
      expect(saved.status).toBe(201);
      const r = await call(e.url, 'POST', '/export', { token: TOKEN });
      expect(r.status).toBe(200);
      const file = r.body.files.find((f: any) => f.id === 'zz/escape');
      expect(file.changed).toBe(false);
      expect(file.refused).toContain('leads out of the rulesets folder');
      expect(readdirSync(outside)).toEqual([]);
      expect(e.logs.some((l) => l.msg === 'export refused a file')).toBe(true);
    } finally {
      await e.stop();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('shutdown', () => {
  it('a response being written when the shutdown timeout strikes is finished, not truncated', async () => {
    const t = await startTestServer({ workers: 0, shutdownTimeoutMs: 1 });
    let closing: Promise<void> | undefined;
    // Begin the shutdown the moment the big answer starts going out: its 1 ms timeout strikes mid-write.
    t.server.on('request', (_req, res) => {
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
        const r = writeHead.apply(this, args);
        closing ??= t.close();
        return r;
      } as typeof res.writeHead;
    });
    try {
      const res = await fetch(`${t.url}/evaluate`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ruleset: RULESET, date: DATE, households: batch(4000, 2), explain: false }),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.results).toHaveLength(4000);
      expect(t.logs.some((l) => l.msg === 'shutdown timeout: closing remaining connections' && l.still_writing === 1)).toBe(true);
    } finally {
      await closing;
      rmSync(t.dir, { recursive: true, force: true });
    }
  });
});

