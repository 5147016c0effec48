// Optimistic concurrency: saves racing on the same If-Match — exactly one wins, every loser gets 412 with
// its own text back, and nothing is lost: the loser can merge and save on top of the winner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, recorded, startTestServer, TOKEN, type TestServer } from './helpers';
import { checkResponse } from './openapi-check';
import { versionOf } from '../../server/hash';

const RULESET = 'bo/mped';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
  expect(recorded.flatMap(checkResponse)).toEqual([]);
});

const put = (source: string, ifMatch: string, message: string) =>
  call(s.url, 'PUT', `/rulesets/${RULESET}`, { json: { source, message }, token: TOKEN, headers: { 'if-match': `"${ifMatch}"` } });

describe('concurrent saves with the same If-Match', () => {
  it('two saves: one wins, the other gets 412 with its text, and both versions end up retrievable', async () => {
    const base = (await call(s.url, 'GET', `/rulesets/${RULESET}`)).body;
    const alice = base.source + '\n# alice\n';
    const bob = base.source + '\n# bob\n';
    const [a, b] = await Promise.all([put(alice, base.version, 'alice'), put(bob, base.version, 'bob')]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const loserText = loser === a ? alice : bob;
    expect(loser.body.current.version).toBe(winner.body.version);
    expect(loser.body.submitted.source).toBe(loserText);

    // The loser merges onto the winner with the new ETag.
    const merged = (winner === a ? alice : bob) + (loser === a ? '# alice\n' : '# bob\n');
    const retry = await put(merged, winner.body.version, 'merged');
    expect(retry.status).toBe(200);
    const history = (await call(s.url, 'GET', `/rulesets/${RULESET}/versions`)).body.versions.map((v: any) => v.version);
    expect(history.slice(0, 3)).toEqual([versionOf(merged), winner.body.version, base.version]);
    for (const v of [versionOf(merged), winner.body.version, base.version]) {
      expect((await call(s.url, 'GET', `/rulesets/${RULESET}/versions/${v}`)).status).toBe(200);
    }
  });

  it('twenty racing saves: exactly one wins and the history has no gaps', async () => {
    const base = (await call(s.url, 'GET', `/rulesets/${RULESET}`)).body;
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => put(`${base.source}\n# racer ${i}\n`, base.version, `racer ${i}`)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 412)).toHaveLength(19);
    const history = (await call(s.url, 'GET', `/rulesets/${RULESET}/versions`)).body.versions;
    expect(history.map((v: any) => v.number)).toEqual(Array.from({ length: history.length }, (_, i) => history.length - i));
    expect(history[0].parent).toBe(base.version);
  });
});

describe('ids', () => {
  it('a save to a path that is not a ruleset id answers 400 and says why', async () => {
    const r = await call(s.url, 'PUT', '/rulesets/BO/Not_An_Id', { json: { source: 'x', message: 'm' }, token: TOKEN });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe('urn:elig:problem:invalid-ruleset-id');
    expect(r.body.detail).toContain('two-letter country code');
  });
});
