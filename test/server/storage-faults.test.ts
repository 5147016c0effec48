// Faults of the data directory on a real file system: a small tmpfs the test mounts (we run as root on CI).
// Where mounting is not permitted the tests are skipped, saying why.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startTestServer, TOKEN } from './helpers';

const RULESET = 'bo/mped';
const evaluation = { ruleset: RULESET, date: '2013-06-30', household: { id: 'h', monthly_income: 100, members: [{ id: 'p', age: 20 }] } };
const mounts: string[] = [];

function mount(dir: string, options: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  mounts.push(dir);
}

function unmount(dir: string): void {
  execFileSync('umount', [dir]);
  mounts.splice(mounts.indexOf(dir), 1);
}

/** Can this process mount a tmpfs? (root in a container that allows it) */
const mountable = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'elig-mount-probe-'));
  try {
    mount(probe, 'size=1m');
    execFileSync('umount', [probe]);
    mounts.pop();
    return true;
  } catch (error) {
    console.warn(`storage-faults: skipped — cannot mount a tmpfs here (${String((error as Error).message).split('\n')[0]})`);
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

afterAll(() => {
  for (const dir of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {
      /* already gone */
    }
  }
});

/** Fill the file system holding `dir` until it has no byte left. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  try {
    for (;;) writeSync(fd, chunk.subarray(0, 512));
  } catch {
    /* the last blocks */
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!mountable)('a full disk', () => {
  it('decisions are still answered while the audit log cannot be written; /healthz says degraded and why; saves get 507', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-full-'));
    const dataDir = join(dir, 'data');
    mount(dataDir, 'size=16m');
    const s = await startTestServer({ dir, dataDir, workers: 0, audit: true });
    try {
      expect((await call(s.url, 'POST', '/evaluate', { json: evaluation })).status).toBe(200);
      fill(dataDir);
      // Enough rows that SQLite must grow its files.
      const batch = { ruleset: RULESET, date: '2013-06-30', explain: false, households: Array.from({ length: 2000 }, (_, i) => ({ id: `h${i}`, monthly_income: 100 + i, members: [{ id: 'p', age: 20 }] })) };
      const r = await call(s.url, 'POST', '/evaluate', { json: batch });
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(2000);
      const health = await call(s.url, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.degraded.join(' ')).toMatch(/audit log writes failing .*SQLITE_FULL/);
      expect((await call(s.url, 'GET', '/metrics')).text).toMatch(/^elig_audit_write_failures_total\{code="SQLITE_FULL"\} [1-9]/m);

      const current = await call(s.url, 'GET', `/rulesets/${RULESET}`);
      const source = current.body.source + '# a comment long enough to need a new page\n'.repeat(2000);
      const save = await call(s.url, 'PUT', `/rulesets/${RULESET}`, { json: { source, message: 'on a full disk' }, token: TOKEN, headers: { 'if-match': `"${current.body.version}"` } });
      expect(save.status).toBe(507);
      expect(save.body).toMatchObject({ type: 'urn:elig:problem:disk-full' });
      expect(save.body.detail).toContain('your text was not saved — copy it');
    } finally {
      rmSync(join(dataDir, 'filler'), { force: true });
      await s.stop();
      unmount(dataDir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!mountable)('a read-only data directory', () => {
  it('the server starts read-only, serves decisions from what it can read, and refuses saves saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-ro-'));
    const dataDir = join(dir, 'data');
    mount(dataDir, 'size=16m');
    const first = await startTestServer({ dir, dataDir, workers: 0 });
    await first.close();
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);
    const s = await startTestServer({ dir, dataDir, workers: 1 });
    try {
      expect(s.logs.some((l) => l.msg === 'starting read-only: decisions are served, saves are refused')).toBe(true);
      const health = await call(s.url, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.degraded[0]).toContain('read-only');
      expect((await call(s.url, 'POST', '/evaluate', { json: evaluation })).status).toBe(200);
      const batch = { ruleset: RULESET, date: '2013-06-30', explain: false, households: Array.from({ length: 300 }, (_, i) => ({ id: `h${i}`, members: [{ id: 'p', age: 20 }] })) };
      expect((await call(s.url, 'POST', '/evaluate', { json: batch })).status).toBe(200);
      const current = await call(s.url, 'GET', `/rulesets/${RULESET}`);
      const save = await call(s.url, 'PUT', `/rulesets/${RULESET}`, { json: { source: current.body.source + '#\n', message: 'm' }, token: TOKEN, headers: { 'if-match': `"${current.body.version}"` } });
      expect(save.status).toBe(503);
      expect(save.body.type).toBe('urn:elig:problem:read-only');
      expect(save.body.reason).toMatch(/not writable \(EROFS\)/);
      const check = await call(s.url, 'POST', '/check', { json: { source: current.body.source } });
      expect(check.status).toBe(200);
    } finally {
      await s.close();
      unmount(dataDir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
