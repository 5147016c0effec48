// A pool of evaluation worker threads for large requests. Two ways in:
// - Raw bodies (`parse` then `run` or `drop`): the request's bytes are transferred to one worker (no copy,
//   no structured clone of parsed objects), which parses and validates them and answers with the
//   request's shape only (ruleset, date, counts); the main thread resolves the version and enforces the
//   work budget before anything runs, then tells the same worker to evaluate what it holds, or to drop it.
//   The results come back as UTF-8 bytes, transferred too, that the main thread writes to the socket.
// - Parsed households (`evaluate`): the main thread has already parsed the request (a body sent without
//   Content-Length, or in another charset); the households are split into one slice per worker.
// Small requests never come here: a thread hop costs more than evaluating a few households.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { FieldError } from './problems';

export interface SliceRequest {
  id: number;
  ref: string; // "id@version": always pinned, so every slice uses the version the main thread chose
  /** The request pinned the version itself: read the dependencies it recorded; else the published ones. */
  pinned?: boolean;
  date: string;
  explain: boolean;
  /** The language of reasons (see engine/render/); absent: English. */
  lang?: 'es' | 'pt' | 'en';
  audit: boolean;
  households: unknown[];
}

export interface AuditSlice { inputSha256: string; summary: unknown }

export type SliceResult =
  | { id: number; ok: true; json: string; counts: { true: number; false: number; null: number }; audit: AuditSlice[] }
  | { id: number; ok: false; error: { name: string; stack: string } };

/** Raw request bytes for a worker to parse and validate, and hold until `run` or `drop`. */
export interface ParseRequest { type: 'parse'; id: number; bytes: ArrayBuffer; batchLimit: number }

/** The request's shape, for the main thread's checks (version, work budget) before anything runs. */
export interface RequestShape {
  ruleset: string;
  date: string | undefined;
  explain: boolean | undefined;
  single: boolean;
  households: number;
  /** Decisions if the ruleset decides per member: Σ max(1, members) (server/work-budget.ts). */
  memberDecisions: number;
  lang: 'es' | 'pt' | 'en' | undefined;
  counterfactuals: boolean;
}

export type ParseResult =
  | { id: number; ok: true; kind: 'parsed'; shape: RequestShape }
  | { id: number; ok: true; kind: 'malformed'; message: string }
  | { id: number; ok: true; kind: 'too-large'; households: number }
  | { id: number; ok: true; kind: 'invalid'; errors: FieldError[]; total: number }
  | { id: number; ok: false; error: { name: string; stack: string } };

/** Evaluate the request a worker holds, pinned to `ref`; `generation` is the main thread's store
 *  generation: the worker re-reads its database's current versions only when it changed. */
export interface RunRequest {
  type: 'run'; id: number; ref: string; date: string; explain: boolean; audit: boolean; auditRaw: boolean; generation: string;
  /** The request pinned the version itself: read the dependencies it recorded; else the published ones. */
  pinned: boolean;
  lang: 'es' | 'pt' | 'en' | undefined;
  /** Margins and flips on each decision (the main thread has charged the work budget for them). */
  counterfactuals: boolean;
}
export interface DropRequest { type: 'drop'; id: number }

/** A block of a batch's results sent while the worker goes on (UTF-8, transferred): the results joined
 *  by commas, each block but the first starting with one; the RunResult's body is what follows the last. */
export interface RunBlock { type: 'block'; id: number; body: Uint8Array }

export type RunResult =
  | {
    id: number; ok: true;
    /** UTF-8: a single request's whole response, or a batch's results joined by commas (no brackets);
     *  after blocks (RunBlock), the rest of them, starting with a comma. */
    body: Uint8Array;
    counts: { true: number; false: number; null: number };
    audit: AuditSlice[];
    /** With auditRaw: each household as JSON text. */
    raw?: string[];
  }
  | { id: number; ok: false; error: { name: string; stack: string } };

export type WorkerMessage = (SliceRequest & { type?: undefined }) | ParseRequest | RunRequest | DropRequest;
type Reply = SliceResult | ParseResult | RunResult;

/** `ready`: the worker has loaded its modules (under a cold start on a busy machine that takes seconds;
 *  until one is ready, requests are evaluated on the main thread rather than wait for it). */
/** How long a shutdown waits for a worker still loading its modules before stopping it regardless. */
export const LOAD_GRACE_MS = 30_000;

interface Slot {
  worker: Worker;
  busy: number;
  ready: boolean;
  /** Settles once the worker has loaded, failed or exited: it is then safe to stop (see close). */
  settled: Promise<void>;
}

