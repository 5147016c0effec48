// POST /evaluate with a JSON body of known length is answered without Express (app.ts, evaluateDirect);
// the same request sent chunked (no Content-Length) goes through Express and body-parser. Both must
// answer alike: status, headers that matter, and the body (problems with their exact messages) but for
// the request id.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

let s: TestServer;
beforeAll(async () => {
  // workers: 0, so a batch is answered on the main thread on both paths.
  s = await startTestServer({ batchLimit: 3, workBudget: 40, workers: 0 });
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

interface Answer { status: number; type: string | undefined; language: string | undefined; vary: string | undefined; body: unknown }

function send(body: string, chunked: boolean, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(s.url);
  const bytes = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path: '/evaluate', method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...(chunked ? {} : { 'content-length': String(bytes.length) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed = JSON.parse(text) as Record<string, unknown>;
        delete parsed.request_id;
        resolve({
          status: res.statusCode ?? 0, type: res.headers['content-type'], language: res.headers['content-language'] as string | undefined,
          vary: res.headers.vary, body: parsed,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (chunked) {
      // Two writes and no Content-Length: Transfer-Encoding: chunked.
      req.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      req.end(bytes.subarray(Math.floor(bytes.length / 2)));
    } else req.end(bytes);
  });
}

const household = {
  id: 'H-1', country: 'BO', area: 'urban', monthly_income: 900,
  members: [{ id: 'p1', relationship: 'head', sex: 'female', age: 30 }, { id: 'p2', relationship: 'child', sex: 'male', age: 9 }],
};
const ok = (extra: Record<string, unknown>) => JSON.stringify({ ruleset: 'bo/mped', date: '2013-06-30', ...extra });

const cases: [string, string, Record<string, string>?][] = [
  ['a single decision without explanation', ok({ household, explain: false })],
  ['a single decision with explanation', ok({ household })],
  ['reasons in Spanish by lang', ok({ household, explain: false, lang: 'es' })],
  ['reasons in Portuguese by Accept-Language', ok({ household, explain: false }), { 'accept-language': 'pt-BR, en;q=0.5' }],
  ['a batch', ok({ households: [household, { ...household, id: 'H-2', monthly_income: 90_000 }], explain: false })],
  ['a UTF-8 byte order mark before the JSON', '\ufeff' + ok({ household, explain: false })],
  ['charset in the type', ok({ household, explain: false }), { 'content-type': 'application/json; charset=UTF-8' }],
  ['truncated JSON', ok({ household }).slice(0, 40)],
  ['JSON that is a string', '"bo/mped"'],
  ['JSON that is a number after spaces', '   42'],
  ['only spaces', '   '],
  ['an array', '[1, 2]'],
  ['an empty object', '{}'],
  ['both household and households', ok({ household, households: [household] })],
  ['a bad field', ok({ household: { ...household, members: [{ ...household.members[0], age: -3 }] } })],
  ['a bad row in a batch', ok({ households: [household, { ...household, rooms: 'two' }], explain: false })],
  ['an unknown ruleset', JSON.stringify({ ruleset: 'bo/none', household })],
  ['an unknown version', JSON.stringify({ ruleset: 'bo/mped@99', household })],
  ['a batch over the limit', ok({ households: [household, household, household, household], explain: false })],
  ['over the work budget', ok({ households: [household, household, household] })],
  ['a date that is no day', ok({ household, date: '2013-02-30' })],
];

describe('POST /evaluate without Express answers as through Express', () => {
  it.each(cases)('%s', async (_name, body, headers) => {
    const direct = await send(body, false, headers);
    const viaExpress = await send(body, true, headers);
    expect(direct).toEqual(viaExpress);
  });

  it('keeps the access log and the metrics of a direct request', async () => {
    const id = 'direct-log-1';
    const url = new URL(s.url);
    await new Promise<void>((resolve, reject) => {
      const body = Buffer.from(ok({ household, explain: false }));
      const req = request({
        host: url.hostname, port: url.port, path: '/evaluate', method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'x-request-id': id },
      }, (res) => {
        expect(res.headers['x-request-id']).toBe(id);
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
    await expect.poll(() => s.logs.find((l) => l.request_id === id && l.msg === 'request')).toMatchObject({
      method: 'POST', route: '/evaluate', path: '/evaluate', status: 200, ruleset: 'bo/mped', household_count: 1,
    });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/elig_http_requests_total\{method="POST",route="\/evaluate",status="200"\} [1-9]/);
    expect(metrics).toMatch(/elig_households_evaluated_total\{ruleset="bo\/mped",mode="single"\} [1-9]/);
  });
});
