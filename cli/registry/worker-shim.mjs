// Entry of a worker thread when the CLI runs from TypeScript (npm run elig, the tests): register tsx,
// then load the worker module named in workerData (batch-pool.ts). The bundle has an entry per worker
// (scripts/build.ts) and does not use this file. Plain JS: it runs before any TypeScript loader.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(`./${workerData.module}.ts`);
