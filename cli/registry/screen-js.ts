// `elig screen --engine js`: the compiled evaluator over a stream of households, one row per subject to
// the output, bad rows reported and counted. A JSON Lines file of some size is decided by worker threads:
// the main thread cuts it into batches of whole lines (line-batches.ts), each worker decodes, validates and
// decides a batch (screen-batch.ts), and the main thread writes the results in the file's order — the
// same rows, the same rejected-row list and the same summary as the one-thread path, which the other
// inputs (JSON arrays, CSV, Parquet, standard input) and small files take. Memory is bounded: at most
// two batches per worker are in flight or waiting to be written.
import { appendFileSync, createReadStream, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decide, type LoadedRuleset, type RulesetResolver } from '../../engine';
import { DEFAULT_MAX_RECORD_CHARS, type HouseholdRow } from '../../engine/stream';
import { tooLong } from '../../engine/stream/records';
import { rowErrorLines } from '../households';
import { Progress } from '../progress';
import { formatOf, readHouseholds } from './input';
import { lineBatches, transferable } from './line-batches';
import { openWriter, type DecisionWriter } from './output';
import type { BatchResult } from './screen-batch';
import type { ScreenWorkerData } from './screen-worker';
import { SummaryCounter, type ScreeningSummary } from './summary';

/** Bad rows printed one by one before the rest are only counted (all of them go to <out>.rejected.jsonl). */
const SHOWN_PROBLEMS = 20;
/** Below this a file is decided on the main thread: starting workers (each compiles the ruleset) costs
 *  more than it saves. */
const PARALLEL_FROM_BYTES = 32 << 20;
const CHUNK_BYTES = 1 << 20;
/** Batches in flight or waiting to be written, per worker. */
const IN_FLIGHT = 2;

export interface JsScreenOptions {
  /** The ruleset as the command line named it (an id or a draft file): each worker loads it so. */
  reference: string;
  resolve: RulesetResolver;
  /** Worker threads (0: the main thread alone); default from ELIG_SCREEN_WORKERS, else one per CPU for a
   *  JSON Lines file of 32 MB or more. */
  workers?: number;
}

export async function screenWithJs(ruleset: LoadedRuleset, input: string, date: string, out: string, options: JsScreenOptions): Promise<{ summary: ScreeningSummary; rejectedFile: string | undefined }> {
  const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
  const writer = await openWriter(out, scoreNames);
  const rejectedFile = `${out}.rejected.jsonl`;
  rmSync(rejectedFile, { force: true }); // a previous run's list must not pass for this one's
  const sink = new Sink(writer, rejectedFile);
  const workers = workerCount(input, options.workers);
  if (workers > 0) await parallel(ruleset, input, date, scoreNames, sink, options.reference, workers);
  else {
    for await (const row of readHouseholds(input)) {
      if (!row.household) sink.reject(row);
      else await sink.household(String(row.household.id), decide(ruleset, row.household, { date, resolve: options.resolve }), scoreNames);
    }
  }
  const counter = sink.counter;
  await writer.close(counter.rejected);
  if (counter.rejected > SHOWN_PROBLEMS) console.error(`… and ${counter.rejected - SHOWN_PROBLEMS} more bad rows`);
  return { summary: counter.result(ruleset.checked.currency, ruleset.checked.benefit?.period ?? 'once'), rejectedFile: counter.rejected ? rejectedFile : undefined };
}

function workerCount(input: string, asked: number | undefined): number {
  const fromEnv = process.env.ELIG_SCREEN_WORKERS;
  const n = asked ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined);
  if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 64)) throw new Error(`ELIG_SCREEN_WORKERS=${fromEnv}: a number of worker threads from 0 to 64`);
  if (input === '-' || formatOf(input) !== 'jsonl') return 0;
  if (n !== undefined) return n;
  return statSync(input).size >= PARALLEL_FROM_BYTES ? availableParallelism() : 0;
}

/** Where decided and rejected rows go, in file order, whichever thread decided them. */
class Sink {
  readonly counter = new SummaryCounter();
  constructor(private readonly writer: DecisionWriter, private readonly rejectedFile: string) {}

  reject(row: HouseholdRow): void {
    this.counter.rejected++;
    appendFileSync(this.rejectedFile, JSON.stringify({ row: row.row, errors: row.errors }) + '\n');
    if (this.counter.rejected <= SHOWN_PROBLEMS) rowErrorLines(row).forEach((l) => console.error(l));
  }

  async household(id: string, decisions: ReturnType<typeof decide>, scoreNames: readonly string[]): Promise<void> {
    this.counter.households++;
    for (const d of decisions) {
      this.counter.add(d.eligible, d.benefit);
      await this.writer.write({ household_id: id, subject: d.subject, eligible: d.eligible, benefit: d.benefit, outcome: d.outcome, scores: scoreNames.map((n) => d.scores[n] ?? null) });
    }
  }

