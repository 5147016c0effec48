// A screening worker thread (screen-js.ts): loads the ruleset as the main thread did (same reference,
// same folder), then decides each batch of lines it is sent, one at a time, in the order received.
import { parentPort, workerData } from 'node:worker_threads';
import { folderRegistry, load } from '../load';
import { screenBatch, type BatchResult } from './screen-batch';
import type { LineBatch } from './line-batches';

export interface ScreenWorkerData {
  ruleset: string;
  date: string;
  maxRecordChars: number;
}

const data = workerData as ScreenWorkerData;
const registry = folderRegistry();
const ruleset = load(data.ruleset, registry);
const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
const port = parentPort!;
port.postMessage({ ready: ruleset.version });

let queue: Promise<void> = Promise.resolve();
port.on('message', (batch: LineBatch) => {
  queue = queue.then(async () => {
    const r: BatchResult = await screenBatch(ruleset, registry.resolve, data.date, scoreNames, batch, data.maxRecordChars);
    port.postMessage(r, [r.eligible.buffer as ArrayBuffer, r.benefit.buffer as ArrayBuffer, r.scores.buffer as ArrayBuffer]);
  }).catch((e: unknown) => port.postMessage({ failed: String((e as Error)?.stack ?? e) }));
});
