// `npm run bench:server` — load-tests POST /evaluate over loopback HTTP with keep-alive connections.
// Starts the server as a child process (node + tsx, its own temp data dir, the shipped rulesets, on a
// free port) unless --url points at a running one, then runs three scenarios: single without
// explanation, single with explanation, and batch. Prints a table, or JSON with --json.
//
// The load generator is wrk (Debian's `wrk`, C, one thread: it takes little of the CPU the server
// needs) driven by a Lua script that rotates through the request bodies; without wrk on the PATH, or
// with --load node, a keep-alive loop in this process (which competes with the server for the CPU, so
// its figures are lower). wrk is for this bench only; the tests do not need it.
//
//   npm run bench:server -- [--duration 10] [--warmup 2] [--connections 16] [--batch-connections 4]
//                           [--batch-size 1000] [--ruleset bo/mped] [--date 2013-06-30] [--url http://…]
//                           [--only single,explain,batch] [--load wrk|node] [--json]
// The child server gets this process's environment, so e.g. ELIG_WORKERS=0 compares without worker threads.
//
// Targets (issue #14): single without explanation ≥ 5,000 req/s with p99 < 20 ms; batch ≥ 200,000
// decisions/s.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Options {
  duration: number; warmup: number; connections: number; batchConnections: number; batchSize: number;
  ruleset: string; date: string; url: string | undefined; json: boolean; only: Set<string>; load: 'wrk' | 'node';
}

const hasWrk = () => spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;

function parseArgs(argv: string[]): Options {
  const o: Options = {
    duration: 10, warmup: 2, connections: 16, batchConnections: 4, batchSize: 1000,
    ruleset: 'bo/mped', date: '2013-06-30', url: undefined, json: false, only: new Set(['single', 'explain', 'batch']),
    load: hasWrk() ? 'wrk' : 'node',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--duration': o.duration = Number(next()); break;
      case '--warmup': o.warmup = Number(next()); break;
      case '--connections': case '-c': o.connections = Number(next()); break;
      case '--batch-connections': o.batchConnections = Number(next()); break;
      case '--batch-size': o.batchSize = Number(next()); break;
      case '--ruleset': o.ruleset = next(); break;
      case '--date': o.date = next(); break;
      case '--url': o.url = next(); break;
      case '--json': o.json = true; break;
      case '--only': o.only = new Set(next().split(',')); break;
      case '--load': {
        const v = next();
        if (v !== 'wrk' && v !== 'node') throw new Error('--load is wrk or node');
        o.load = v;
        break;
      }
      case '--help': case '-h':
        process.stdout.write('usage: npm run bench:server -- [--duration s] [--warmup s] [--connections n] [--batch-connections n] [--batch-size n] [--ruleset id] [--date d] [--url u] [--only single,explain,batch] [--load wrk|node] [--json]\n');
        process.exit(0);
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  return o;
}

// ------------------------------------------------------------------ synthetic households (deterministic)

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

function makeHousehold(i: number, random: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const size = 2 + Math.floor(random() * 5);
  const members = Array.from({ length: size }, (_, m) => {
    const age = m === 0 ? 25 + Math.floor(random() * 40) : Math.floor(random() * 35);
    const member: Record<string, unknown> = {
      id: `p${m + 1}`,
      relationship: m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
      sex: pick(['female', 'male'] as const),
      age,
    };
    if (age >= 14) member.employment = pick(['employed', 'unemployed', 'inactive'] as const);
    if (age >= 14) member.secondary_school_type = pick(['public', 'agreement', 'private'] as const);
    if (age >= 14) member.schooling = pick(['primary_complete', 'secondary_incomplete', 'secondary_complete'] as const);
    if (age >= 4 && age <= 18) member.enrollment = { level: pick(['primary', 'secondary'] as const), year: 1 + Math.floor(random() * 6), school_type: 'public', attendance_rate: Math.round(random() * 100) / 100 };
    if (age >= 15 && age <= 45 && member.sex === 'female') member.pregnant = random() < 0.1;
    if (age < 2) member.child_checkups = Math.floor(random() * 6);
    return member;
  });
  return {
    id: `BENCH-${i}`,
    country: 'BO',
    area: pick(['urban', 'suburban', 'rural'] as const),
    monthly_income: Math.round(random() * 6000),
    electricity: { kwh_per_month: Math.round(random() * 200), bill_per_month: Math.round(random() * 1500) / 10 },
    housing: pick(['rented', 'lent', 'owned_irregular_plot', 'owned_regular_plot'] as const),
    rooms: 1 + Math.floor(random() * 4),
    members,
  };
}

// ------------------------------------------------------------------ the server under test

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The server as in production (info-level JSON logs, to /dev/null here), in its own process. */
async function startChild(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'elig-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repo,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ELIG_DATA_DIR: join(dir, 'data'), ELIG_LOG_LEVEL: 'info', ELIG_AUDIT: '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error('the server exited during start-up');
    if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await settle(child.pid);
  return { url, child, dir };
}

/** Wait until the server process is idle (below 5% of a core over half a second, at most 60 s): /healthz
 *  answers before the evaluation and checking workers have loaded and compiled the rulesets, and their
 *  start-up CPU would otherwise be counted against the first scenario. */
async function settle(pid: number | undefined): Promise<void> {
  if (cpuSecondsOf(pid) === undefined) return;
  const deadline = Date.now() + 60_000;
  let before = cpuSecondsOf(pid)!;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSecondsOf(pid);
    if (now === undefined) return;
    if (now - before < 0.025) return;
    before = now;
  }
}

