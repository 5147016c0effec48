// Entry of a worker thread when the CLI runs from TypeScript (npm run elig, the tests): register tsx,
// then load the worker module named in workerData (batch-pool.ts). The bundle has an entry per worker
// (scripts/build.ts) and does not use this file. Plain JS: it runs before any TypeScript loader. The
// import is not awaited at the top level: Node 20 aborts the process (a V8 check) when a worker is
// stopped while a module with a top-level await is still being evaluated; a failed import is thrown
// in the worker, which reports it as its 'error'.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
import(`./${workerData.module}.ts`).catch((e) => {
  throw e;
});
