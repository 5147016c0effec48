// Contract tests of the HTTP decision service: a real server on loopback, a real SQLite file in a temp dir,
// the real engine and the shipped rulesets. Every response seen here is also checked against the OpenAPI
// document at the end (see openapi-check.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { call, recorded, startTestServer, TOKEN, type TestServer } from './helpers';
import { checkResponse } from './openapi-check';
import { canonicalJson, sha256Hex, versionOf } from '../../server/hash';
import { readRulesetFolder } from '../../server/export';

const RULESET = 'bo/mped';
const DATE = '2013-06-30';
const HOUSEHOLD = {
  id: 'H-1',
  country: 'BO',
  monthly_income: 1200,
  electricity: { kwh_per_month: 50 },
  members: [
    { id: 'p1', relationship: 'head', age: 45, employment: 'employed' },
    { id: 'p2', relationship: 'child', age: 20, employment: 'unemployed', secondary_school_type: 'public' },
    { id: 'p3', relationship: 'child', age: 8 },
  ],
};
const household = (id: string, overrides: Record<string, unknown> = {}) => ({ ...structuredClone(HOUSEHOLD), id, ...overrides });

let s: TestServer;
let url: string;
const shippedSource = () => readFileSync(join(s.rulesetsDir, 'bo', 'mped.elig'), 'utf8');
const auth = { token: TOKEN };

beforeAll(async () => {
  s = await startTestServer();
  url = s.url;
});
afterAll(async () => {
  await s?.stop();
  const failures = recorded.flatMap(checkResponse);
  expect(failures, 'responses that do not match openapi.json').toEqual([]);
});

async function current(id = RULESET) {
  const r = await call(url, 'GET', `/rulesets/${id}`);
  expect(r.status).toBe(200);
  return r.body as { version: string; source: string; number: number };
}

async function save(id: string, source: string, ifMatch: string | undefined, message = 'test edit') {
  return call(url, 'PUT', `/rulesets/${id}`, {
    json: { source, message, author: 'tester' }, ...auth, headers: ifMatch ? { 'if-match': `"${ifMatch}"` } : {},
  });
}