// ------------------------------------------------------------------ the load generator

interface Result {
  scenario: string; connections: number; households_per_request: number; requests: number; errors: number;
  seconds: number; requests_per_second: number; households_per_second: number; decisions_per_second: number;
  p50_ms: number; p90_ms: number; p99_ms: number; max_ms: number;
  /** The server process's CPU time (all its threads) per request, from /proc: unlike the rates, it hardly
   *  moves when other processes load the machine. null without /proc or with --url. */
  server_cpu_ms_per_request: number | null;
  /** What one fully used core would serve: decisions per CPU-second of the server. */
  decisions_per_server_cpu_s: number | null;
}

/** The server child's pid, when this bench started it. */
let serverPid: number | undefined;

/** user + system CPU seconds of a process (every thread), or undefined where /proc cannot tell. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks (100 on Linux)
  } catch {
    return undefined;
  }
}

function cpuFigures(cpu: number | undefined, requests: number, decisions: number) {
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  if (cpu === undefined || requests === 0) return { server_cpu_ms_per_request: null, decisions_per_server_cpu_s: null };
  return { server_cpu_ms_per_request: round((cpu * 1000) / requests), decisions_per_server_cpu_s: cpu > 0 ? Math.round(decisions / cpu) : null };
}

function post(agent: Agent, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      agent, host: url.hostname, port: url.port, path: '/evaluate', method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function countDecisions(text: string, batch: boolean): number {
  const body = JSON.parse(text);
  if (!batch) return body.decisions.length;
  let n = 0;
  for (const r of body.results) n += r.decisions.length;
  return n;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(
  name: string, baseUrl: string, bodies: Buffer[], householdsPerRequest: number, connections: number, options: Options,
): Promise<Result> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const batch = householdsPerRequest > 1 || name.startsWith('batch');
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let requests = 0, errors = 0, decisions = 0;
  let next = 0;
  const loop = async () => {
    while (!stop) {
      const body = bodies[next++ % bodies.length]!;
      const started = process.hrtime.bigint();
      try {
        const res = await post(agent, url, body);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (!measuring) continue;
        requests++;
        latencies.push(ms);
        if (res.status !== 200) errors++;
        else decisions += countDecisions(res.text, batch);
      } catch {
        if (measuring) errors++;
      }
    }
  };
  const loops = Array.from({ length: connections }, loop);
  await new Promise((r) => setTimeout(r, options.warmup * 1000));
  measuring = true;
  const started = process.hrtime.bigint();
  const cpu0 = cpuSecondsOf(serverPid);
  await new Promise((r) => setTimeout(r, options.duration * 1000));
  measuring = false;
  const cpu1 = cpuSecondsOf(serverPid);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stop = true;
  await Promise.all(loops);
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    scenario: name, connections, households_per_request: householdsPerRequest, requests, errors, seconds: round(seconds),
    requests_per_second: round(requests / seconds, 0),
    households_per_second: round((requests * householdsPerRequest) / seconds, 0),
    decisions_per_second: round(decisions / seconds, 0),
    p50_ms: round(percentile(sorted, 50)), p90_ms: round(percentile(sorted, 90)), p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
    ...cpuFigures(cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined, requests, decisions),
  };
}

// ------------------------------------------------------------------ wrk

/** wrk's Lua: bodies one per line in a file, taken in turn; the summary printed as one JSON line. */
const WRK_SCRIPT = `
local bodies = {}
for line in io.lines(os.getenv("ELIG_BENCH_BODIES")) do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.path = "/evaluate"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nELIG {"requests":%d,"us":%d,"errors":%d,"p50":%.0f,"p90":%.0f,"p99":%.0f,"max":%.0f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

/** One wrk run (a warm-up run first, not counted). Decisions per request come from `decisionsPerBody`
 *  (every body answered once before), as wrk does not read the answers. */
function runWrk(
  name: string, baseUrl: string, bodies: Buffer[], householdsPerRequest: number, decisionsPerBody: number[],
  connections: number, options: Options, dir: string,
): Result {
  const bodiesFile = join(dir, `bodies-${householdsPerRequest}.jsonl`);
  writeFileSync(bodiesFile, bodies.map((b) => b.toString('utf8')).join('\n') + '\n');
  const script = join(dir, 'bench.lua');
  writeFileSync(script, WRK_SCRIPT);
  const once = (seconds: number) => {
    const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--timeout', '30s', '-s', script, `${baseUrl}/evaluate`], {
      encoding: 'utf8', env: { ...process.env, ELIG_BENCH_BODIES: bodiesFile }, maxBuffer: 1 << 24,
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('ELIG '));
    if (!line) throw new Error(`wrk gave no summary: ${r.stdout}${r.stderr}${r.error ?? ''}`);
    return JSON.parse(line.slice(5)) as { requests: number; us: number; errors: number; p50: number; p90: number; p99: number; max: number };
  };
  if (options.warmup > 0) once(options.warmup);
  const cpu0 = cpuSecondsOf(serverPid);
  const w = once(options.duration);
  const cpu1 = cpuSecondsOf(serverPid);
  const seconds = w.us / 1e6;
  const perRequest = decisionsPerBody.reduce((a, b) => a + b, 0) / decisionsPerBody.length;
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    scenario: name, connections, households_per_request: householdsPerRequest, requests: w.requests, errors: w.errors,
    seconds: round(seconds), requests_per_second: round(w.requests / seconds, 0),
    households_per_second: round((w.requests * householdsPerRequest) / seconds, 0),
    decisions_per_second: round(((w.requests - w.errors) * perRequest) / seconds, 0),
    p50_ms: round(w.p50 / 1000), p90_ms: round(w.p90 / 1000), p99_ms: round(w.p99 / 1000), max_ms: round(w.max / 1000),
    ...cpuFigures(cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined, w.requests, (w.requests - w.errors) * perRequest),
  };
}

function table(results: Result[]): string {
  const head = ['scenario', 'conns', 'hh/req', 'requests', 'errors', 'req/s', 'decisions/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'srv CPU ms/req', 'decisions/CPU-s'];
  const rows = results.map((r) => [
    r.scenario, r.connections, r.households_per_request, r.requests, r.errors, r.requests_per_second,
    r.decisions_per_second, r.p50_ms, r.p90_ms, r.p99_ms, r.max_ms, r.server_cpu_ms_per_request ?? '-', r.decisions_per_server_cpu_s ?? '-',
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = options.url ? undefined : await startChild();
  serverPid = started?.child.pid;
  const baseUrl = options.url ?? started!.url;
  try {
    const random = rng(42);
    const households = Array.from({ length: Math.max(options.batchSize, 500) }, (_, i) => makeHousehold(i, random));
    const single = (explain: boolean) =>
      households.slice(0, 500).map((h) => Buffer.from(JSON.stringify({ ruleset: options.ruleset, date: options.date, household: h, explain })));
    const batchBodies = [0, 1, 2, 3].map((k) => {
      const rotated = [...households.slice(k * 7), ...households.slice(0, k * 7)].slice(0, options.batchSize);
      return Buffer.from(JSON.stringify({ ruleset: options.ruleset, date: options.date, households: rotated, explain: false }));
    });
    // One request first, so a wrong ruleset fails loudly instead of as a table of errors.
    const probe = await post(new Agent(), new URL(baseUrl), single(false)[0]!);
    if (probe.status !== 200) throw new Error(`probe request failed with ${probe.status}: ${probe.text.slice(0, 500)}`);

    const results: Result[] = [];
    const log = (m: string) => { if (!options.json) process.stderr.write(m); };
    log(`bench: ${baseUrl}, ${options.duration}s per scenario after ${options.warmup}s warm-up, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, load from ${options.load}\n`);
    const scratch = mkdtempSync(join(tmpdir(), 'elig-bench-load-'));
    const scenario = async (name: string, bodies: Buffer[], perRequest: number, connections: number): Promise<Result> => {
      if (options.load === 'node') return run(name, baseUrl, bodies, perRequest, connections, options);
      const decisions: number[] = [];
      for (const body of bodies) {
        const r = await post(new Agent(), new URL(baseUrl), body);
        if (r.status !== 200) throw new Error(`${name}: a request failed with ${r.status}: ${r.text.slice(0, 300)}`);
        decisions.push(countDecisions(r.text, perRequest > 1));
      }
      return runWrk(name, baseUrl, bodies, perRequest, decisions, connections, options, scratch);
    };
    try {
      if (options.only.has('single')) {
        log('  single, explain: false …\n');
        results.push(await scenario('single, explain: false', single(false), 1, options.connections));
      }
      if (options.only.has('explain')) {
        log('  single, explain: true …\n');
        results.push(await scenario('single, explain: true', single(true), 1, options.connections));
      }
      if (options.only.has('batch')) {
        log(`  batch of ${options.batchSize}, explain: false …\n`);
        results.push(await scenario(`batch ${options.batchSize}, explain: false`, batchBodies, options.batchSize, options.batchConnections));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }

    const singleResult = results.find((r) => r.scenario === 'single, explain: false');
    const batchResult = results.find((r) => r.scenario.startsWith('batch'));
    const targets: Record<string, { target: number; actual: number; ok: boolean }> = {};
    if (singleResult) {
      targets.single_req_per_s = { target: 5000, actual: singleResult.requests_per_second, ok: singleResult.requests_per_second >= 5000 };
      targets.single_p99_ms = { target: 20, actual: singleResult.p99_ms, ok: singleResult.p99_ms < 20 };
    }
    if (batchResult) {
      targets.batch_decisions_per_s = { target: 200_000, actual: batchResult.decisions_per_second, ok: batchResult.decisions_per_second >= 200_000 };
    }
    if (options.json) {
      process.stdout.write(JSON.stringify({ url: baseUrl, ruleset: options.ruleset, date: options.date, node: process.version, cpus: cpus().length, load_average: loadavg()[0], load: options.load, results, targets }, null, 2) + '\n');
    } else {
      process.stdout.write('\n' + table(results) + '\n\n');
      for (const [name, t] of Object.entries(targets)) process.stdout.write(`${t.ok ? 'ok  ' : 'MISS'} ${name}: ${t.actual} (target ${name.endsWith('ms') ? '<' : '≥'} ${t.target})\n`);
    }
  } finally {
    if (started) {
      started.child.kill('SIGTERM');
      await new Promise((r) => started.child.once('exit', r));
      rmSync(started.dir, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
