// Entry of a screening worker when the CLI runs from TypeScript (npm run elig, the tests' tsx): register
// tsx, then load the worker. The bundle (scripts/build.ts) has its own entry, dist/cli/screen-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./screen-worker.ts');