describe('POST /evaluate — single', () => {
  it('decides one household with the current version, explanations included by default', async () => {
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: HOUSEHOLD } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body.ruleset).toEqual({ id: RULESET, version: versionOf(shippedSource()), title: expect.any(String) });
    expect(r.body.date).toBe(DATE);
    expect(r.body.household).toBe('H-1');
    expect(typeof r.body.in_force).toBe('boolean');
    expect(r.body.decisions.length).toBeGreaterThan(0);
    for (const d of r.body.decisions) {
      expect(d).toMatchObject({ subject: expect.any(String), benefit: expect.any(Object), missing: expect.any(Array), reasons: expect.any(Array) });
      expect(d.explanation).toBeDefined();
    }
  });

  it('leaves explanations out with explain: false, and the decisions are otherwise the same', async () => {
    const on = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: HOUSEHOLD } });
    const off = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: HOUSEHOLD, explain: false } });
    expect(off.status).toBe(200);
    for (const d of off.body.decisions) expect(d).not.toHaveProperty('explanation');
    const strip = (ds: any[]) => ds.map(({ explanation: _e, reason_details: _r, ...rest }) => rest);
    expect(strip(off.body.decisions)).toEqual(strip(on.body.decisions));
  });

  it('defaults the date to today (UTC)', async () => {
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, household: HOUSEHOLD, explain: false } });
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(new Date().toISOString().slice(0, 10));
  });

  it('reports every schema violation with its JSON pointer (422 problem)', async () => {
    const bad = {
      id: 'H-2', monthly_income: 'lots', unknown_field: 1,
      members: [{ id: 'p1', age: -3 }, { age: 4.5, sex: 'x' }],
    };
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: bad } });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:invalid-request', status: 422, title: expect.any(String), detail: expect.any(String) });
    const pointers = r.body.errors.map((e: any) => e.pointer).sort();
    expect(pointers).toEqual([
      '/household/members/0/age', '/household/members/1/age', '/household/members/1/id', '/household/members/1/sex',
      '/household/monthly_income', '/household/unknown_field',
    ]);
    for (const e of r.body.errors) expect(e.message).toEqual(expect.any(String));
  });

  it('rejects dates that are not real YYYY-MM-DD days', async () => {
    for (const date of ['2023-02-29', '30/06/2013', '2013-6-30', '2013-13-01', '2013-06-30T00:00:00Z']) {
      const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date, household: HOUSEHOLD } });
      expect(r.status, date).toBe(422);
      expect(r.body.errors).toEqual([expect.objectContaining({ pointer: '/date' })]);
    }
    const leap = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: '2012-02-29', household: HOUSEHOLD, explain: false } });
    expect(leap.status).toBe(200);
  });

  it('validates dates inside the household too', async () => {
    const r = await call(url, 'POST', '/evaluate', {
      json: { ruleset: RULESET, date: DATE, household: household('H-3', { resident_since: '2010-02-31' }) },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.pointer)).toEqual(['/household/resident_since']);
  });

  it('needs exactly one of household and households, and a well-formed ruleset reference', async () => {
    const neither = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET } });
    expect(neither.status).toBe(422);
    expect(neither.body.errors[0].pointer).toBe('/household');
    const both = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, household: HOUSEHOLD, households: [HOUSEHOLD] } });
    expect(both.status).toBe(422);
    const badRef = await call(url, 'POST', '/evaluate', { json: { ruleset: 'BO MPED', household: HOUSEHOLD } });
    expect(badRef.status).toBe(422);
    expect(badRef.body.errors.map((e: any) => e.pointer)).toEqual(['/ruleset']);
    const missingRuleset = await call(url, 'POST', '/evaluate', { json: { household: HOUSEHOLD, explain: 'yes' } });
    expect(missingRuleset.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/explain', '/ruleset']);
  });

  it('answers 404 for an unknown ruleset or version', async () => {
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: 'zz/nothing', date: DATE, household: HOUSEHOLD } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:unknown-ruleset', status: 404 });
    const v = await call(url, 'POST', '/evaluate', { json: { ruleset: `${RULESET}@sha256:${'0'.repeat(64)}`, date: DATE, household: HOUSEHOLD } });
    expect(v.status).toBe(404);
    expect(v.body.type).toBe('urn:elig:problem:unknown-version');
  });

  it('answers 400 for malformed JSON and 415 for other media types', async () => {
    for (const body of ['{"ruleset": "bo/mped",', 'not json', '"just a string"', '']) {
      const r = await call(url, 'POST', '/evaluate', { body, headers: { 'content-type': 'application/json' } });
      expect(r.status, body).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body.type).toBe('urn:elig:problem:malformed-json');
    }
    const form = await call(url, 'POST', '/evaluate', { body: 'ruleset=bo/mped', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('refuses a body over the limit with 413 before parsing it', async () => {
    const big = JSON.stringify({ ruleset: RULESET, household: { id: 'x'.repeat(6 * 1024 * 1024), members: [{ id: 'p' }] } });
    const r = await call(url, 'POST', '/evaluate', { body: big, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:body-too-large', status: 413 });
  });
});

describe('POST /evaluate — batch', () => {
  it('answers one result per household, in order, with the ruleset and date once', async () => {
    const households = Array.from({ length: 25 }, (_, i) => household(`B-${i}`, { monthly_income: i * 100 }));
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households, explain: false } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['date', 'results', 'ruleset']);
    expect(r.body.ruleset.version).toBe(versionOf(shippedSource()));
    expect(r.body.results.map((x: any) => x.household)).toEqual(households.map((h) => h.id));
    // Each batch result is the single answer minus the ruleset and date.
    for (const i of [0, 7, 24]) {
      const single = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: households[i], explain: false } });
      const { ruleset: _r, date: _d, ...rest } = single.body;
      expect(r.body.results[i]).toEqual(rest);
    }
  });

  it('points at the household and field of each violation and evaluates nothing', async () => {
    const households = [household('ok-1'), household('bad-1', { rooms: 0 }), household('ok-2'), { id: 'bad-2', members: [] }];
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.pointer)).toEqual(['/households/1/rooms', '/households/3/members']);
  });

  it('refuses a batch over the limit with 413', async () => {
    const households = Array.from({ length: 10_001 }, (_, i) => ({ id: `h${i}`, members: [{ id: 'p' }] }));
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, households } });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:batch-too-large', size: 10_001, limit: 10_000 });
  });

  it('accepts a batch at the limit', async () => {
    const households = Array.from({ length: 10_000 }, (_, i) => household(`L-${i}`));
    const r = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households, explain: false } });
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(10_000);
  });
});

