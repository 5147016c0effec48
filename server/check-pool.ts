// Checks run in one worker thread with a time budget: a text that takes longer is stopped (the worker is
// terminated and replaced) and answered with a problem, never by blocking the event loop. Checks queue
// behind each other; a long queue is refused rather than grown without bound.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../dsl/diagnostics';
import type { GateReport } from './gate';
import { LOAD_GRACE_MS } from './pool';
import { problems } from './problems';

/** A check of a text, or (with `seq`) the publishing gate of a stored version, read by the worker from
 *  the database with its pins. */
export interface CheckTask { id: number; rulesetId: string; source: string; seq?: number }
export type CheckReply = { id: number; ok: true; diagnostics: Diagnostic[]; gate?: GateReport } | { id: number; ok: false; error: string };

interface Job { task: CheckTask; resolve: (d: { diagnostics: Diagnostic[]; gate?: GateReport }) => void; reject: (e: Error) => void }

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
const MAX_QUEUE = 32;

export class CheckPool {
  private worker: Worker | undefined;
  private ready = false;
  private running: { job: Job; timer: NodeJS.Timeout | undefined } | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly dataDir: string, readonly timeoutMs: number, private readonly onError?: (error: Error) => void) {}

  /** Start the worker now, so the first check or gate (a save) does not wait for it to load. */
  warm(): void {
    if (!this.closed) this.worker ??= this.spawn();
  }

  /** The diagnostics of `source` as ruleset `rulesetId`; rejects with a Problem on timeout or overload. */
  check(rulesetId: string, source: string): Promise<Diagnostic[]> {
    return this.run(rulesetId, source, undefined).then((r) => r.diagnostics);
  }

  /** The publishing gate of the stored version row `seq` (checks, examples, properties, with its pins),
   *  within three times a check's budget. */
  gate(rulesetId: string, seq: number): Promise<{ diagnostics: Diagnostic[]; gate: GateReport }> {
    return this.run(rulesetId, '', seq) as Promise<{ diagnostics: Diagnostic[]; gate: GateReport }>;
  }

  private run(rulesetId: string, source: string, seq: number | undefined): Promise<{ diagnostics: Diagnostic[]; gate?: GateReport }> {
    if (this.closed) return Promise.reject(problems.shuttingDown());
    if (this.queue.length >= MAX_QUEUE) return Promise.reject(problems.checkBusy());
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { id: this.nextId++, rulesetId, source, ...(seq === undefined ? {} : { seq }) }, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./check-worker.mjs', import.meta.url), { workerData: { dataDir: this.dataDir }, execArgv: [] });
    this.ready = false;
    let settle!: () => void;
    this.settled = new Promise<void>((resolve) => (settle = resolve));
    worker.once('error', () => settle());
    worker.once('exit', () => settle());
    worker.on('message', (reply: CheckReply | { ready: true }) => {
      if ('ready' in reply) {
        settle();
        if (this.worker !== worker) return;
        this.ready = true;
        if (this.running && !this.running.timer) this.running.timer = this.startClock(this.running.job, worker);
        return;
      }
      const running = this.running;
      if (!running || running.job.task.id !== reply.id) return;
      clearTimeout(running.timer);
      this.running = undefined;
      if (reply.ok) running.job.resolve({ diagnostics: reply.diagnostics, gate: reply.gate });
      else running.job.reject(new Error(`check failed in the worker: ${reply.error}`));
      this.pump();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker || this.closed) return;
      this.worker = undefined;
      this.onError?.(error);
      const running = this.running;
      this.running = undefined;
      if (running) {
        clearTimeout(running.timer);
        running.job.reject(error);
      }
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`checking worker exited with code ${code}`)));
    worker.unref();
    return worker;
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.worker ??= this.spawn();
    const worker = this.worker;
    this.running = { job, timer: this.ready ? this.startClock(job, worker) : undefined };
    worker.postMessage(job.task);
  }

  /** A gate runs examples and properties too: three times a check's budget. */
  get gateTimeoutMs(): number {
    return this.timeoutMs * 3;
  }

  private startClock(job: Job, worker: Worker): NodeJS.Timeout {
    const budget = job.task.seq !== undefined ? this.gateTimeoutMs : this.timeoutMs;
    return setTimeout(() => {
      // Over budget: stop the worker (the only way to stop synchronous code) and answer the problem.
      this.running = undefined;
      this.worker = undefined;
      void worker.terminate();
      job.reject(problems.checkTooComplex(budget / 1000));
      this.pump();
    }, budget);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(problems.shuttingDown());
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.job.reject(problems.shuttingDown());
      this.running = undefined;
    }
    // Stopped once loaded (or failed): stopping a worker whose modules are still being evaluated can
    // abort the process in Node 20 (see pool.ts's close).
    const worker = this.worker;
    if (!worker) return;
    worker.ref(); // (unreferenced, it would let the process end before it settles)
    await Promise.race([this.settled, sleep(LOAD_GRACE_MS, undefined, { ref: false })]);
    await worker.terminate();
  }
  /** Settles once the current worker has loaded, failed or exited. */
  private settled: Promise<void> = Promise.resolve();
}
