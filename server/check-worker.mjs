// Entry of a checking worker thread: register tsx (the server runs from TypeScript sources), then load it.
import { register } from 'tsx/esm/api';

register();
import('./check-worker.ts').catch((e) => {
  throw e;
});
// Not awaited at the top level: Node 20 aborts the whole process (a V8 check in ExecuteAsyncModule) when a
// worker is stopped while a module with a top-level await is still being evaluated; a failed import is
// thrown in the worker, which reports it as its 'error'.