  /** A worker's batch: its subjects, with its rejected rows in their places among them. */
  async batch(r: BatchResult, scores: number): Promise<void> {
    this.counter.households += r.households;
    let k = 0;
    for (let i = 0; i < r.subjects.length; i++) {
      while (k < r.rejected.length && r.rejectedAt[k]! <= i) this.reject(r.rejected[k++]!);
      const e = r.eligible[i]!;
      const eligible = e === 1 ? true : e === 0 ? false : null;
      const b = r.benefit[i]!;
      const benefit = Number.isNaN(b) ? null : b;
      this.counter.add(eligible, benefit);
      const s: (number | null)[] = new Array(scores);
      for (let j = 0; j < scores; j++) {
        const v = r.scores[i * scores + j]!;
        s[j] = Number.isNaN(v) ? null : v;
      }
      await this.writer.write({ household_id: r.householdIds[i]!, subject: r.subjects[i]!, eligible, benefit, outcome: r.outcome[i]!, scores: s });
    }
    while (k < r.rejected.length) this.reject(r.rejected[k++]!);
  }
}

type Reply = BatchResult | { ready: string } | { failed: string };

async function parallel(ruleset: LoadedRuleset, input: string, date: string, scoreNames: readonly string[], sink: Sink, reference: string, count: number): Promise<void> {
  const data: ScreenWorkerData = { ruleset: reference, date, maxRecordChars: DEFAULT_MAX_RECORD_CHARS };
  const pool: { worker: Worker; busy: number }[] = [];
  const done = new Map<number, BatchResult>();
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => { const w = wake; wake = undefined; w?.(); };
  const ready: Promise<void>[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerEntry(), { workerData: data, execArgv: [] });
      const slot = { worker, busy: 0 };
      pool.push(slot);
      ready.push(new Promise((resolve, reject) => {
        worker.on('message', (m: Reply) => {
          if ('ready' in m) {
            // The same text loaded on both sides, or the rows would not be this ruleset's decisions.
            if (m.ready !== ruleset.version) reject(new Error(`a worker loaded ${reference} at ${m.ready}, not ${ruleset.version}: was it edited during the run?`));
            else resolve();
          } else if ('failed' in m) failure ??= new Error(`a screening worker failed: ${m.failed}`);
          else {
            slot.busy--;
            done.set(m.seq, m);
          }
          signal();
        });
        worker.on('error', (e) => { failure ??= e; reject(e); signal(); });
        worker.on('exit', (code) => { if (code !== 0) failure ??= new Error(`a screening worker stopped (exit ${code})`); signal(); });
      }));
    }
    await Promise.all(ready);
    const progress = new Progress(statSync(input).size);
    let next = 0; // the batch to write next
    let sent = 0;
    const longLines = new Map<number, number>(); // seq → row of a line dropped as too long
    const write = async () => {
      for (;;) {
        const long = longLines.get(next);
        if (long !== undefined) {
          longLines.delete(next++);
          sink.reject({ row: long, errors: [{ pointer: '', message: tooLong(DEFAULT_MAX_RECORD_CHARS) }] });
          continue;
        }
        const r = done.get(next);
        if (!r) return;
        done.delete(next++);
        await sink.batch(r, scoreNames.length);
        progress.at(sink.counter.households);
      }
    };
    const wait = async () => {
      if (failure) throw failure;
      await new Promise<void>((resolve) => { wake = resolve; });
      if (failure) throw failure;
      await write();
    };
    const stream = createReadStream(input, { highWaterMark: CHUNK_BYTES });
    // A line longer than the limit in UTF-16 units is at most three bytes a unit; longer in bytes is surely too long.
    for await (const b of lineBatches(counted(stream, progress), 3 * DEFAULT_MAX_RECORD_CHARS)) {
      if (!('body' in b)) {
        longLines.set(b.seq, b.row);
        sent++;
        await write();
        continue;
      }
      // Write what is ready, then wait while every worker has its share in flight or too much waits to be
      // written (the conditions are read just before waiting: a reply is only handled while this awaits).
      await write();
      const idlest = () => pool.reduce((a, c) => (c.busy < a.busy ? c : a));
      while (idlest().busy >= IN_FLIGHT || done.size >= IN_FLIGHT * count) await wait();
      const slot = idlest();
      slot.busy++;
      sent++;
      slot.worker.postMessage(b, transferable(b));
    }
    while (next < sent) {
      await write();
      if (next < sent) await wait();
    }
    progress.done();
  } finally {
    await Promise.all(pool.map((s) => s.worker.terminate()));
  }
}

async function* counted(stream: AsyncIterable<Buffer>, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    progress.bytes(chunk.length);
    yield chunk;
  }
}

/** The worker's entry: the bundle's (dist/cli/screen-worker.js) or, from TypeScript, the tsx shim. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./screen-worker.mjs', import.meta.url) : new URL('./screen-worker.js', import.meta.url);
}
