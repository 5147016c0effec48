// The server as a process, started like `npm start` does (npx tsx server/main.ts): killed with SIGKILL in
// the middle of saves it restarts with every acknowledged version intact; on SIGTERM it stops accepting,
// finishes the request in flight, closes the database and exits 0.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_RULESETS, TOKEN } from './helpers';
import { spawnServer, type Child } from './child';
import { versionOf } from '../../server/hash';

const RULESET = 'bo/mped';
const dirs: string[] = [];
const children: Child[] = [];
afterAll(() => {
  for (const c of children) c.killGroup('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'elig-process-'));
  dirs.push(dir);
  cpSync(SHIPPED_RULESETS, join(dir, 'rulesets'), { recursive: true });
  return { ELIG_DATA_DIR: join(dir, 'data'), ELIG_RULESETS_DIR: join(dir, 'rulesets'), ELIG_TOKEN: TOKEN, ELIG_EDITOR_DIST: join(dir, 'none') };
}

/** The node process that runs server/main.ts (under npx and tsx). */
const serverPid = (c: Child) => c.lines.find((l) => l.msg === 'listening')!.pid as number;

async function start(env: Record<string, string>) {
  const c = await spawnServer(env);
  children.push(c);
  return c;
}

describe('crash safety', () => {
  it('SIGKILL in the middle of saves loses no acknowledged version and leaves a sound database', async () => {
    const env = sandbox();
    const first = await start(env);
    const acknowledged = new Map<string, string>(); // version → source
    let killed = false;
    let counter = 0;

    const worker = async (w: number) => {
      while (!killed) {
        try {
          const cur = await (await fetch(`${first.url}/rulesets/${RULESET}`)).json();
          const source = `${cur.source}# worker ${w} save ${counter++}\n`;
          const res = await fetch(`${first.url}/rulesets/${RULESET}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'if-match': `"${cur.version}"` },
            body: JSON.stringify({ source, message: `save ${counter}` }),
          });
          if (res.status === 200) acknowledged.set((await res.json()).version, source);
          else await res.arrayBuffer();
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    while (acknowledged.size < 40) await new Promise((r) => setTimeout(r, 5));
    first.killGroup('SIGKILL');
    killed = true;
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    await Promise.all(workers);

    const second = await start(env);
    for (const [version, source] of acknowledged) {
      const res = await fetch(`${second.url}/rulesets/${RULESET}/versions/${version}`);
      expect(res.status, version).toBe(200);
      const body = await res.json();
      expect(body.source).toBe(source);
      expect(versionOf(body.source)).toBe(version);
    }
    const history = (await (await fetch(`${second.url}/rulesets/${RULESET}/versions`)).json()).versions;
    expect(history.length).toBeGreaterThanOrEqual(acknowledged.size + 1);
    expect(history.map((v: any) => v.number)).toEqual(Array.from({ length: history.length }, (_, i) => history.length - i));
    // Each version was saved over its predecessor: the chain of parents is unbroken.
    for (let i = 0; i < history.length - 1; i++) expect(history[i].parent).toBe(history[i + 1].version);
    const db = new Database(join(env.ELIG_DATA_DIR, 'elig.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The server still works after the crash.
    const evaluate = await fetch(`${second.url}/evaluate`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ruleset: RULESET, date: '2013-06-30', household: { id: 'h', members: [{ id: 'p', age: 20 }] } }),
    });
    expect(evaluate.status).toBe(200);
    process.kill(serverPid(second), 'SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 180_000);
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections, closes the database, exits 0', async () => {
    const env = sandbox();
    const c = await start(env);
    const pid = serverPid(c);
    const households = Array.from({ length: 10_000 }, (_, i) => ({
      id: `h${i}`, monthly_income: 500 + i, members: [{ id: 'a', age: 40, employment: 'employed' }, { id: 'b', age: 20, employment: 'unemployed' }],
    }));
    const inFlight = fetch(`${c.url}/evaluate`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // explain: false keeps the batch within the work budget (20,000 decisions; with explanations 400,000 units).
      body: JSON.stringify({ ruleset: RULESET, date: '2013-06-30', households, explain: false }),
    });
    // Signal once the server is handling the batch (in flight: it and this /metrics request), not after a
    // guessed delay: on a busy machine the upload alone can take longer than any fixed wait.
    const handling = async () => {
      const m = await (await fetch(`${c.url}/metrics`)).text();
      return Number(/^elig_http_requests_in_flight (\d+)/m.exec(m)?.[1] ?? 0) >= 2;
    };
    let settled = false;
    void inFlight.finally(() => { settled = true; });
    while (!settled && !(await handling())) await new Promise((r) => setTimeout(r, 20));
    process.kill(pid, 'SIGTERM');
    // Wait for the server to say it is shutting down (a fixed delay is a guess on a busy machine).
    while (!c.lines.some((l) => l.msg === 'shutting down')) await new Promise((r) => setTimeout(r, 20));
    // A new request is refused, or — if the kernel accepted the connection while the batch held the event
    // loop — answered "draining" with Connection: close.
    const late = await fetch(`${c.url}/healthz`).catch(() => undefined);
    if (late) {
      expect(late.status).toBe(503);
      expect(late.headers.get('connection')).toBe('close');
      expect((await late.json()).status).toBe('draining');
    }
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results).toHaveLength(10_000);
    const exit = await c.exited;
    expect(exit.code).toBe(0);
    expect(c.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'stopped']));
    // Closed cleanly: the WAL was checkpointed into the main file.
    const wal = join(env.ELIG_DATA_DIR, 'elig.sqlite-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  }, 180_000);
});
