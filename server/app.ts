// The HTTP routes of the decision service. Everything stateful is passed in (store, engine, settings), so
// tests build an app on a temp database and main.ts only reads the environment and listens.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rulesetIdError } from '../dsl/ruleset-id';
import { dirname } from 'node:path';
import { AuditLog, auditKey, type AuditSummary } from './audit';
import { roleAtLeast, Tokens, type Author, type Role } from './auth';
import { Catalog, hasErrors, readHeader } from './catalog';
import { gateReport, gateSeed, gateSummary, incompleteGate, type GateReport } from './gate';
import { GateCache } from './gate-cache';
import { runGate } from './gate-run';
import { conflictMarkerLine, threeWayMerge } from './merge';
import { parsePin } from '../loader/ref';
import type { CheckPool } from './check-pool';
import { fieldsRead, inputSchemaOf, metadataOf } from './describe';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { exportToFolder } from './export';
import { canonicalJson, sha256Hex, versionOf } from './hash';
import { silentLogger, type Logger } from './log';
import { Metrics } from './metrics';
import { buildOpenApi } from './openapi';
import type { EvaluationPool, RunBlock, RunResult } from './pool';
import { Problem, problems, sendProblem } from './problems';
import { isPlainJsonType, parseStrictJson, sizeInBytes } from './json-body';
import { joinUtf8 } from './utf8';
import { editorAssets, editorIndex, DEFAULT_EDITOR_DIST } from './static';
import type { AuditRow, Store, VersionRecord } from './store';
import {
  todayUtc, validateCheck, validateEvaluate, validateMerge, validatePublish, validateSave,
  type EvaluateBody,
} from './validate';
import { COUNTERFACTUAL_CAP, DEFAULT_WORK_BUDGET, estimateWork, estimateWorkOf } from './work-budget';
import { storageProblem } from './storage-errors';
import type { Decision, EvaluateResponse } from '../engine/decision';
import { langFromAcceptLanguage } from '../engine/explain';
import type { Diagnostic } from '../dsl/diagnostics';

export interface AppOptions<L extends LoadedRulesetLike = LoadedRulesetLike> {
  store: Store;
  engine: EnginePort<L>;
  /** One bearer token for writes, of a publisher named "api" (ELIG_TOKEN); see `tokens`. */
  token?: string;
  /** Named tokens with roles (auth.ts). With neither `token` nor `tokens`, writes are disabled (503). */
  tokens?: Tokens;
  /** Maximum request body, in bytes or a size string ("5mb"). Default 5 MB. */
  bodyLimit?: number | string;
  /** Maximum households in one batch request. Default 10,000. */
  batchLimit?: number;
  /** Record a decision audit row per evaluated household (hash of the input, never the record). */
  audit?: boolean;
  /** Also store the raw household in the audit row (personal data: off unless asked for). */
  auditRaw?: boolean;
  /** Key of the audit log's member-id hashes (ELIG_AUDIT_KEY); default: `audit.key` beside the database. */
  auditKey?: string;
  /** Work units one /evaluate request may cause (server/work-budget.ts). Default 100,000. */
  workBudget?: number;
  /** Checks off the main thread with a time budget; without it /check and saves check in-process. */
  checker?: CheckPool;
  /** Folder that POST /export writes to (the git-reviewed rulesets/ folder). */
  rulesetsDir?: string;
  editorDist?: string;
  /** Worker threads for large batches; without it every batch is evaluated on the main thread. */
  pool?: EvaluationPool;
  /** Batches of at least this many households go to the pool. Default 256. */
  poolMinBatch?: number;
  /** /evaluate bodies of at least this many bytes (by Content-Length, UTF-8) go to the pool as raw bytes,
   *  parsed and validated there. Default 64 KiB. */
  poolMinBytes?: number;
  logger?: Logger;
  metrics?: Metrics;
}

export interface AppState {
  catalog: Catalog<LoadedRulesetLike>;
  metrics: Metrics;
  /** Set by main.ts when shutting down: responses then close their connection. */
  draining: boolean;
}

/** The routes this app registers, in OpenAPI's path syntax; the OpenAPI test checks them all. */
export interface RouteInfo { method: 'get' | 'post' | 'put'; path: string; expressPath: string }

const REQUEST_ID = /^[A-Za-z0-9._:\-]{1,128}$/;
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
const DEFAULT_BATCH_LIMIT = 10_000;

export type App = express.Express & { state: AppState; routes: RouteInfo[] };

type Handler = (req: Request, res: Response) => void | Promise<void>;

/** What a request carries through its handlers (Express's `res.locals`; evaluateDirect sets its own). */
interface Locals {
  requestId: string;
  /** The route template, for metrics and the access log. */
  route: string;
  logFields?: Record<string, unknown>;
  rawBody?: boolean;
  author?: Author;
}

/** A Node response with the request's locals: what /evaluate's code uses, on either path. */
type Reply = ServerResponse & { locals: Locals };

/** A request header as Express's req.get gives it (a repeated one joined, as Node joins it). */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function pathOf(url: string | undefined): string {
  const q = url?.indexOf('?') ?? -1;
  return url === undefined ? '/' : q >= 0 ? url.slice(0, q) : url;
}

