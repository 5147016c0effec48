// Entry of a checking worker thread: register tsx (the server runs from TypeScript sources), then load it.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
