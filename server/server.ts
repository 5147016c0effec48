// Start and stop the service: open the store, seed it from rulesets/, listen, and shut down gracefully
// (stop accepting, let in-flight requests finish, close the database). main.ts calls this with the
// environment; tests and the bench call it directly with a temp data dir and port 0.
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { createApp, type App } from './app';
import { CheckPool, DEFAULT_CHECK_TIMEOUT_MS } from './check-pool';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { readRulesetFolder } from './export';
import { createLogger, type Level, type Logger } from './log';
import { EvaluationPool } from './pool';
import { Store } from './store';
import { quarantineInvalidRulesetIds } from './store-repair';
import { DEFAULT_TOKEN, hashToken, Tokens, type TokenEntry } from './auth';

const netClose = NetServer.prototype.close;
/** After the shutdown timeout, how long a response still being written may go without progress. */
const STALLED_CLIENT_MS = 10_000;

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  rulesetsDir: string | undefined;
  /** One write token, of a publisher named "api" (ELIG_TOKEN). */
  token: string | undefined;
  /** Named tokens with roles (ELIG_TOKENS_FILE / ELIG_TOKENS, or the embedded default; see auth.ts). */
  tokens?: TokenEntry[];
  bodyLimit: number | string;
  batchLimit: number;
  audit: boolean;
  auditRaw: boolean;
  logLevel: Level;
  shutdownTimeoutMs: number;
  synchronous: 'NORMAL' | 'FULL';
  editorDist?: string;
  /** Evaluation worker threads for large batches (0: evaluate on the main thread). */
  workers: number;
  /** Work units one /evaluate request may cause (ELIG_WORK_BUDGET); default 100,000. */
  workBudget?: number;
  /** Time budget of one check in the checking worker (ELIG_CHECK_TIMEOUT_MS); 0 checks in-process. */
  checkTimeoutMs?: number;
  /** Key of the audit log's member-id hashes (ELIG_AUDIT_KEY); default: `audit.key` in the data dir. */
  auditKey?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  store: Store;
  app: App;
  log: Logger;
  /** Stop accepting, finish in-flight requests (up to shutdownTimeoutMs), close the database. */
  close(): Promise<void>;
}