/** Add a field to the Vary header, as Express's res.vary does (once, keeping what is there). */
function vary(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  const list = current === undefined ? '' : Array.isArray(current) ? current.join(', ') : String(current);
  if (list === '') {
    res.setHeader('Vary', field);
    return;
  }
  if (list.trim() === '*' || list.split(',').some((f) => f.trim().toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', `${list}, ${field}`);
}

/** A batch response `{"ruleset":…,"date":…,"results":[…]}` written in blocks of about 64 KiB as the
 *  results come (each result is already JSON text). Nothing is sent before the first block is full, so a
 *  small batch that fails early still gets a problem response. */
class BatchWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private count = 0;
  started = false;

  constructor(private readonly res: ServerResponse, ruleset: LoadedRulesetLike, date: string) {
    const head = JSON.stringify({ id: ruleset.id, version: ruleset.version, title: ruleset.title });
    this.pending.push(`{"ruleset":${head},"date":${JSON.stringify(date)},"results":[`);
  }

  result(json: string): void {
    this.pending.push(this.count++ === 0 ? json : `,${json}`);
    this.pendingChars += json.length + 1;
    if (this.pendingChars >= 65_536) this.flush();
  }

  private flush(): void {
    if (!this.started) {
      this.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      this.started = true;
    }
    this.res.write(joinUtf8(this.pending));
    this.pending = [];
    this.pendingChars = 0;
  }

  end(): void {
    this.pending.push(']}');
    if (!this.started) {
      const bytes = joinUtf8(this.pending);
      this.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
      this.res.end(bytes);
      return;
    }
    this.flush();
    this.res.end();
  }
}

export function createApp<L extends LoadedRulesetLike>(options: AppOptions<L>): App {
  const { store, engine } = options;
  const log = options.logger ?? silentLogger;
  const batchLimit = options.batchLimit ?? DEFAULT_BATCH_LIMIT;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const bodyLimitText = typeof bodyLimit === 'number' ? `${bodyLimit} bytes` : bodyLimit;
  let catalogRef: Catalog<L> | undefined;
  const metrics = options.metrics ?? new Metrics(() => catalogRef?.size ?? 0);
  const catalog = new Catalog<L>(store, engine, metrics);
  catalogRef = catalog;
  const tokens = options.tokens ?? (options.token ? Tokens.single(options.token, { name: 'api', role: 'publisher', shared: true }) : undefined);
  const workBudget = options.workBudget ?? DEFAULT_WORK_BUDGET;
  const key = options.audit ? auditKey(dirname(store.file), options.auditKey, log) : randomBytes(32);
  const auditLog = new AuditLog(store, key, !!options.auditRaw, metrics, log);
  const gateCache = new GateCache();

  const app = express() as App;
  const state: AppState = { catalog: catalog as unknown as Catalog<LoadedRulesetLike>, metrics, draining: false };
  app.state = state;
  app.routes = [];
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.set('query parser', 'simple');

  // ---------------------------------------------------------------- request id, access log, metrics
  /** Every request, on both paths (Express and evaluateDirect): its id, the draining header, the
   *  in-flight gauge, and on close the request metrics and the access log line. */
  function track(req: IncomingMessage, res: ServerResponse & { locals: Locals }): void {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.locals.route ??= 'unmatched';
    res.setHeader('X-Request-Id', requestId);
    if (state.draining) res.setHeader('Connection', 'close');
    else {
      // Requests that began before a shutdown still tell the client to close when they answer.
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        if (state.draining && !this.headersSent) this.setHeader('Connection', 'close');
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as typeof res.writeHead;
    }
    metrics.inFlight.inc();
    res.once('close', () => {
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route: string = res.locals.route;
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
      const method = req.method ?? 'GET';
      metrics.requests.inc({ method, route, status: String(status) });
      metrics.duration.observe({ method, route }, seconds);
      const fields = {
        request_id: requestId, method, route, path: (req as Partial<Request>).path ?? pathOf(req.url), status,
        duration_ms: Math.round(seconds * 1e6) / 1e3, bytes_out: Number(res.getHeader('content-length') ?? 0) || undefined,
        ...(res.locals.logFields ?? {}),
      };
      const level = status >= 500 && status !== 503 ? 'error' : status === 503 ? 'warn' : route === '/metrics' || route === '/healthz' ? 'debug' : 'info';
      if (log.flat) log.flat(level, 'request', fields);
      else log[level]('request', fields);
    });
  }
  app.use((req, res, next) => {
    track(req, res as Response & { locals: Locals });
    next();
  });

  // ---------------------------------------------------------------- helpers
  const jsonBody = express.json({ limit: bodyLimit, strict: true, type: ['application/json', 'application/*+json'] });
  const withJsonBody: RequestHandler = (req, res, next) => {
    if (res.locals.rawBody) return next(); // withPoolBody read it
    if (req.get('content-length') === '0') return next(problems.malformedJson('the body is empty'));
    if (!req.is(['application/json', 'application/*+json'])) {
      const contentLength = Number(req.get('content-length') ?? 0);
      if (req.get('content-type') || contentLength > 0 || req.get('transfer-encoding')) {
        return next(problems.unsupportedMediaType(req.get('content-type')));
      }
      return next(problems.malformedJson('the body is empty'));
    }
    jsonBody(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.body === undefined) return next(problems.malformedJson('the body is empty'));
      next();
    });
  };

  // Large /evaluate bodies are read as bytes and parsed in a worker (evaluateRaw); the same limits,
  // Content-Encoding handling and error types as express.json. Only UTF-8 (the JSON default) goes there.
  const poolMinBytes = options.poolMinBytes ?? 64 * 1024;
  const rawBody = express.raw({ limit: bodyLimit, type: () => true });
  const withPoolBody: RequestHandler = (req, res, next) => {
    if (!options.pool?.ready || !(Number(req.get('content-length')) >= poolMinBytes)) return next();
    if (!req.is(['application/json', 'application/*+json'])) return next();
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return next();
    rawBody(req, res, (error?: unknown) => {
      if (error) return next(error);
      res.locals.rawBody = true;
      next();
    });
  };

  /** The author of a write: the token's name and role; 401 without a known token, 403 below `needed`. */
  const requireRole = (needed: Role, action: string): RequestHandler => (req, res, next) => {
    if (!tokens || tokens.size === 0) return next(problems.writesDisabled());
    const header = req.get('authorization') ?? '';
    const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    if (!m) return next(problems.unauthorized(`${action[0]!.toUpperCase()}${action.slice(1)} is a write: send \`Authorization: Bearer <your token>\`. Ask the server's administrator for a token if you have none.`));
    const author = tokens.authorOf(m[1]!);
    if (!author) return next(problems.unauthorized('This token is not one of this server\'s tokens: check that you copied it whole, or ask the administrator for a new one.'));
    if (!roleAtLeast(author.role, needed)) return next(problems.forbidden(author.name, author.role, needed, action));
    res.locals.author = author;
    next();
  };
  const requireToken = requireRole('editor', 'saving');

  /** Saves and exports need a writable database. */
  const requireWritable: RequestHandler = (_req, _res, next) => {
    next(store.readOnlyReason ? problems.readOnly(store.readOnlyReason) : undefined);
  };

  function route(method: RouteInfo['method'], path: string, first: Handler | RequestHandler[], second?: Handler): void {
    const handlers: RequestHandler[] = Array.isArray(first) ? first : [];
    const last: Handler = Array.isArray(first) ? second! : first;
    const openApiPath = path.replace(/:([A-Za-z_]+)/g, '{$1}');
    app.routes.push({ method, path: openApiPath, expressPath: path });
    const label: RequestHandler = (_req, res, next) => {
      res.locals.route = openApiPath;
      next();
    };
    const wrapped: RequestHandler = (req, res, next) => {
      try {
        const result = last(req, res);
        if (result instanceof Promise) result.catch(next);
      } catch (error) {
        next(error);
      }
    };
    app[method](path, label, ...handlers, wrapped);
  }

  /** The id in the path. A malformed one names no ruleset (404); saving under it says why it is not an id. */
  function rulesetId(req: Request): string {
    const id = `${req.params.country}/${req.params.program}`;
    const wrong = rulesetIdError(id);
    if (wrong) throw req.method === 'GET' || req.method === 'HEAD' ? problems.unknownRuleset(id) : problems.invalidRulesetId(id, wrong);
    return id;
  }

  /** Straight to Node's writeHead/end: Express's send (type lookup, ETag and freshness checks, which
   *  this app turns off anyway) was a measurable share of a single /evaluate's CPU. */
  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  const etag = (version: string) => `"${version}"`;

  /** `If-Match: "sha256:…", W/"…"` → the listed versions; `*` stays `*`. */
  function parseIfMatch(header: string | undefined): string[] | undefined {
    if (header === undefined || header.trim() === '') return undefined;
    return header.split(',').map((part) => part.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1')).filter(Boolean);
  }

  function versionView(record: VersionRecord) {
    const { ruleset, version, number, title, author, message, created, parent } = record;
    return { id: ruleset, version, number, title, author, message, created, parent };
  }

  /** The exact versions a saved version read (its pins), as the API shows them. */
  function readsView(record: VersionRecord): Record<string, string> {
    return Object.fromEntries(store.reads(record.seq));
  }

  /** The publishing gate of a stored version, read with its pins (gate-run.ts): in the checking worker
   *  when there is one (bounded time). A passing result is reused for a text of the same meaning and the
   *  same pins (gate-cache.ts). */
  async function gateOf(record: VersionRecord): Promise<{ diagnostics: Diagnostic[]; gate: GateReport }> {
    const reads = store.reads(record.seq);
    const key = gateCache.key(record.ruleset, record.source, reads);
    const known = gateCache.get(key);
    if (known) return { diagnostics: [], gate: known };
    const result = await gateUncached(record);
    gateCache.set(key, result.gate);
    return result;
  }

  async function gateUncached(record: VersionRecord): Promise<{ diagnostics: Diagnostic[]; gate: GateReport }> {
    if (!options.checker) return runGate(catalog, engine, record);
    try {
      return await options.checker.gate(record.ruleset, record.seq);
    } catch (error) {
      if (error instanceof Problem && error.type === 'urn:elig:problem:check-too-complex') {
        return { diagnostics: [], gate: { ...incompleteGate(`its checks, examples and properties took longer than the ${options.checker.gateTimeoutMs / 1000} s budget`), reads: Object.fromEntries(store.reads(record.seq)) } };
      }
      throw error;
    }
  }

  /** A version saved with check errors (recorded at its save, or found when compiling it): never published. */
  function refuseIfBroken(record: VersionRecord, diagnostics: readonly Diagnostic[]): void {
    const recorded = store.checks(record.seq);
    const found = recorded && recorded.errors > 0 ? (recorded.diagnostics as Diagnostic[]) : diagnostics;
    if (hasErrors(found)) throw problems.versionHasErrors(record.ruleset, record.version, record.number, found);
  }

  /** A stored version named by a pin in the path (`3`, `3f2a9c01`, `sha256:…`); a Problem otherwise. */
  function storedVersion(id: string, wanted: string): VersionRecord {
    const pin = parsePin(wanted);
    if ('error' in pin) throw problems.unknownVersion(id, wanted, pin.error);
    const found = catalog.lookup(id, pin);
    if (!found.ok) {
      if (found.reason === 'unknown-ruleset') throw problems.unknownRuleset(id);
      throw problems.unknownVersion(id, wanted, found.message, found.candidates, found.reason === 'ambiguous');
    }
    return found.record;
  }

  // ---------------------------------------------------------------- operations
  route('get', '/healthz', (_req, res) => {
    let database = 'ok';
    try {
      store.ping();
    } catch {
      database = 'unavailable';
    }
    const ok = database === 'ok' && !state.draining;
    // Degraded: decisions are answered, but something an operator must fix is not working.
    const degraded = [store.readOnlyReason && `read-only: ${store.readOnlyReason}; saves are refused`, auditLog.degraded]
      .filter((x): x is string => !!x);
    sendJson(res, ok ? 200 : 503, {
      status: !ok ? (state.draining ? 'draining' : 'unavailable') : degraded.length > 0 ? 'degraded' : 'ok',
      database, rulesets: ok ? store.list().length : undefined, uptime_seconds: Math.round(process.uptime()),
      ...(degraded.length > 0 ? { degraded } : {}),
    });
  });

  route('get', '/metrics', async (_req, res) => {
    const text = await metrics.render();
    res.status(200).setHeader('Content-Type', metrics.contentType);
    res.send(text);
  });

  let openApiText: string | undefined;
  route('get', '/openapi.json', (_req, res) => {
    openApiText ??= JSON.stringify(buildOpenApi({ batchLimit, bodyLimit: bodyLimitText }));
    res.status(200).type('application/json').send(openApiText);
  });

  // ---------------------------------------------------------------- evaluation
  route('post', '/evaluate', [withPoolBody, withJsonBody], (req, res) => {
    if (res.locals.rawBody) return evaluateRaw(options.pool!, req.body as Buffer, req, res as Response & Reply);
    return evaluateParsed(req.body, req, res as Response & Reply);
  });

  /** /evaluate once its body is parsed (by express.json, or by evaluateDirect): Node's request and
   *  response only, so both paths run this same code. */
  function evaluateParsed(body: unknown, req: IncomingMessage, res: Reply): void | Promise<void> {
    const households = (body as { households?: unknown } | null)?.households;
    if (Array.isArray(households) && households.length > batchLimit) {
      throw problems.batchTooLarge(households.length, batchLimit);
    }
    const validation = validateEvaluate(body);
    if (!validation.ok) throw problems.invalidRequest(validation.errors, validation.total);
    const request: EvaluateBody = validation.value;
    const served = catalog.forEvaluation(request.ruleset);
    const ruleset = served.ruleset;
    const date = request.date ?? todayUtc();
    const explain = request.explain ?? true;
    const counterfactuals = request.counterfactuals === true;
    const work = estimateWork(request.households ?? [request.household!], ruleset.checked?.subject?.kind === 'MemberSubject', explain, workBudget, counterfactuals);
    if (work.units > workBudget) {
      metrics.refused.inc({ limit: 'work' });
      throw problems.workTooLarge(work, workBudget);
    }
    // The body's `lang` wins; else the best of Accept-Language among es, pt, en; else English.
    const lang = request.lang ?? langFromAcceptLanguage(headerOf(req, 'accept-language'));
    if (lang) res.setHeader('Content-Language', lang);
    vary(res, 'Accept-Language');
    const evalOptions = { date, explain, resolve: served.resolve, lang, lazy: false };
    // `household_count`: a field named `households` is redacted from every log line (log.ts).
    res.locals.logFields = { ruleset: ruleset.id, version: ruleset.version, household_count: request.households?.length ?? 1 };

    const evaluateOne = (household: NonNullable<EvaluateBody['household']>): EvaluateResponse => {
      try {
        const response = engine.evaluate(ruleset, household, evalOptions);
        if (!counterfactuals || !engine.withCounterfactuals) return response;
        return engine.withCounterfactuals(ruleset, household, response, { date, resolve: served.resolve, cap: COUNTERFACTUAL_CAP, lang });
      } catch (error) {
        // The message may quote household values: log where it failed, not what it said.
        const e = error as Error;
        log.error('engine error', {
          request_id: res.locals.requestId, ruleset: ruleset.id, version: ruleset.version,
          error: { name: e?.name, stack: String(e?.stack ?? '').split('\n').slice(1, 8).join('\n') },
        });
        throw problems.internal();
      }
    };

    const audit: AuditRow[] = [];
    const record = (household: NonNullable<EvaluateBody['household']>, response: EvaluateResponse) => {
      countDecisions(ruleset.id, response.decisions);
      if (!options.audit) return;
      audit.push({
        requestId: res.locals.requestId, ruleset: ruleset.id, version: ruleset.version, date,
        inputSha256: sha256Hex(canonicalJson(household)), householdId: null,
        summary: auditLog.summary({
          in_force: response.in_force,
          decisions: response.decisions.map((d) => ({ subject: d.subject, eligible: d.eligible, benefit: d.benefit.amount, outcome: d.outcome })),
        }),
        raw: options.auditRaw ? household : undefined,
      });
    };

    if (request.household) {
      const response = evaluateOne(request.household);
      record(request.household, response);
      metrics.households.inc({ ruleset: ruleset.id, mode: 'single' });
      auditLog.write(audit, res.locals.requestId);
      sendJson(res, 200, response);
      return;
    }
    const list = request.households!;
    if (options.pool?.ready && !counterfactuals && list.length >= (options.poolMinBatch ?? 256)) {
      return evaluateInPool(options.pool, res, ruleset, served.pinned ? request.ruleset : undefined, date, explain, list, lang);
    }
    // Streamed: the results are written in blocks as they are made, never joined into one string (V8
    // caps a string's length; a 10,000-household batch with explanations is near it). An engine error
    // after the first block has gone out cannot become a problem response: the connection is cut, so
    // the client sees a truncated body, never a complete-looking wrong one.
    const batch = new BatchWriter(res, ruleset, date);
    try {
      for (let i = 0; i < list.length; i++) {
        const response = evaluateOne(list[i]!);
        record(list[i]!, response);
        batch.result(JSON.stringify({ household: response.household, in_force: response.in_force, decisions: response.decisions }));
      }
    } catch (error) {
      if (!batch.started) throw error;
      res.destroy();
      return;
    }
    metrics.households.inc({ ruleset: ruleset.id, mode: 'batch' }, list.length);
    auditLog.write(audit, res.locals.requestId);
    batch.end();
  }

  /** `pinnedRef`: the request's own pin (then the workers read the version's recorded dependencies). */
  async function evaluateInPool(pool: EvaluationPool, res: Reply, ruleset: L, pinnedRef: string | undefined, date: string, explain: boolean,
    list: NonNullable<EvaluateBody['households']>, lang?: 'es' | 'pt' | 'en'): Promise<void> {
    const slices = await pool.evaluate(pinnedRef ?? `${ruleset.id}@${ruleset.version}`, date, explain, !!options.audit, list, pinnedRef !== undefined, lang);
    const audit: AuditRow[] = [];
    let index = 0;
    for (const slice of slices) {
      if (!slice.ok) {
        log.error('engine error', { request_id: res.locals.requestId, ruleset: ruleset.id, version: ruleset.version, error: slice.error });
        throw problems.internal();
      }
    }
    for (const slice of slices) {
      if (!slice.ok) continue;
      for (const [eligible, n] of Object.entries(slice.counts)) if (n) metrics.decisions.inc({ ruleset: ruleset.id, eligible }, n);
      for (const a of slice.audit) {
        audit.push({
          requestId: res.locals.requestId, ruleset: ruleset.id, version: ruleset.version, date, inputSha256: a.inputSha256,
          householdId: null, summary: auditLog.summary(a.summary as AuditSummary), raw: options.auditRaw ? list[index] : undefined,
        });
        index++;
      }
    }
    metrics.households.inc({ ruleset: ruleset.id, mode: 'batch' }, list.length);
    auditLog.write(audit, res.locals.requestId);
    const batch = new BatchWriter(res, ruleset, date);
    for (const slice of slices) if (slice.ok && slice.json) batch.result(slice.json);
    batch.end();
  }

  /** /evaluate from raw bytes: a worker parses and validates them; the version and the work budget are
   *  decided here before it evaluates; its serialised answer is written as it came. Same checks in the
   *  same order, the same problems (JSON pointers from the same validator) as the main-thread path. */
  async function evaluateRaw(pool: EvaluationPool, bytes: Buffer, req: IncomingMessage, res: Reply): Promise<void> {
    const parsed = await pool.parse(bytes, batchLimit);
    const engineError = (error: unknown) => {
      log.error('engine error', { request_id: res.locals.requestId, error });
      return problems.internal();
    };
    if (!parsed.ok) throw engineError(parsed.error);
    if (parsed.kind === 'malformed') throw problems.malformedJson(parsed.message.replace(/^.*?(Unexpected|Expected|Bad)/, '$1'));
    if (parsed.kind === 'too-large') throw problems.batchTooLarge(parsed.households, batchLimit);
    if (parsed.kind === 'invalid') throw problems.invalidRequest(parsed.errors, parsed.total);
    const shape = parsed.shape;
    let running = false;
    try {
      const served = catalog.forEvaluation(shape.ruleset);
      const ruleset = served.ruleset;
      const date = shape.date ?? todayUtc();
      const explain = shape.explain ?? true;
      const decisions = ruleset.checked?.subject?.kind === 'MemberSubject' ? shape.memberDecisions : shape.households;
      const work = estimateWorkOf(shape.households, decisions, explain, workBudget, shape.counterfactuals);
      if (work.units > workBudget) {
        metrics.refused.inc({ limit: 'work' });
        throw problems.workTooLarge(work, workBudget);
      }
      res.locals.logFields = { ruleset: ruleset.id, version: ruleset.version, household_count: shape.single ? 1 : shape.households, parsed_in: 'worker' };
      // As on the main-thread path: the body's `lang`, else the best of Accept-Language, else English.
      const lang = shape.lang ?? langFromAcceptLanguage(headerOf(req, 'accept-language'));
      if (lang) res.setHeader('Content-Language', lang);
      vary(res, 'Accept-Language');
      running = true;
      const head = Buffer.from(`{"ruleset":${JSON.stringify({ id: ruleset.id, version: ruleset.version, title: ruleset.title })},"date":${JSON.stringify(date)},"results":[`);
      // A large batch's first results are written while the worker makes the rest (chunked, no
      // Content-Length). Once they have gone out, a failure cannot become a problem answer: the
      // connection is cut, so the client sees a truncated body, never a complete-looking wrong one.
      let streaming = false;
      const onBlock = (block: RunBlock) => {
        if (res.destroyed) return;
        if (!streaming) {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
          res.write(head);
          streaming = true;
        }
        res.write(Buffer.from(block.body.buffer, block.body.byteOffset, block.body.byteLength));
      };
      let result: RunResult;
      try {
        result = await pool.run({
          id: parsed.id, ref: served.pinned ? shape.ruleset : `${ruleset.id}@${ruleset.version}`, pinned: served.pinned, lang, counterfactuals: shape.counterfactuals, date, explain,
          audit: !!options.audit, auditRaw: !!(options.audit && options.auditRaw), generation: store.changeGeneration,
        }, shape.single ? undefined : onBlock);
      } catch (error) {
        if (!streaming) throw error;
        log.error('engine error', { request_id: res.locals.requestId, error: { name: (error as Error)?.name, message: (error as Error)?.message } });
        res.destroy();
        return;
      }
      if (!result.ok && streaming) {
        log.error('engine error', { request_id: res.locals.requestId, error: { ...result.error, ruleset: ruleset.id, version: ruleset.version } });
        res.destroy();
        return;
      }
      if (!result.ok) throw engineError({ ...result.error, ruleset: ruleset.id, version: ruleset.version });
      for (const [eligible, n] of Object.entries(result.counts)) if (n) metrics.decisions.inc({ ruleset: ruleset.id, eligible }, n);
      const audit: AuditRow[] = result.audit.map((a, i) => ({
        requestId: res.locals.requestId, ruleset: ruleset.id, version: ruleset.version, date, inputSha256: a.inputSha256,
        householdId: null, summary: auditLog.summary(a.summary as AuditSummary), raw: result.raw ? JSON.parse(result.raw[i]!) : undefined,
      }));
      metrics.households.inc({ ruleset: ruleset.id, mode: shape.single ? 'single' : 'batch' }, shape.households);
      auditLog.write(audit, res.locals.requestId);
      const body = Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength);
      if (shape.single) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
        res.end(body);
        return;
      }
      if (streaming) {
        res.write(body);
        res.end(']}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': head.length + body.length + 2 });
      res.write(head);
      res.write(body);
      res.end(']}');
    } finally {
      if (!running) pool.drop(parsed.id);
    }
  }

  function countDecisions(id: string, decisions: Decision[]): void {
    let yes = 0, no = 0, unknown = 0;
    for (const d of decisions) {
      if (d.eligible === true) yes++;
      else if (d.eligible === false) no++;
      else unknown++;
    }
    if (yes) metrics.decisions.inc({ ruleset: id, eligible: 'true' }, yes);
    if (no) metrics.decisions.inc({ ruleset: id, eligible: 'false' }, no);
    if (unknown) metrics.decisions.inc({ ruleset: id, eligible: 'null' }, unknown);
  }

  // ---------------------------------------------------------------- checking (the editor; no auth)
  /** Diagnostics of a text: in the checking worker when there is one (bounded time, event loop free). */
  async function diagnosticsOf(id: string, source: string): Promise<Diagnostic[]> {
    if (options.checker) return options.checker.check(id, source);
    return catalog.compileSource(id, source).diagnostics;
  }

  route('post', '/check', [withJsonBody], async (req, res) => {
    const validation = validateCheck(req.body);
    if (!validation.ok) throw problems.invalidRequest(validation.errors, validation.total);
    const { source } = validation.value;
    const header = readHeader(source).id;
    const id = validation.value.id ?? (header && !rulesetIdError(header) ? header : 'xx/unnamed');
    const diagnostics = await diagnosticsOf(id, source);
    sendJson(res, 200, { id, version: versionOf(source), ok: !hasErrors(diagnostics), diagnostics });
  });

  // ---------------------------------------------------------------- rulesets
  route('get', '/rulesets', (_req, res) => {
    sendJson(res, 200, {
      rulesets: store.list().map((r) => ({
        id: r.id, title: r.title, version: r.version, updated: r.updated,
        folder_in_sync: r.folderVersion === r.version,
        published: r.published ?? null,
      })),
    });
  });

  route('get', '/rulesets/:country/:program', (req, res) => {
    const id = rulesetId(req);
    const row = store.ruleset(id);
    const current = store.current(id);
    if (!row || !current) throw problems.unknownRuleset(id);
    const entry = catalog.compiled(id, current.version)!;
    const published = store.published(id);
    sendJson(res, 200, {
      id, title: current.title, version: current.version, number: current.number, updated: row.updated,
      created: row.created, author: current.author, message: current.message,
      folder: { path: `rulesets/${id}.elig`, version: row.folderVersion, in_sync: row.folderVersion === current.version },
      source: current.source,
      metadata: metadataOf(entry.ruleset?.checked, current.title),
      ok: !hasErrors(entry.diagnostics),
      diagnostics: entry.diagnostics,
      published: published ? { version: published.version, number: published.number, author: published.author } : null,
      reads: readsView(current),
    }, { ETag: etag(current.version) });
  });

  route('get', '/rulesets/:country/:program/versions', (req, res) => {
    const id = rulesetId(req);
    const current = store.current(id);
    if (!current) throw problems.unknownRuleset(id);
    const published = store.published(id);
    const errors = store.errorCounts(id);
    sendJson(res, 200, {
      id, current: current.version, published: published?.version ?? null,
      versions: store.history(id).map((v) => ({
        ...versionView({ ...v, source: '' }), current: v.number === current.number, published: v.number === published?.number,
        errors: errors.get(v.seq) ?? null,
      })),
    }, { ETag: etag(current.version) });
  });

  route('get', '/rulesets/:country/:program/versions/:version', (req, res) => {
    const id = rulesetId(req);
    const current = store.current(id);
    if (!current) throw problems.unknownRuleset(id);
    const record = storedVersion(id, String(req.params.version));
    const entry = catalog.compiled(id, record.version)!;
    sendJson(res, 200, {
      ...versionView(record), current: record.version === current.version, source: record.source,
      ok: !hasErrors(entry.diagnostics), diagnostics: entry.diagnostics,
      published: store.published(id)?.number === record.number, reads: readsView(record),
    }, { ETag: etag(record.version) });
  });

  // The publishing gate of a saved version, for the editor to show before publishing (bounded: it runs in
  // the checking worker with /check's time budget).
  route('get', '/rulesets/:country/:program/versions/:version/gate', async (req, res) => {
    const id = rulesetId(req);
    if (!store.current(id)) throw problems.unknownRuleset(id);
    const record = storedVersion(id, String(req.params.version));
    const { gate, diagnostics } = await gateOf(record);
    sendJson(res, 200, { id, version: record.version, number: record.number, gate, summary: gateSummary(gate), diagnostics });
  });

  route('get', '/rulesets/:country/:program/publications', (req, res) => {
    const id = rulesetId(req);
    if (!store.current(id)) throw problems.unknownRuleset(id);
    sendJson(res, 200, {
      id,
      publications: store.publications(id).map((p) => ({
        version: p.version, number: p.number, author: p.author, role: p.role, at: p.at,
        gate_ok: p.gateOk, override_reason: p.overrideReason, gate: p.gate,
      })),
    });
  });

  route('get', '/rulesets/:country/:program/schema', (req, res) => {
    const id = rulesetId(req);
    const current = store.current(id);
    if (!current) throw problems.unknownRuleset(id);
    const entry = catalog.compiled(id, current.version)!;
    res.status(200).type('application/schema+json')
      .setHeader('ETag', etag(current.version))
      .send(JSON.stringify(inputSchemaOf(id, current.version, current.title, fieldsRead(entry.ruleset?.checked))));
  });

  route('get', '/rulesets/:country/:program/export', (req, res) => {
    const id = rulesetId(req);
    const current = store.current(id);
    if (!current) throw problems.unknownRuleset(id);
    const file = id.split('/')[1] + '.elig';
    res.status(200).type('text/plain; charset=utf-8')
      .setHeader('ETag', etag(current.version))
      .setHeader('Content-Disposition', `attachment; filename="${file}"`)
      .setHeader('X-Elig-Path', `rulesets/${id}.elig`)
      .send(current.source);
  });

  /** A stale If-Match: nothing is saved. With `base`, the answer carries the three-way merge of
   *  base → theirs and base → mine, for the client to confirm (clean) or resolve (conflicts). */
  function conflict(id: string, current: VersionRecord | undefined, source: string, author: string, message: string, base: string | undefined): Problem {
    metrics.saves.inc({ outcome: 'precondition-failed' });
    const baseRecord = base && current ? store.version(id, base) : undefined;
    const merge = baseRecord && current ? { base, theirs: current.version, ...threeWayMerge(baseRecord.source, current.source, source) } : undefined;
    return problems.preconditionFailed(id, current ? { ...versionView(current), source: current.source } : null,
      { version: versionOf(source), author, message, source }, merge ?? (base ? null : undefined));
  }

  const save: Handler = async (req, res) => {
    const id = rulesetId(req);
    const validation = validateSave(req.body);
    if (!validation.ok) throw problems.invalidRequest(validation.errors, validation.total);
    const { source, message, base } = validation.value;
    const who: Author = res.locals.author;
    // The one shared ELIG_TOKEN names nobody: the body may (as before named tokens); a named token names its holder.
    const author = who.shared ? (validation.value.author ?? who.name) : who.name;
    const ifMatch = parseIfMatch(req.get('if-match'));
    const ifNoneMatchAny = req.get('if-none-match')?.trim() === '*';
    const existing = store.current(id);
    // Cheap refusals before compiling; the transaction below re-checks them atomically.
    if (existing && !ifMatch && !ifNoneMatchAny) throw problems.preconditionRequired(id, existing.version);
    if (existing && ifMatch && !ifMatch.includes('*') && !ifMatch.includes(existing.version)) {
      throw conflict(id, existing, source, author, message, base);
    }
    // A text is kept under the id its header names (a header too broken to name one is a draft's error).
    const header = readHeader(source).id;
    if (header !== undefined && header !== id) throw problems.programIdMismatch(id, header);
    // A merge's conflict regions are never saved unresolved (the editor blocks it too).
    const marker = conflictMarkerLine(source);
    if (marker !== undefined) {
      metrics.saves.inc({ outcome: 'unresolved-conflict' });
      throw problems.unresolvedConflict(id, marker);
    }
    // Saves need a token, so their text is compiled here (linear, depth-bounded; the body limit bounds
    // it) and the result kept. A text with check errors is kept too, as a draft with its diagnostics:
    // it is never served or published until a corrected version is saved.
    const entry = catalog.compileSource(id, source);
    const diagnostics = entry.diagnostics;
    const broken = hasErrors(diagnostics);
    const checks = {
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics,
    };
    const title = entry.ruleset?.title ?? readHeader(source).title;
    // The save is decided first (If-Match, atomically), so a losing writer gets its 412 at once; the gate
    // (examples, properties: seconds) runs only on a version that was kept.
    const outcome = store.save({ id, source, title, author, message, ifMatch, ifNoneMatchAny, reads: Catalog.reads(entry), checks });
    metrics.saves.inc({ outcome: broken && outcome.status !== 'precondition-failed' && outcome.status !== 'precondition-required' ? 'draft-with-errors' : outcome.status });
    res.locals.logFields = { ruleset: id, outcome: outcome.status, author, errors: checks.errors };
    switch (outcome.status) {
      case 'precondition-required':
        throw problems.preconditionRequired(id, outcome.current.version);
      case 'precondition-failed':
        throw conflict(id, outcome.current, source, author, message, base);
      default: {
        const version = outcome.version;
        if (outcome.status !== 'unchanged') catalog.remember(version, entry);
        // A text with errors has nothing more to run: its gate is its diagnostics.
        const { gate } = broken
          ? { gate: { ...gateReport(diagnostics, undefined, gateSeed(version.version)), reads: Object.fromEntries(store.reads(version.seq)) } }
          : await gateOf(version);
        const mayPublish = (validation.value.publish ?? true) && roleAtLeast(who.role, 'publisher');
        // Never over a newer publication made while this gate ran.
        if (mayPublish && gate.ok) store.publishUnlessNewer({ id, seq: version.seq, author, role: who.role, gateOk: true, gate, overrideReason: null });
        const published = store.published(id)?.version === version.version;
        log.info('ruleset saved', { request_id: res.locals.requestId, ruleset: id, version: version.version, number: version.number, status: outcome.status, author, published, errors: checks.errors });
        sendJson(res, outcome.status === 'created' ? 201 : 200, {
          ...versionView(version), status: outcome.status,
          ok: !broken, draft: !published, publishable: !broken,
          diagnostics, published, gate, gate_summary: gateSummary(gate), reads: readsView(version),
        }, {
          ETag: etag(version.version),
          ...(outcome.status === 'created' ? { Location: `/rulesets/${id}` } : {}),
        });
      }
    }
  };
  route('put', '/rulesets/:country/:program', [requireToken, requireWritable, withJsonBody], save);
  route('post', '/rulesets/:country/:program', [requireToken, requireWritable, withJsonBody], save);

  // Three-way merge for API clients: my text edited from `base`, merged with the latest saved version.
  route('post', '/rulesets/:country/:program/merge', [requireRole('editor', 'merging'), withJsonBody], (req, res) => {
    const id = rulesetId(req);
    const validation = validateMerge(req.body);
    if (!validation.ok) throw problems.invalidRequest(validation.errors, validation.total);
    const current = store.current(id);
    if (!current) throw problems.unknownRuleset(id);
    const base = store.version(id, validation.value.base);
    if (!base) throw problems.unknownVersion(id, validation.value.base);
    const theirs = validation.value.theirs ? store.version(id, validation.value.theirs) : current;
    if (!theirs) throw problems.unknownVersion(id, validation.value.theirs!);
    const merged = threeWayMerge(base.source, theirs.source, validation.value.source);
    sendJson(res, 200, { id, base: base.version, theirs: { ...versionView(theirs), source: theirs.source }, ...merged }, { ETag: etag(theirs.version) });
  });

  route('post', '/rulesets/:country/:program/publish', [requireRole('publisher', 'publishing'), requireWritable, withJsonBody], async (req, res) => {
    const id = rulesetId(req);
    const validation = validatePublish(req.body);
    if (!validation.ok) throw problems.invalidRequest(validation.errors, validation.total);
    if (!store.current(id)) throw problems.unknownRuleset(id);
    const who: Author = res.locals.author;
    const record = storedVersion(id, validation.value.version);
    const { gate, diagnostics } = await gateOf(record);
    refuseIfBroken(record, diagnostics);
    const reason = validation.value.reason?.trim();
    if (!gate.ok && !reason) throw problems.gateFailed(id, record.version, gate);
    const already = store.published(id)?.seq === record.seq;
    if (!already) store.publish({ id, seq: record.seq, author: who.name, role: who.role, gateOk: gate.ok, gate, overrideReason: gate.ok ? null : reason! });
    log.info('ruleset published', {
      request_id: res.locals.requestId, ruleset: id, version: record.version, number: record.number, author: who.name,
      gate_ok: gate.ok, override: !gate.ok, status: already ? 'already-published' : 'published',
    });
    sendJson(res, 200, {
      ...versionView(record), status: already ? 'already-published' : 'published', published: true,
      published_by: who.name, gate, gate_summary: gateSummary(gate), override_reason: gate.ok ? null : reason,
    });
  });

  route('post', '/export', [requireRole('publisher', 'exporting to the rulesets folder'), requireWritable], (req, res) => {
    if (!options.rulesetsDir) throw new Problem(503, 'export-disabled', 'Export is not configured', 'Set ELIG_RULESETS_DIR.');
    const drafts = req.query.drafts === '1' || req.query.drafts === 'true';
    const files = exportToFolder(store, options.rulesetsDir, { drafts });
    log.info('exported rulesets', { request_id: res.locals.requestId, drafts, changed: files.filter((f) => f.changed).map((f) => f.id) });
    for (const f of files) if (f.refused) log.warn('export refused a file', { request_id: res.locals.requestId, ruleset: f.id, reason: f.refused });
    sendJson(res, 200, {
      files: files.map((f) => ({
        id: f.id, path: `rulesets/${f.id}.elig`, version: f.version, changed: f.changed,
        number: f.number, author: f.author, published: f.published, ...(f.refused ? { refused: f.refused } : {}),
      })),
    });
  });

  // ---------------------------------------------------------------- the editor
  const editorDist = options.editorDist ?? DEFAULT_EDITOR_DIST;
  route('get', '/', editorIndex(editorDist) as Handler);
  const assets = editorAssets(editorDist);
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.locals.route = 'static';
    assets(req, res, next);
  });

  // ---------------------------------------------------------------- 405, 404 and errors
  const methodsByPath = new Map<string, Set<string>>();
  for (const r of app.routes) {
    const set = methodsByPath.get(r.expressPath) ?? new Set<string>();
    set.add(r.method.toUpperCase());
    if (r.method === 'get') set.add('HEAD');
    methodsByPath.set(r.expressPath, set);
  }
  for (const [path, methods] of methodsByPath) {
    app.all(path, function methodNotAllowed(req, res, next) {
      if (res.locals.route === 'unmatched' || res.locals.route === 'static') res.locals.route = path.replace(/:([A-Za-z_]+)/g, '{$1}');
      next(problems.methodNotAllowed(req.method, req.path, [...methods].sort()));
    });
  }
  app.use((req, _res, next) => {
    next(problems.notFound(req.path));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    answerError(error, req, res as Response & Reply);
  });

  /** A thrown problem (or any error) as the client sees it; on both paths. */
  function answerError(error: unknown, req: IncomingMessage, res: Reply): void {
    const requestId: string | undefined = res.locals.requestId;
    const problem = toProblem(error, req);
    if (problem.status >= 500 && problem.type !== 'urn:elig:problem:writes-disabled' && problem.type !== 'urn:elig:problem:export-disabled') {
      const e = error as Error;
      if (!(error instanceof Problem)) {
        log.error('unhandled error', { request_id: requestId, method: req.method, path: (req as Partial<Request>).path ?? pathOf(req.url), error: { name: e?.name, message: e?.message, stack: e?.stack } });
      }
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem, requestId);
  }

  function toProblem(error: unknown, req: IncomingMessage): Problem {
    if (error instanceof Problem) return error;
    const e = error as { type?: string; status?: number; message?: string; limit?: number; code?: string; encoding?: string };
    const storage = storageProblem(error);
    if (storage) return storage;
    // body-parser inflates gzip/deflate/br itself; a body that is not what its Content-Encoding says
    // fails in zlib (Z_DATA_ERROR, …) and reaches here as a plain error with status 400.
    if (typeof e?.code === 'string' && /^(Z_|ERR_BROTLI|ERR__)/.test(e.code) && headerOf(req, 'content-encoding')) return problems.badContentEncoding(headerOf(req, 'content-encoding') ?? 'compressed');
    switch (e?.type) {
      case 'entity.parse.failed':
        return problems.malformedJson(String(e.message ?? '').replace(/^.*?(Unexpected|Expected|Bad)/, '$1'));
      case 'entity.too.large':
        return problems.bodyTooLarge(bodyLimitText);
      case 'encoding.unsupported':
        return problems.unsupportedEncoding(e.encoding ?? 'unknown');
      case 'charset.unsupported':
        return problems.unsupportedMediaType(e.message);
      case 'request.aborted':
        return new Problem(400, 'request-aborted', 'Request aborted', 'The client closed the connection before the body arrived.');
      case 'request.size.invalid':
        return new Problem(400, 'request-size-invalid', 'Request size did not match Content-Length');
    }
    return problems.internal();
  }

  // ---------------------------------------------------------------- /evaluate without Express
  // The common request, `POST /evaluate` with a JSON body of known length below the pool's threshold,
  // is answered here before Express sees it: Express's routing, its request and response prototypes and
  // body-parser's stream machinery were most of a single decision's CPU. Everything else the request
  // meets is the same code as on the Express path (track, evaluateParsed, answerError) and the body is
  // parsed as body-parser parses it (json-body.ts). Any request this does not take (another route or
  // method, a query string, chunked, compressed, another type or charset, a large or empty body, a
  // server shutting down) goes through Express as before.
  const directLimit = Math.min(sizeInBytes(bodyLimit) ?? 0, poolMinBytes - 1);
  function evaluateDirect(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || req.url !== '/evaluate' || state.draining) return false;
    const headers = req.headers;
    const length = headers['content-length'];
    if (length === undefined || !/^[1-9][0-9]{0,9}$/.test(length) || Number(length) > directLimit) return false;
    if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined || !isPlainJsonType(headers['content-type'])) return false;
    const reply = res as Reply;
    reply.locals = { requestId: '', route: '/evaluate' };
    track(req, reply);
    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      answerError(error, req, reply);
    };
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    req.on('aborted', () => fail({ type: 'request.aborted' }));
    req.on('error', (error) => fail(error));
    req.on('end', () => {
      if (done) return;
      if (received !== expected) return fail({ type: 'request.size.invalid' });
      done = true;
      const parsed = parseStrictJson((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8'));
      try {
        if (!parsed.ok) throw problems.malformedJson(parsed.message.replace(/^.*?(Unexpected|Expected|Bad)/, '$1'));
        const result = evaluateParsed(parsed.value, req, reply);
        if (result instanceof Promise) result.catch((error) => answerError(error, req, reply));
      } catch (error) {
        answerError(error, req, reply);
      }
    });
    return true;
  }
  // Express's app function calls app.handle (express/lib/express.js): taking it there serves the direct
  // path whatever listens (createServer(app), app.listen, the tests).
  const handled = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void };
  const expressHandle = handled.handle.bind(app);
  handled.handle = (req, res, next) => {
    if (!evaluateDirect(req, res)) expressHandle(req, res, next);
  };

  return app;
}
