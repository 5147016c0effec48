// An import worker thread (commands/import.ts, through batch-pool.ts): checks each batch of lines it is
// sent against household.schema.json.
import { workerData } from 'node:worker_threads';
import { serveBatches } from './batch-worker';
import { checkBatch } from './import-batch';

serveBatches('household.schema.json', (batch) => checkBatch(batch, (workerData as { maxRecordChars: number }).maxRecordChars));