export async function startServer<L extends LoadedRulesetLike>(
  config: ServerConfig,
  engine: EnginePort<L>,
  logger?: Logger,
): Promise<RunningServer> {
  const log = logger ?? createLogger({ level: config.logLevel });
  const store = new Store(config.dataDir, { synchronous: config.synchronous });
  if (store.readOnlyReason) log.warn('starting read-only: decisions are served, saves are refused', { reason: store.readOnlyReason });
  for (const q of quarantineInvalidRulesetIds(store)) {
    log.warn('quarantined a ruleset whose id is not valid; its versions are kept', { ruleset: q.id.slice(0, 80), length: q.id.length, reason: q.reason });
  }
  // Schema 2 (drafts, publications, pins) after the repairs, so a quarantined row is never published.
  store.upgrade();

  if (config.rulesetsDir && !store.db.readonly) seedFromFolder(store, config.rulesetsDir, log, engine);

  // Workers open the database themselves: impossible when only a read-only snapshot of it could be read.
  const canShare = existsSync(store.file) && (!store.db.memory || store.db.readonly);
  const pool = config.workers > 0 && canShare
    ? new EvaluationPool(config.workers, config.dataDir, (error) => log.error('evaluation worker failed', { error: { name: error.name, message: error.message } }))
    : undefined;
  const checkTimeoutMs = config.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const checker = checkTimeoutMs > 0 && canShare
    ? new CheckPool(config.dataDir, checkTimeoutMs, (error) => log.warn('checking worker stopped', { error: { name: error.name, message: error.message } }))
    : undefined;
  checker?.warm(); // saves run the publishing gate in it: load it while the server starts
  const app = createApp({
    store, engine, pool, checker, token: config.token, tokens: config.tokens ? new Tokens(config.tokens) : undefined, bodyLimit: config.bodyLimit, batchLimit: config.batchLimit,
    audit: config.audit, auditRaw: config.auditRaw, auditKey: config.auditKey,
    workBudget: config.workBudget, rulesetsDir: config.rulesetsDir, editorDist: config.editorDist, logger: log,
  });
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 120_000 }, app);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  // Connection tracking for a graceful stop. Node's own server.close() also calls closeIdleConnections(),
  // which destroys a keep-alive socket as soon as its response has been *ended* even if megabytes of a
  // batch answer are still being written; so we stop listening with net.Server's close and end each socket
  // ourselves once it has no request in flight (end() flushes pending writes before the FIN).
  const inFlight = new Map<Socket, number>();
  /** The response each connection is answering now (keep-alive connections answer one at a time). */
  const answering = new Map<Socket, ServerResponse>();
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => {
      inFlight.delete(socket);
      answering.delete(socket);
    });
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    answering.set(socket, res);
    res.once('close', () => {
      const n = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, n);
      if (answering.get(socket) === res) answering.delete(socket);
      if (app.state.draining && n === 0) socket.end();
    });
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      app.state.draining = true;
      log.info('shutting down', { timeout_ms: config.shutdownTimeoutMs, connections: inFlight.size });
      const force = setTimeout(() => {
        // A response already being written is let finish: destroying its socket would truncate it (a batch
        // computed on a busy machine can take longer than the timeout and then still be sending). Only a
        // client that stops reading for STALLED_CLIENT_MS loses it. Connections still waiting are closed.
        let writing = 0;
        for (const socket of inFlight.keys()) {
          const res = answering.get(socket);
          // `finish` only means handed to the socket: megabytes may still be queued in it after end().
          if ((res && res.headersSent && !res.writableFinished) || socket.writableLength > 0) {
            writing++;
            socket.setTimeout(STALLED_CLIENT_MS, () => socket.destroy());
          } else socket.destroy();
        }
        log.warn('shutdown timeout: closing remaining connections', { timeout_ms: config.shutdownTimeoutMs, still_writing: writing });
      }, config.shutdownTimeoutMs);
      force.unref();
      netClose.call(server, async () => {
        clearTimeout(force);
        await Promise.all([pool?.close(), checker?.close()]);
        try {
          store.close();
        } catch (error) {
          log.error('closing the database failed', { error });
        }
        log.info('stopped');
        resolve();
      });
      for (const [socket, n] of inFlight) if (n === 0) socket.end();
    });
    return closing;
  };

  if (config.tokens?.length === 1 && config.tokens[0]!.sha256 === hashToken(DEFAULT_TOKEN)) {
    log.warn('writes use the embedded default token (a publisher named "local designer"); set ELIG_TOKENS_FILE before listening beyond this machine', { token: DEFAULT_TOKEN });
  }
  log.info('listening', { url, pid: process.pid, data_dir: config.dataDir, workers: config.workers, writes: config.tokens?.length ? `${config.tokens.length} named token(s)` : config.token ? 'enabled (ELIG_TOKEN)' : 'disabled (set ELIG_TOKENS_FILE, ELIG_TOKENS or ELIG_TOKEN)', audit: config.audit });
  return { server, url, store, app, log, close };
}

/** Store each rulesets/ file whose text is new as a version; see Store.seed for the rules. */
export function seedFromFolder<L extends LoadedRulesetLike>(store: Store, dir: string, log: Logger, engine?: EnginePort<L>): void {
  const { files, skipped } = readRulesetFolder(dir);
  for (const path of skipped) log.warn('skipped a file whose path is not a ruleset id', { path });
  void engine; // titles come from the parser's header (readRulesetFolder), also for files with errors
  const results = store.seed(files);
  for (const r of results) {
    if (r.status === 'created' || r.status === 'updated') log.info('seeded ruleset from folder', { ruleset: r.id, version: r.version, status: r.status });
    if (r.status === 'database-ahead') {
      log.warn('database has a newer version than the rulesets/ folder; export it for review', { ruleset: r.id, current: r.version });
    }
  }
}
