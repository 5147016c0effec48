// A JSON Lines file worked on by worker threads, its results taken in the file's order. The main thread
// cuts the bytes into batches of whole lines (line-batches.ts) and hands each to the idlest worker; each
// worker answers with its batch's result (batch-worker.ts); the results are passed on in batch order,
// whatever order they arrive in. Bounded: at most two batches per worker are in flight or wait to be
// passed on, and the file is read no faster than that. Used by `elig screen --engine js` (screen-js.ts)
// and `elig import` (commands/import.ts).
import { once } from 'node:events';
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_RECORD_CHARS, type RowError } from '../../engine/stream';
import { tooLong } from '../../engine/stream/records';
import { Progress } from '../progress';
import { lineBatches, transferable } from './line-batches';
import { formatOf } from './input';

/** Below this a file is worked on the main thread: starting workers (each loads the engine, the ruleset)
 *  costs more than it saves. */
const PARALLEL_FROM_BYTES = 32 << 20;
const CHUNK_BYTES = 1 << 20;
/** Batches in flight or waiting to be passed on, per worker. */
const IN_FLIGHT = 2;

/** Worker threads for a file: ELIG_WORKERS (0: the main thread alone), else one per CPU for a JSON Lines
 *  file of 32 MB or more; 0 for other inputs and standard input. */
export function workersFor(input: string): number {
  const text = process.env.ELIG_WORKERS;
  const asked = text !== undefined && text !== '' ? Number(text) : undefined;
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 0 || asked > 64)) throw new Error(`ELIG_WORKERS=${text}: a number of worker threads from 0 to 64`);
  if (input === '-' || formatOf(input) !== 'jsonl') return 0;
  if (asked !== undefined) return asked;
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    return 0; // the one-thread reader says what is wrong with the file
  }
  return size >= PARALLEL_FROM_BYTES ? availableParallelism() : 0;
}

export interface BatchPoolOptions<R> {
  /** The worker module's name beside this file (`screen-worker`): dist/cli/<name>.js in the bundle. */
  worker: string;
  workerData: object;
  workers: number;
  /** What every worker must say it loaded (a ruleset's version), checked before any batch is sent. */
  ready: string;
  /** A batch's result, in the file's order. */
  result(r: R): Promise<void> | void;
  /** A line dropped as too long to read (its line number and the reader's error), in its place. */
  longLine(row: { row: number; errors: RowError[] }): Promise<void> | void;
  /** Results passed on so far, for the progress line. */
  progressRows(): number;
}

type Reply<R> = R | { ready: string } | { failed: string };

export async function runBatches<R extends { seq: number }>(input: string, o: BatchPoolOptions<R>): Promise<void> {
  const pool: { worker: Worker; busy: number }[] = [];
  const done = new Map<number, R>();
  const longLines = new Map<number, number>(); // seq → the line number of a line dropped as too long
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => { const w = wake; wake = undefined; w?.(); };
  try {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < o.workers; i++) {
      const worker = new Worker(entry(o.worker), { workerData: { ...o.workerData, module: o.worker }, execArgv: [] });
      const slot = { worker, busy: 0 };
      pool.push(slot);
      ready.push(new Promise((resolve, reject) => {
        worker.on('message', (m: Reply<R>) => {
          if ('ready' in m) {
            if (m.ready !== o.ready) reject(new Error(`a worker loaded ${m.ready}, not ${o.ready}: was the ruleset edited during the run?`));
            else resolve();
          } else if ('failed' in m) failure ??= new Error(`a worker failed: ${m.failed}`);
          else {
            slot.busy--;
            done.set(m.seq, m);
          }
          signal();
        });
        worker.on('error', (e) => { failure ??= e; reject(e); signal(); });
        worker.on('exit', (code) => { if (code !== 0) failure ??= new Error(`a worker stopped (exit ${code})`); signal(); });
      }));
    }
    await Promise.all(ready);
    const progress = new Progress(statSync(input).size);
    let next = 0; // the batch to pass on next
    let sent = 0;
    const passOn = async () => {
      for (;;) {
        const long = longLines.get(next);
        if (long !== undefined) {
          longLines.delete(next++);
          await o.longLine({ row: long, errors: [{ pointer: '', message: tooLong(DEFAULT_MAX_RECORD_CHARS) }] });
          continue;
        }
        const r = done.get(next);
        if (!r) return;
        done.delete(next++);
        await o.result(r);
        progress.at(o.progressRows());
      }
    };
    // Replies are handled only while this awaits, so a condition read just before waiting stays true.
    const wait = async () => {
      if (failure) throw failure;
      await new Promise<void>((resolve) => { wake = resolve; });
      if (failure) throw failure;
      await passOn();
    };
    const idlest = () => pool.reduce((a, c) => (c.busy < a.busy ? c : a));
    const stream = createReadStream(input, { highWaterMark: CHUNK_BYTES });
    // A line longer than the readers' limit in UTF-16 units is at most three bytes a unit: longer in bytes,
    // it is surely too long, and is dropped without being held.
    for await (const b of lineBatches(counted(stream, progress), 3 * DEFAULT_MAX_RECORD_CHARS)) {
      sent++;
      if (!('body' in b)) {
        longLines.set(b.seq, b.row);
        await passOn();
        continue;
      }
      await passOn();
      while (idlest().busy >= IN_FLIGHT || done.size >= IN_FLIGHT * o.workers) await wait();
      const slot = idlest();
      slot.busy++;
      slot.worker.postMessage(b, transferable(b));
    }
    while (next < sent) {
      await passOn();
      if (next < sent) await wait();
    }
    progress.done();
    // Closed, not stopped: each thread ends once its loop is empty (stopping one still loading its
    // modules can abort Node 20: worker-shim.mjs).
    await Promise.all(pool.map(async (s) => {
      const exited = once(s.worker, 'exit');
      s.worker.postMessage('close');
      await exited;
    }));
  } finally {
    // After a failure, or if a thread did not end: stopped.
    await Promise.all(pool.map((s) => s.worker.terminate()));
  }
}

async function* counted(stream: AsyncIterable<Buffer>, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    progress.bytes(chunk.length);
    yield chunk;
  }
}

/** A worker's entry: the bundle's (dist/cli/<name>.js) or, from TypeScript, the tsx shim that loads it. */
function entry(name: string): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker-shim.mjs', import.meta.url) : new URL(`./${name}.js`, import.meta.url);
}
