// Unit tests of the server's parts that need no HTTP: the store's rules, the folder export, hashing,
// metrics text, header sniffing and error pointers.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOLDER_AUTHOR, Store } from '../../server/store';
import { exportToFolder, readRulesetFolder } from '../../server/export';
import { canonicalJson, versionOf } from '../../server/hash';
import { Metrics } from '../../server/metrics';
import { createLogger } from '../../server/log';
import { joinUtf8 } from '../../server/utf8';
import { readHeader } from '../../server/catalog';
import { splitRef as parseRef } from '../../loader/ref';
import { validateEvaluate, isIsoDate } from '../../server/validate';
import { configFromEnv } from '../../server/config';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'elig-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const src = (n: number) => `program bo/test "Test ${n}"\n  country BO\n  currency BOB\n# ${n}\n`;

describe('Store', () => {
  it('refuses to update or delete a stored version', () => {
    const store = new Store(temp());
    store.save({ id: 'bo/test', source: src(1), title: 'T', author: 'a', message: 'm', ifMatch: undefined });
    expect(() => store.db.prepare("UPDATE versions SET source = 'x'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM versions').run()).toThrow(/never deleted/);
    store.close();
  });

  it('saves under If-Match and answers precondition outcomes without writing', () => {
    const store = new Store(temp());
    const created = store.save({ id: 'bo/test', source: src(1), title: 'T', author: 'a', message: 'm', ifMatch: undefined });
    expect(created.status).toBe('created');
    expect(store.save({ id: 'bo/test', source: src(2), title: 'T', author: 'a', message: 'm', ifMatch: undefined }).status).toBe('precondition-required');
    expect(store.save({ id: 'bo/test', source: src(2), title: 'T', author: 'a', message: 'm', ifMatch: [versionOf('x')] }).status).toBe('precondition-failed');
    expect(store.save({ id: 'bo/test', source: src(2), title: 'T', author: 'a', message: 'm', ifMatch: ['*'] }).status).toBe('saved');
    expect(store.save({ id: 'bo/new', source: src(2), title: 'T', author: 'a', message: 'm', ifMatch: [versionOf('x')] }).status).toBe('precondition-failed');
    expect(store.history('bo/test').map((v) => v.number)).toEqual([2, 1]);
    expect(store.history('bo/new')).toEqual([]);
    store.close();
  });

  it('seeds from the folder: new files, changed files, unchanged files, and API edits not yet exported', () => {
    const dir = temp();
    let store = new Store(dir);
    const file = { id: 'bo/test', source: src(1), title: 'Test 1', path: 'rulesets/bo/test.elig' };
    expect(store.seed([file])[0]!.status).toBe('created');
    expect(store.seed([file])[0]!.status).toBe('unchanged');
    store.save({ id: 'bo/test', source: src(2), title: 'Test 2', author: 'api', message: 'edit', ifMatch: [versionOf(src(1))] });
    store.close();
    store = new Store(dir); // a restart
    expect(store.seed([file])[0]).toMatchObject({ status: 'database-ahead', version: versionOf(src(2)) });
    expect(store.current('bo/test')!.version).toBe(versionOf(src(2)));
    const changed = { ...file, source: src(3) };
    expect(store.seed([changed])[0]!.status).toBe('updated');
    expect(store.current('bo/test')).toMatchObject({ version: versionOf(src(3)), author: FOLDER_AUTHOR, parent: versionOf(src(2)), number: 3 });
    // Reverting the file to an older text is a change too: it becomes a new version with the old hash.
    expect(store.seed([file])[0]!.status).toBe('updated');
    expect(store.history('bo/test').map((v) => v.number)).toEqual([4, 3, 2, 1]);
    expect(store.current('bo/test')!.version).toBe(versionOf(src(1)));
    store.close();
  });
});

describe('exportToFolder', () => {
  it('writes current versions atomically, leaves no temp files, and skips files already up to date', () => {
    const data = temp();
    const folder = temp();
    const store = new Store(data);
    store.save({ id: 'bo/test', source: src(1), title: 'T', author: 'a', message: 'm', ifMatch: undefined });
    store.save({ id: 'pe/other-program', source: src(5).replace('bo/test', 'pe/other-program'), title: 'T', author: 'a', message: 'm', ifMatch: undefined });
    const first = exportToFolder(store, folder);
    expect(first.map((f) => [f.id, f.changed])).toEqual([['bo/test', true], ['pe/other-program', true]]);
    expect(readFileSync(join(folder, 'bo', 'test.elig'), 'utf8')).toBe(src(1));
    expect(exportToFolder(store, folder).every((f) => !f.changed)).toBe(true);
    expect(readdirSync(join(folder, 'bo'))).toEqual(['test.elig']);
    expect(store.ruleset('bo/test')!.folderVersion).toBe(versionOf(src(1)));
    const { files } = readRulesetFolder(folder);
    expect(files.map((f) => f.id)).toEqual(['bo/test', 'pe/other-program']);
    store.close();
  });

  it('reads only files whose path is a ruleset id', () => {
    const folder = temp();
    mkdirSync(join(folder, 'bo', 'drafts'), { recursive: true });
    writeFileSync(join(folder, 'bo', 'ok.elig'), src(1));
    writeFileSync(join(folder, 'bo', 'drafts', 'nested.elig'), src(1));
    writeFileSync(join(folder, 'bo', 'Upper.elig'), src(1));
    writeFileSync(join(folder, 'bo', 'notes.md'), 'x');
    const { files, skipped } = readRulesetFolder(folder);
    expect(files.map((f) => f.id)).toEqual(['bo/ok']);
    expect(skipped).toHaveLength(2);
  });
});

describe('helpers', () => {
  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, 'x'], e: null })).toBe('{"a":[{"c":3,"d":2},"x"],"b":1,"e":null}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('a version is sha256 of the UTF-8 text', () => {
    expect(versionOf('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(versionOf('ñ')).not.toBe(versionOf('n'));
  });

  it('reads the id and title of a program header, even after comments', () => {
    expect(readHeader('# x\n# y\nprogram bo/mped "My \\"First\\" Job"\n')).toEqual({ id: 'bo/mped', title: 'My "First" Job' });
    expect(readHeader('nothing here')).toEqual({ id: undefined, title: null });
    expect(parseRef('bo/mped@sha256:ab')).toEqual({ id: 'bo/mped', version: 'sha256:ab' });
  });

  it('checks ISO dates for real calendar days', () => {
    expect(['2012-02-29', '2013-12-31'].every(isIsoDate)).toBe(true);
    expect(['2013-02-29', '2013-04-31', '13-01-01', '2013-1-1'].some(isIsoDate)).toBe(false);
  });

  it('escapes JSON pointer segments', () => {
    const r = validateEvaluate({ ruleset: 'bo/mped', household: { id: 'h', members: [{ id: 'p', 'a/b~c': 1 }] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.pointer).toBe('/household/members/0/a~1b~0c');
  });

  it('renders Prometheus text with cumulative buckets, escaped labels and the process metrics', async () => {
    const m = new Metrics();
    m.duration.observe({ method: 'GET', route: '/x' }, 0.003);
    m.duration.observe({ method: 'GET', route: '/x' }, 0.2);
    m.requests.inc({ method: 'GET', route: '/a"b\\c', status: '200' });
    const text = await m.render();
    expect(text).toContain('elig_http_request_duration_seconds_bucket{le="0.0025",method="GET",route="/x"} 0');
    expect(text).toContain('elig_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/x"} 1');
    expect(text).toContain('elig_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/x"} 2');
    expect(text).toContain('elig_http_request_duration_seconds_count{method="GET",route="/x"} 2');
    expect(text).toContain('elig_http_requests_total{method="GET",route="/a\\"b\\\\c",status="200"} 1');
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });

  it('logs one JSON object per line and redacts bodies, households and tokens should one reach a log call', () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line)) });
    log.debug('hidden');
    log.info('request', { request_id: 'r1', household: { id: 'H' }, req: { body: 'x', headers: { authorization: 'Bearer s' } }, token: 's' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', request_id: 'r1', household: '[redacted]', token: '[redacted]', req: { body: '[redacted]', headers: '[redacted]' } });
    expect(JSON.stringify(lines[0])).not.toContain('Bearer');
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('writes a flat line (the access log) exactly as the redacting logger would, redacted names included', () => {
    const viaInfo: Record<string, unknown>[] = [];
    const viaFlat: Record<string, unknown>[] = [];
    const a = createLogger({ level: 'info', write: (line) => viaInfo.push(JSON.parse(line)) });
    const b = createLogger({ level: 'info', write: (line) => viaFlat.push(JSON.parse(line)) });
    const lines: Record<string, unknown>[] = [
      { request_id: 'r1', method: 'POST', route: '/evaluate', status: 200, duration_ms: 1.5, bytes_out: undefined, household_count: 3 },
      { request_id: 'r2', households: 3, token: 'secret', source: 'program x', body: 'b', query: 'q=1', cookie: 'c', ok: true, none: null },
      { request_id: 'r3', household: { id: 'H', members: [] }, req: { body: 'x', headers: { authorization: 'Bearer s' } }, token: 's' },
    ];
    for (const fields of lines) {
      a.info('request', { ...fields });
      b.flat!('info', 'request', { ...fields });
    }
    b.flat!('debug', 'request', { request_id: 'hidden' });
    const untimed = (l: Record<string, unknown>) => ({ ...l, time: undefined });
    expect(viaFlat.map(untimed)).toEqual(viaInfo.map(untimed));
    expect(viaFlat[1]).toMatchObject({ households: '[redacted]', token: '[redacted]', source: '[redacted]', body: '[redacted]', query: '[redacted]', cookie: '[redacted]', ok: true });
    expect(JSON.stringify(viaFlat)).not.toMatch(/secret|Bearer|program x/);
  });

  it('joins texts into UTF-8 bytes as Buffer.from(parts.join(sep)) does, in a buffer of its own', () => {
    const cases: [string[], string | undefined][] = [
      [[], ','], [[''], ','], [['a', '', 'b'], ','], [['{"r":"ingreso ≤ 1.000 — sí"}', '{"x":"ação 😀"}', 'plain'], ','], [['ab', 'ç'], undefined],
      [['\ud800 lone surrogate', 'é'], ','],
    ];
    for (const [parts, sep] of cases) {
      const bytes = joinUtf8(parts, sep);
      expect(bytes.equals(Buffer.from(parts.join(sep ?? ''), 'utf8'))).toBe(true);
      expect(bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length).toBe(true);
    }
  });

  it('reads the configuration from the environment with documented defaults', () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, token: undefined, bodyLimit: '5mb', batchLimit: 10_000, audit: false, auditRaw: false });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(configFromEnv({ PORT: '0', ELIG_AUDIT: '1', ELIG_BATCH_LIMIT: '5', ELIG_BODY_LIMIT: '1048576' })).toMatchObject({ port: 0, audit: true, batchLimit: 5, bodyLimit: 1048576 });
    expect(() => configFromEnv({ PORT: 'x' })).toThrow(/PORT/);
    expect(() => configFromEnv({ ELIG_BATCH_LIMIT: '-1' })).toThrow(/ELIG_BATCH_LIMIT/);
  });
});
