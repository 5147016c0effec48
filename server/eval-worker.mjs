// Entry of an evaluation worker thread: register tsx (the server runs from TypeScript sources) and load
// the worker. Plain JS because it runs before any TypeScript loader is in place.
import { register } from 'tsx/esm/api';

register();
import('./eval-worker.ts').catch((e) => {
  throw e;
});
// Not awaited at the top level: Node 20 aborts the whole process (a V8 check in ExecuteAsyncModule) when a
// worker is stopped while a module with a top-level await is still being evaluated; a failed import is
// thrown in the worker, which reports it as its 'error'.
