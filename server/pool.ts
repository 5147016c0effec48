// A pool of evaluation worker threads for large batches. The main thread parses and validates the request
// (so errors are reported before anything runs), then splits the households into one slice per worker;
// each worker evaluates its slice and returns it serialised, and the main thread joins the text. Small
// requests never come here: a thread hop costs more than evaluating a few households.
import { Worker } from 'node:worker_threads';

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

interface Slot { worker: Worker; busy: number }

export class EvaluationPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (r: SliceResult) => void; reject: (e: Error) => void; slot: Slot }>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number, dataDir: string, private readonly onError?: (error: Error) => void) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(dataDir));
  }

  private spawn(dataDir: string): Slot {
    const worker = new Worker(new URL('./eval-worker.mjs', import.meta.url), { workerData: { dataDir }, execArgv: [] });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (result: SliceResult) => {
      const pending = this.waiting.get(result.id);
      if (!pending) return;
      this.waiting.delete(result.id);
      slot.busy--;
      pending.resolve(result);
    });
    const fail = (error: Error) => {
      this.onError?.(error);
      for (const [id, pending] of this.waiting) {
        if (pending.slot !== slot) continue;
        this.waiting.delete(id);
        pending.reject(error);
      }
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

  /** Evaluate `households` in up to `size` slices; the result texts are in household order. */
  async evaluate(ref: string, date: string, explain: boolean, audit: boolean, households: unknown[], pinned = false, lang?: 'es' | 'pt' | 'en'): Promise<SliceResult[]> {
    const slices = Math.min(this.slots.length, households.length);
    const per = Math.ceil(households.length / slices);
    const tasks: Promise<SliceResult>[] = [];
    for (let start = 0; start < households.length; start += per) {
      const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
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

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