describe('rulesets', () => {
  it('lists every shipped file with id = path without extension and version = sha256 of its text', async () => {
    const r = await call(url, 'GET', '/rulesets');
    expect(r.status).toBe(200);
    const { files } = readRulesetFolder(s.rulesetsDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const listed = r.body.rulesets.find((x: any) => x.id === file.id);
      expect(listed, file.id).toBeDefined();
      expect(listed.updated).toEqual(expect.any(String));
    }
    const mped = r.body.rulesets.find((x: any) => x.id === RULESET);
    expect(mped.version).toBe(versionOf(shippedSource()));
    expect(mped.title).toEqual(expect.any(String));
  });

  it('every shipped ruleset compiles without errors', async () => {
    const list = (await call(url, 'GET', '/rulesets')).body.rulesets;
    for (const { id } of list) {
      const r = await call(url, 'GET', `/rulesets/${id}`);
      expect(r.body.diagnostics.filter((d: any) => d.severity === 'error'), id).toEqual([]);
    }
  });

  it('returns one ruleset with source, metadata, diagnostics and its version as ETag', async () => {
    const r = await call(url, 'GET', `/rulesets/${RULESET}`);
    expect(r.status).toBe(200);
    expect(r.body.source).toBe(shippedSource());
    expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
    expect(r.body.ok).toBe(true);
    expect(r.body.metadata).toMatchObject({ country: 'BO', currency: 'BOB', subject: 'member' });
    expect(Array.isArray(r.body.diagnostics)).toBe(true);
    expect(r.body.folder.in_sync).toBe(true);
  });

  it('answers 404 for unknown rulesets on every ruleset route', async () => {
    for (const path of ['/rulesets/zz/none', '/rulesets/zz/none/versions', '/rulesets/zz/none/schema', '/rulesets/zz/none/export',
      `/rulesets/zz/none/versions/sha256:${'a'.repeat(64)}`, '/rulesets/NOT/valid']) {
      const r = await call(url, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('returns the input schema of a ruleset: the household schema under the ruleset id, with the fields it reads', async () => {
    const r = await call(url, 'GET', `/rulesets/${RULESET}/schema`);
    expect(r.status).toBe(200);
    expect(r.body.$id).toBe(`/rulesets/${RULESET}/schema`);
    expect(r.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(r.body['x-elig-ruleset'].id).toBe(RULESET);
    expect(r.body['x-elig-reads']).toEqual(expect.arrayContaining(['/monthly_income', '/members/*/employment']));
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(r.body);
    expect(validate(HOUSEHOLD)).toBe(true);
    expect(validate({ id: 'x', members: [{ id: 'p', age: 'old' }] })).toBe(false);
  });

  it('exports the current text as a file to commit', async () => {
    const r = await call(url, 'GET', `/rulesets/${RULESET}/export`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="mped.elig"');
    expect(r.headers.get('x-elig-path')).toBe('rulesets/bo/mped.elig');
    expect(r.text).toBe((await current()).source);
  });
});

describe('POST /check', () => {
  it('returns no errors for a shipped ruleset and diagnostics with ranges for a broken one (no auth needed)', async () => {
    const good = await call(url, 'POST', '/check', { json: { source: shippedSource() } });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ id: RULESET, ok: true, version: versionOf(shippedSource()) });
    const broken = shippedSource().replace(/eligible when/, 'eligible when when');
    const bad = await call(url, 'POST', '/check', { json: { source: broken, id: RULESET } });
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.diagnostics.length).toBeGreaterThan(0);
    expect(bad.body.diagnostics[0]).toMatchObject({ code: expect.any(String), severity: 'error', range: { start: { line: expect.any(Number) } } });
  });

  it('rejects a body without source', async () => {
    const r = await call(url, 'POST', '/check', { json: { text: 'x' } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/source', '/text']);
  });
});

describe('saving versions', () => {
  it('needs the bearer token: 401 without it or with a wrong one', async () => {
    const cur = await current();
    const none = await call(url, 'PUT', `/rulesets/${RULESET}`, { json: { source: cur.source, message: 'x' }, headers: { 'if-match': `"${cur.version}"` } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body.type).toBe('urn:elig:problem:unauthorized');
    const wrong = await call(url, 'PUT', `/rulesets/${RULESET}`, { json: { source: cur.source, message: 'x' }, token: 'nope', headers: { 'if-match': `"${cur.version}"` } });
    expect(wrong.status).toBe(401);
    const post = await call(url, 'POST', '/export', {});
    expect(post.status).toBe(401);
    // Auth is checked before the body is parsed.
    const malformed = await call(url, 'PUT', `/rulesets/${RULESET}`, { body: '{', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(401);
  });

  it('needs If-Match on an existing ruleset (428 with the current version)', async () => {
    const cur = await current();
    const r = await save(RULESET, cur.source + '\n# no if-match\n', undefined);
    expect(r.status).toBe(428);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:precondition-required', current_version: cur.version });
  });

  it('keeps a text with check errors as a draft with its diagnostics: listed in the history, never served or published', async () => {
    const id = 'bo/drafty';
    const good = [
      'program bo/drafty "Draft test"', '  country BO', '  currency BOB', '  assumption "test fixture"', '  in force from 2013-01-01', '',
      'parameter max_km: km = 50 assumption "test fixture"', '', 'for household', '',
      'eligible when all of {', '  "near a market town": household.km_to_market_town <= max_km', '}', '', 'benefit once = 0 BOB', '',
    ].join('\n');
    const first = await call(url, 'PUT', `/rulesets/${id}`, { json: { source: good, message: 'first' }, ...auth, headers: { 'if-none-match': '*' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ok: true, published: true, draft: false, publishable: true });
    const near = { id: 'H', km_to_market_town: 10, members: [{ id: 'm', age: 30 }] };
    const served = async (ruleset: string) => call(url, 'POST', '/evaluate', { json: { ruleset, date: DATE, explain: false, household: near } });

    const broken = good.replace('<= max_km', '<= max_kmm');
    const r = await save(id, broken, first.body.version, 'a typo');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'saved', number: 2, ok: false, published: false, draft: true, publishable: false, gate: { ok: false, errors: 1 } });
    expect(r.body.gate_summary).toBe('1 error(s)');
    const error = r.body.diagnostics.find((d: any) => d.severity === 'error');
    expect(error).toMatchObject({ code: 'E-UNKNOWN-NAME', range: { start: { line: 12, column: 56 } } });
    expect(error.message).toMatch(/unknown name `max_kmm`/);

    const history = (await call(url, 'GET', `/rulesets/${id}/versions`)).body;
    expect(history.versions.map((v: any) => [v.number, v.current, v.published, v.errors])).toEqual([[2, true, false, 1], [1, false, true, 0]]);
    const detail = (await call(url, 'GET', `/rulesets/${id}`)).body;
    expect(detail).toMatchObject({ version: r.body.version, ok: false, published: { number: 1 } });
    expect(detail.source).toBe(broken);

    const still = await served(id);
    expect(still.status).toBe(200);
    expect(still.body.ruleset.version).toBe(first.body.version); // /evaluate keeps serving the published version
    const pinned = await served(`${id}@2`);
    expect(pinned.status).toBe(409);
    expect(pinned.body.type).toBe('urn:elig:problem:ruleset-has-errors');

    const publish = await call(url, 'POST', `/rulesets/${id}/publish`, { json: { version: '2', reason: 'we need it today' }, ...auth });
    expect(publish.status).toBe(422);
    expect(publish.body).toMatchObject({ type: 'urn:elig:problem:version-has-errors', number: 2 });
    expect(publish.body.detail).toBe('Version 2 of `bo/drafty` was saved as a draft with 1 check error (the first at line 12, column 56: ' +
      `${error.message}). A version with errors can never be published, even with a reason: fix them and save again, then publish the new version.`);
    expect((await call(url, 'GET', `/rulesets/${id}/publications`)).body.publications).toHaveLength(1);

    const fixed = await save(id, good.replace('= 50', '= 60'), r.body.version, 'fix the typo');
    expect(fixed.body).toMatchObject({ number: 3, ok: true, published: true });
  });

  it('refuses a text whose program header names another ruleset', async () => {
    const cur = await current();
    const r = await save(RULESET, cur.source.replace(/program bo\/mped/, 'program bo/other'), cur.version);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ type: 'urn:elig:problem:program-id-mismatch', header: 'bo/other' });
    expect((await current()).version).toBe(cur.version);
  });

  it('refuses a body that does not match the schema', async () => {
    const cur = await current();
    const r = await call(url, 'PUT', `/rulesets/${RULESET}`, { json: { source: 5 }, ...auth, headers: { 'if-match': `"${cur.version}"` } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/message', '/source']);
  });

  it('saves a new version with If-Match, keeps the old one, and pinned evaluation reproduces each version', async () => {
    const old = await current();
    const edited = old.source + '\n# reviewed by the test\n';
    const r = await save(RULESET, edited, old.version, 'add a review note');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'saved', version: versionOf(edited), parent: old.version, author: 'tester', message: 'add a review note' });
    expect(r.headers.get('etag')).toBe(`"${versionOf(edited)}"`);
    const now = await current();
    expect(now.version).toBe(versionOf(edited));
    expect(now.source).toBe(edited);

    const history = (await call(url, 'GET', `/rulesets/${RULESET}/versions`)).body;
    expect(history.current).toBe(now.version);
    expect(history.versions[0]).toMatchObject({ version: now.version, current: true, number: now.number });
    expect(history.versions.map((v: any) => v.version)).toContain(old.version);

    const oldRecord = await call(url, 'GET', `/rulesets/${RULESET}/versions/${old.version}`);
    expect(oldRecord.status).toBe(200);
    expect(oldRecord.body).toMatchObject({ source: old.source, current: false, version: old.version });
    const byNumber = await call(url, 'GET', `/rulesets/${RULESET}/versions/${old.number}`);
    expect(byNumber.body.version).toBe(old.version);
    expect((await call(url, 'GET', `/rulesets/${RULESET}/versions/999999`)).status).toBe(404);
    expect((await call(url, 'GET', `/rulesets/${RULESET}/versions/sha256:${'f'.repeat(64)}`)).status).toBe(404);

    const request = { date: DATE, household: HOUSEHOLD, explain: false };
    const pinnedOld = await call(url, 'POST', '/evaluate', { json: { ruleset: `${RULESET}@${old.version}`, ...request } });
    expect(pinnedOld.status).toBe(200);
    expect(pinnedOld.body.ruleset.version).toBe(old.version);
    const unpinned = await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, ...request } });
    expect(unpinned.body.ruleset.version).toBe(now.version);
    const pinnedNew = await call(url, 'POST', '/evaluate', { json: { ruleset: `${RULESET}@${now.version}`, ...request } });
    expect(pinnedNew.body).toEqual(unpinned.body);
    expect(pinnedOld.body.decisions).toEqual(unpinned.body.decisions); // a comment changes nothing
  });

  it('answers 412 with the current version and your text when If-Match is stale', async () => {
    const cur = await current();
    const mine = cur.source + '\n# stale edit\n';
    const r = await save(RULESET, mine, versionOf('an older text'));
    expect(r.status).toBe(412);
    expect(r.body).toMatchObject({
      type: 'urn:elig:problem:precondition-failed',
      current: { version: cur.version },
      submitted: { source: mine, version: versionOf(mine) },
    });
  });

  it('saving the current text again stores nothing new', async () => {
    const cur = await current();
    const r = await save(RULESET, cur.source, cur.version);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('unchanged');
    expect((await current()).number).toBe(cur.number);
  });

  it('creates a new ruleset (201, Location) and POST saves like PUT', async () => {
    const source = shippedSource().replace(/program bo\/mped\b/, 'program bo/mped-pilot');
    const created = await call(url, 'PUT', '/rulesets/bo/mped-pilot', { json: { source, message: 'pilot' }, ...auth });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/rulesets/bo/mped-pilot');
    expect(created.body).toMatchObject({ status: 'created', number: 1, author: 'api', parent: null });
    const again = await call(url, 'POST', '/rulesets/bo/mped-pilot', { json: { source: source + '# v2\n', message: 'pilot 2' }, ...auth, headers: { 'if-match': created.headers.get('etag')! } });
    expect(again.status).toBe(200);
    expect(again.body.number).toBe(2);
    const exists = await call(url, 'PUT', '/rulesets/bo/mped-pilot', { json: { source, message: 'x' }, ...auth, headers: { 'if-none-match': '*' } });
    expect(exists.status).toBe(412);
    const evaluated = await call(url, 'POST', '/evaluate', { json: { ruleset: 'bo/mped-pilot', date: DATE, household: HOUSEHOLD } });
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.ruleset.version).toBe(versionOf(source + '# v2\n'));
  });

  it('refuses writes with 503 and instructions when the server has no token', async () => {
    const readOnly = await startTestServer({ token: undefined });
    try {
      const cur = (await call(readOnly.url, 'GET', `/rulesets/${RULESET}`)).body;
      const r = await call(readOnly.url, 'PUT', `/rulesets/${RULESET}`, { json: { source: cur.source, message: 'x' }, token: 'anything' });
      expect(r.status).toBe(503);
      expect(r.body.type).toBe('urn:elig:problem:writes-disabled');
      expect(r.body.detail).toMatch(/ELIG_TOKEN/);
      const evaluate = await call(readOnly.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: HOUSEHOLD } });
      expect(evaluate.status).toBe(200);
    } finally {
      await readOnly.stop();
    }
  });
});

