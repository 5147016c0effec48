// A screening worker thread (screen-js.ts, through batch-pool.ts): loads the ruleset as the main thread
// did (same reference, same folder), then decides each batch of lines it is sent.
import { workerData } from 'node:worker_threads';
import { folderRegistry, load } from '../load';
import { serveBatches } from './batch-worker';
import { screenBatch } from './screen-batch';

export interface ScreenWorkerData {
  ruleset: string;
  date: string;
  maxRecordChars: number;
}

const data = workerData as ScreenWorkerData;
const registry = folderRegistry();
const ruleset = load(data.ruleset, registry);
const scoreNames = ruleset.checked.scores.map((s) => s.name.text);
serveBatches(
  ruleset.version,
  (batch) => screenBatch(ruleset, registry.resolve, data.date, scoreNames, batch, data.maxRecordChars),
  (r) => [r.eligible.buffer as ArrayBuffer, r.benefit.buffer as ArrayBuffer, r.scores.buffer as ArrayBuffer],
);
