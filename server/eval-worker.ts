// An evaluation worker: parses, validates and evaluates large requests on its own thread, with its own
// read-only view of the database and its own compiled-ruleset cache, and sends back the results already
// serialised (so the main thread only writes bytes). See pool.ts for the protocol.
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import type { EvaluateResponse, Household } from '../engine/decision';
import { Catalog } from './catalog';
import type { EnginePort, LoadedRulesetLike } from './engine-port';
import { canonicalJson, sha256Hex } from './hash';
import { Store } from './store';
import { validateEvaluate, type EvaluateBody } from './validate';
import type { AuditSlice, ParseRequest, ParseResult, RunBlock, RunRequest, RunResult, SliceRequest, SliceResult, WorkerMessage } from './pool';
import { COUNTERFACTUAL_CAP } from './work-budget';
import { joinUtf8 } from './utf8';

/**
 * Saves happen on the main thread, through another connection. The main thread sends its store
 * generation with each raw request: this worker re-reads the database's current versions only when that
 * changed, so an unchanged database costs no query per request. Parsed-household slices (which carry no
 * generation) look on every read, as before.
 */
class WorkerStore extends Store {
  private pinned: string | undefined;
  private mainGeneration: string | undefined;
  /** Start a task: keep one view of the current versions for all of it. */
  begin(mainGeneration: string | undefined): void {
    if (mainGeneration === undefined || mainGeneration !== this.mainGeneration) this.pinned = undefined;
    this.mainGeneration = mainGeneration;
  }
  override get changeGeneration(): string {
    return (this.pinned ??= super.changeGeneration);
  }
}

const store = new WorkerStore((workerData as { dataDir: string }).dataDir, { readonly: true, externalChangeCheckMs: 0 });
const port = engine as unknown as EnginePort<LoadedRulesetLike>;
const catalog = new Catalog<LoadedRulesetLike>(store, port);

type Counts = { true: number; false: number; null: number };

function tally(counts: Counts, r: EvaluateResponse): void {
  for (const d of r.decisions) counts[d.eligible === true ? 'true' : d.eligible === false ? 'false' : 'null']++;
}

function auditOf(household: Household, r: EvaluateResponse): AuditSlice {
  return {
    inputSha256: sha256Hex(canonicalJson(household)),
    summary: {
      in_force: r.in_force,
      decisions: r.decisions.map((d) => ({ subject: d.subject, eligible: d.eligible, benefit: d.benefit.amount, outcome: d.outcome })),
    },
  };
}

function stackOf(error: unknown): { name: string; stack: string } {
  const e = error as Error;
  // Only the stack frames: the message could quote a household value.
  return { name: e?.name ?? 'Error', stack: String(e?.stack ?? '').split('\n').slice(1, 8).join('\n') };
}

// ---------------------------------------------------------------- parsed-household slices

function slice(task: SliceRequest): SliceResult {
  store.begin(undefined);
  const { ruleset, resolve } = task.pinned ? catalog.forEvaluation(task.ref) : catalog.live(task.ref);
  const options = { date: task.date, explain: task.explain, resolve, lang: task.lang, lazy: false };
  const parts: string[] = new Array(task.households.length);
  const counts: Counts = { true: 0, false: 0, null: 0 };
  const audit: AuditSlice[] = [];
  for (let i = 0; i < task.households.length; i++) {
    const household = task.households[i] as Household;
    const r = port.evaluate(ruleset, household, options);
    parts[i] = JSON.stringify({ household: r.household, in_force: r.in_force, decisions: r.decisions });
    tally(counts, r);
    if (task.audit) audit.push(auditOf(household, r));
  }
  return { id: task.id, ok: true, json: parts.join(','), counts, audit };
}

// ---------------------------------------------------------------- raw requests

/** Requests parsed and validated, waiting for the main thread's `run` or `drop`. */
const held = new Map<number, EvaluateBody>();
const JSON_WHITESPACE = /^[\x20\x09\x0a\x0d]*/;