describe('the rulesets/ folder', () => {
  it('exports API edits atomically; a restart then keeps them, and a changed file becomes a new version', async () => {
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'elig-folder-'));
    const first = await startTestServer({ dir });
    const file = join(first.rulesetsDir, 'bo', 'mped.elig');
    const original = readFileSync(file, 'utf8');
    const cur = (await call(first.url, 'GET', `/rulesets/${RULESET}`)).body;
    const edited = original + '\n# edited through the API\n';
    expect((await call(first.url, 'PUT', `/rulesets/${RULESET}`, { json: { source: edited, message: 'api edit' }, ...auth, headers: { 'if-match': `"${cur.version}"` } })).status).toBe(200);
    expect((await call(first.url, 'GET', '/rulesets')).body.rulesets.find((r: any) => r.id === RULESET).folder_in_sync).toBe(false);
    await first.stop();

    // Restart without exporting: the folder still has the old text, but it did not change, so the API edit stays.
    const second = await startTestServer({ dir });
    expect((await call(second.url, 'GET', `/rulesets/${RULESET}`)).body.version).toBe(versionOf(edited));
    expect(second.logs.some((l) => l.msg?.toString().includes('database has a newer version'))).toBe(true);
    const exported = await call(second.url, 'POST', '/export', auth);
    expect(exported.status).toBe(200);
    expect(exported.body.files.find((f: any) => f.id === RULESET)).toMatchObject({ changed: true, version: versionOf(edited), path: 'rulesets/bo/mped.elig' });
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect((await (await import('node:fs/promises')).readdir(join(second.rulesetsDir, 'bo'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await second.stop();

    // A reviewer changes the file in git: on start it becomes the current version, authored by the folder.
    const reviewed = edited.replace('# edited through the API', '# edited through the API, reviewed');
    writeFileSync(file, reviewed);
    const third = await startTestServer({ dir });
    const now = (await call(third.url, 'GET', `/rulesets/${RULESET}`)).body;
    expect(now).toMatchObject({ version: versionOf(reviewed), author: 'rulesets/ folder', folder: { in_sync: true } });
    const versions = (await call(third.url, 'GET', `/rulesets/${RULESET}/versions`)).body.versions.map((v: any) => v.version);
    expect(versions).toEqual([versionOf(reviewed), versionOf(edited), versionOf(original)]);
    await third.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('operations', () => {
  it('GET /healthz', async () => {
    const r = await call(url, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('GET /metrics: request counts by route and status, a latency histogram, decisions', async () => {
    await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: HOUSEHOLD } });
    const r = await call(url, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toMatch(/^elig_http_requests_total\{method="POST",route="\/evaluate",status="200"\} \d+$/m);
    expect(r.text).toMatch(/^elig_http_requests_total\{method="GET",route="\/rulesets\/\{country\}\/\{program\}",status="404"\} \d+$/m);
    expect(r.text).toMatch(/^elig_http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/evaluate"\} \d+$/m);
    expect(r.text).toMatch(/^elig_http_request_duration_seconds_count\{method="POST",route="\/evaluate"\} \d+$/m);
    expect(r.text).toMatch(/^elig_decisions_total\{ruleset="bo\/mped",eligible="(true|false|null)"\} \d+$/m);
    expect(r.text).toMatch(/^# TYPE elig_http_request_duration_seconds histogram$/m);
  });

  it('honours a valid X-Request-Id, generates one otherwise, and echoes it (also in problems)', async () => {
    const given = await call(url, 'GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const generated = await call(url, 'GET', '/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const junk = await call(url, 'GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(junk.headers.get('x-request-id')).not.toBe('bad id with spaces');
    const problem = await call(url, 'GET', '/nowhere', { headers: { 'x-request-id': 'trace-9' } });
    expect(problem.body.request_id).toBe('trace-9');
  });

  it('logs one JSON line per request with its id, and never a household', async () => {
    const marker = 'SECRET-HOUSEHOLD-7f3a';
    await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: household(marker) }, headers: { 'x-request-id': 'log-check-1' } });
    await call(url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: household(marker, { rooms: 'x' }) } });
    const line = s.logs.find((l) => l.request_id === 'log-check-1' && l.msg === 'request');
    expect(line).toMatchObject({ level: 'info', method: 'POST', route: '/evaluate', status: 200, duration_ms: expect.any(Number), ruleset: RULESET });
    expect(JSON.stringify(s.logs)).not.toContain(marker);
  });

  it('answers unknown routes with 404 and wrong methods with 405 + Allow, as problems', async () => {
    const missing = await call(url, 'GET', '/no/such/route');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:elig:problem:not-found');
    const wrong = await call(url, 'DELETE', `/rulesets/${RULESET}`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST, PUT');
    const getEvaluate = await call(url, 'GET', '/evaluate');
    expect(getEvaluate.status).toBe(405);
  });

  it('GET / says how to build the editor when it is not built, and serves it when it is', async () => {
    const r = await call(url, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('npm run build:editor');

    const dist = join(s.dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>editor</title>');
    writeFileSync(join(dist, 'assets', 'editor.worker-abc.js'), 'self.onmessage = () => {};');
    const built = await startTestServer({ editorDist: dist });
    try {
      const index = await call(built.url, 'GET', '/');
      expect(index.text).toContain('<title>editor</title>');
      const worker = await call(built.url, 'GET', '/assets/editor.worker-abc.js');
      expect(worker.status).toBe(200);
      expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await call(built.url, 'GET', '/assets/missing.js')).status).toBe(404);
    } finally {
      await built.stop();
    }
  });
});

describe('decision audit log', () => {
  it('is off by default', () => {
    const db = new Database(join(s.dataDir, 'elig.sqlite'), { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM decision_audit').get() as any).n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('with ELIG_AUDIT stores the version, the hash of the canonical input and a summary — never the record', async () => {
    const audited = await startTestServer({ audit: true });
    try {
      const h = household('AUDIT-1');
      const r = await call(audited.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: h }, headers: { 'x-request-id': 'audit-req' } });
      await call(audited.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, households: [h, household('AUDIT-2')], explain: false } });
      const db = new Database(join(audited.dataDir, 'elig.sqlite'), { readonly: true });
      const rows = db.prepare('SELECT * FROM decision_audit ORDER BY id').all() as any[];
      db.close();
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({
        request_id: 'audit-req', ruleset_id: RULESET, version: r.body.ruleset.version, date: DATE,
        input_sha256: sha256Hex(canonicalJson(h)), raw: null,
      });
      // Key order does not change the hash.
      const reordered = Object.fromEntries(Object.entries(h).reverse());
      expect(sha256Hex(canonicalJson(reordered))).toBe(rows[0].input_sha256);
      expect(JSON.parse(rows[0].summary).decisions).toHaveLength(r.body.decisions.length);
      expect(rows.map((x) => JSON.stringify(x)).join()).not.toContain('AUDIT-1');
    } finally {
      await audited.stop();
    }
  });

  it('stores the raw record only with ELIG_AUDIT_RAW', async () => {
    const audited = await startTestServer({ audit: true, auditRaw: true });
    try {
      await call(audited.url, 'POST', '/evaluate', { json: { ruleset: RULESET, date: DATE, household: household('RAW-1') } });
      const db = new Database(join(audited.dataDir, 'elig.sqlite'), { readonly: true });
      const row = db.prepare('SELECT raw FROM decision_audit').get() as any;
      db.close();
      expect(JSON.parse(row.raw).id).toBe('RAW-1');
    } finally {
      await audited.stop();
    }
  });
});

describe('storage', () => {
  it('keeps the database in ELIG_DATA_DIR in WAL mode', () => {
    expect(existsSync(join(s.dataDir, 'elig.sqlite'))).toBe(true);
    const db = new Database(join(s.dataDir, 'elig.sqlite'), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });
});
