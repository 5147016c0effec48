// Entry of an evaluation worker thread: register tsx (the server runs from TypeScript sources) and load
// the worker. Plain JS because it runs before any TypeScript loader is in place.
import { register } from 'tsx/esm/api';

register();
await import('./eval-worker.ts');