export class EvaluationPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void; slot: Slot; onBlock?: (block: RunBlock) => void }>();
  /** Requests a worker holds (parsed, not yet run or dropped), by id. */
  private readonly held = new Map<number, Slot>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number, dataDir: string, private readonly onError?: (error: Error) => void) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(dataDir));
  }

  private spawn(dataDir: string): Slot {
    const worker = new Worker(new URL('./eval-worker.mjs', import.meta.url), { workerData: { dataDir }, execArgv: [] });
    let settle!: () => void;
    const slot: Slot = { worker, busy: 0, ready: false, settled: new Promise<void>((resolve) => (settle = resolve)) };
    worker.once('error', () => settle());
    worker.once('exit', () => settle());
    worker.on('message', (result: Reply | RunBlock | { type: 'ready' }) => {
      if ('type' in result && result.type === 'ready') {
        slot.ready = true;
        settle();
        return;
      }
      if ('type' in result && result.type === 'block') {
        this.waiting.get(result.id)?.onBlock?.(result);
        return;
      }
      result = result as Reply;
      const pending = this.waiting.get(result.id);
      if (!pending) return;
      this.waiting.delete(result.id);
      slot.busy--;
      pending.resolve(result as never);
    });
    const fail = (error: Error) => {
      this.onError?.(error);
      for (const [id, pending] of this.waiting) {
        if (pending.slot !== slot) continue;
        this.waiting.delete(id);
        pending.reject(error);
      }
      for (const [id, held] of this.held) if (held === slot) this.held.delete(id);
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.spawn(dataDir); // replace a dead worker
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`evaluation worker exited with code ${code}`));
    });
    worker.unref();
    return slot;
  }

  /** Whether some worker has started and can take requests. */
  get ready(): boolean {
    return this.slots.some((s) => s.ready);
  }

  /** The least busy worker that is ready (any worker when none is). */
  private pick(): Slot {
    const ready = this.slots.filter((s) => s.ready);
    return (ready.length > 0 ? ready : this.slots).reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /** Evaluate `households` in up to `size` slices; the result texts are in household order. */
  async evaluate(ref: string, date: string, explain: boolean, audit: boolean, households: unknown[], pinned = false, lang?: 'es' | 'pt' | 'en'): Promise<SliceResult[]> {
    const slices = Math.max(1, Math.min(this.slots.filter((s) => s.ready).length, households.length));
    const per = Math.ceil(households.length / slices);
    const tasks: Promise<SliceResult>[] = [];
    for (let start = 0; start < households.length; start += per) {
      const slot = this.pick();
      const id = this.nextId++;
      slot.busy++;
      tasks.push(new Promise<SliceResult>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject, slot });
        const task: SliceRequest = { id, ref, pinned, date, explain, lang, audit, households: households.slice(start, start + per) };
        slot.worker.postMessage(task);
      }));
    }
    return Promise.all(tasks);
  }

  private send<R>(slot: Slot, id: number, message: WorkerMessage, transfer: ArrayBuffer[] = [], onBlock?: (block: RunBlock) => void): Promise<R> {
    if (!this.slots.includes(slot)) return Promise.reject(new Error('the evaluation worker holding this request stopped'));
    slot.busy++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: never) => void, reject, slot, onBlock });
      slot.worker.postMessage(message, transfer);
    });
  }

  /** Hand a request body to the least busy worker: its bytes are moved, not copied (`bytes` is
   *  unusable afterwards when it owned its memory). After a `parsed` answer, call `run` or `drop`. */
  async parse(bytes: Uint8Array, batchLimit: number): Promise<ParseResult> {
    const slot = this.pick();
    const id = this.nextId++;
    // A Buffer may be a view into a larger shared allocation: transfer only memory it owns alone.
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const buffer = owned ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
    const result = await this.send<ParseResult>(slot, id, { type: 'parse', id, bytes: buffer, batchLimit }, [buffer]);
    if (result.ok && result.kind === 'parsed') this.held.set(id, slot);
    return result;
  }

  /** Evaluate a request `parse` accepted, on the worker that holds it; a batch's results may come in
   *  blocks to `onBlock` before the result (which then carries only the rest). */
  async run(request: Omit<RunRequest, 'type'>, onBlock?: (block: RunBlock) => void): Promise<RunResult> {
    const slot = this.held.get(request.id);
    if (!slot) throw new Error(`no evaluation worker holds request ${request.id}`);
    this.held.delete(request.id);
    return this.send<RunResult>(slot, request.id, { type: 'run', ...request }, [], onBlock);
  }

  /** Forget a request `parse` accepted (refused by a check on the main thread). */
  drop(id: number): void {
    const slot = this.held.get(id);
    if (!slot) return;
    this.held.delete(id);
    slot.worker.postMessage({ type: 'drop', id } satisfies DropRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A worker is stopped once it has loaded (or failed): stopping one while its modules are still being
    // evaluated aborted a test process once (a V8 check in Node 20's ExecuteAsyncModule; eval-worker.mjs).
    // Held (ref) while waiting: an unreferenced worker would let the process end before it settles. One
    // that never loads is stopped anyway after LOAD_GRACE_MS: a shutdown must not hang.
    await Promise.all(this.slots.map(async (s) => {
      s.worker.ref();
      await Promise.race([s.settled, sleep(LOAD_GRACE_MS, undefined, { ref: false })]);
      await s.worker.terminate();
    }));
  }
}