function parse(task: ParseRequest): ParseResult {
  let text = Buffer.from(task.bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte order mark, as body-parser drops it
  const start = JSON_WHITESPACE.exec(text)![0].length;
  const first = text[start];
  if (first !== '{' && first !== '[') {
    // Strict JSON bodies, as express.json({ strict: true }) has them on the small-request path.
    const token = first === undefined ? 'end of input' : `token ${JSON.stringify(first)}`;
    return { id: task.id, ok: true, kind: 'malformed', message: `Unexpected ${token} at position ${start}: the body must be a JSON object` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { id: task.id, ok: true, kind: 'malformed', message: String((error as Error).message) };
  }
  const households = (body as { households?: unknown } | null)?.households;
  if (Array.isArray(households) && households.length > task.batchLimit) return { id: task.id, ok: true, kind: 'too-large', households: households.length };
  const validation = validateEvaluate(body);
  if (!validation.ok) return { id: task.id, ok: true, kind: 'invalid', errors: validation.errors, total: validation.total };
  const request = validation.value;
  const list = request.households ?? [request.household!];
  let memberDecisions = 0;
  for (const h of list) memberDecisions += Math.max(1, Array.isArray(h.members) ? h.members.length : 0);
  held.set(task.id, request);
  return {
    id: task.id, ok: true, kind: 'parsed',
    shape: {
      ruleset: request.ruleset, date: request.date, explain: request.explain, single: request.household !== undefined,
      households: list.length, memberDecisions, lang: request.lang, counterfactuals: request.counterfactuals === true,
    },
  };
}

/** About 256 KiB of results per block of a streamed batch answer. */
const STREAM_BLOCK = 256 * 1024;

/** Texts as UTF-8 in memory of their own (joinUtf8 allocates outside Node's shared pool), so they are
 *  transferred to the main thread, not copied. */
function ownBytes(parts: readonly string[]): Uint8Array {
  const bytes = joinUtf8(parts);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function run(task: RunRequest): { reply: RunResult; transfer: ArrayBuffer[] } {
  const request = held.get(task.id);
  held.delete(task.id);
  if (!request) throw new Error(`request ${task.id} is not held by this worker`);
  store.begin(task.generation);
  const { ruleset, resolve } = task.pinned ? catalog.forEvaluation(task.ref) : catalog.live(task.ref);
  const options = { date: task.date, explain: task.explain, resolve, lang: task.lang, lazy: false };
  const counts: Counts = { true: 0, false: 0, null: 0 };
  const audit: AuditSlice[] = [];
  const raw: string[] | undefined = task.auditRaw ? [] : undefined;
  const list = (request.households ?? [request.household!]) as Household[];
  // A batch's results go out in blocks of about STREAM_BLOCK characters as they are made (the main
  // thread writes each one at once); what is left at the end comes with the reply.
  const batch = request.household === undefined;
  let parts: string[] = [];
  let chars = 0;
  for (let i = 0; i < list.length; i++) {
    const household = list[i]!;
    let r = port.evaluate(ruleset, household, options);
    if (task.counterfactuals && port.withCounterfactuals) {
      r = port.withCounterfactuals(ruleset, household, r, { date: task.date, resolve, cap: COUNTERFACTUAL_CAP, lang: task.lang });
    }
    const json = batch
      ? JSON.stringify({ household: r.household, in_force: r.in_force, decisions: r.decisions })
      : JSON.stringify(r);
    parts.push(i === 0 ? json : `,${json}`);
    chars += json.length + 1;
    tally(counts, r);
    if (task.audit) audit.push(auditOf(household, r));
    raw?.push(JSON.stringify(household));
    if (batch && chars >= STREAM_BLOCK && i < list.length - 1) {
      const block = ownBytes(parts);
      parentPort!.postMessage({ type: 'block', id: task.id, body: block } satisfies RunBlock, [block.buffer as ArrayBuffer]);
      parts = [];
      chars = 0;
    }
  }
  const body = ownBytes(parts);
  return { reply: { id: task.id, ok: true, body, counts, audit, ...(raw ? { raw } : {}) }, transfer: [body.buffer as ArrayBuffer] };
}

parentPort!.on('message', (task: WorkerMessage) => {
  try {
    switch (task.type) {
      case 'parse':
        parentPort!.postMessage(parse(task));
        return;
      case 'run': {
        const { reply, transfer } = run(task);
        parentPort!.postMessage(reply, transfer);
        return;
      }
      case 'drop':
        held.delete(task.id);
        return;
      default:
        parentPort!.postMessage(slice(task));
    }
  } catch (error) {
    if (task.type === 'drop') return;
    if (task.type !== 'run') held.delete(task.id);
    parentPort!.postMessage({ id: task.id, ok: false, error: stackOf(error) });
  }
});

// Compile the current rulesets before saying ready (the main thread answers meanwhile), so the first
// request sent here does not wait for a compilation; one that fails to compile is simply not cached.
for (const row of store.list()) {
  try {
    catalog.forEvaluation(row.id);
  } catch { /* reported when a request asks for it */ }
}
// The pool may send requests here now.
parentPort!.postMessage({ type: 'ready' });
