#!/usr/bin/env node
// The installed `elig` command: the bundled CLI that `npm ci` builds into dist/ (`prepare` runs
// scripts/build.ts). Without a build (a checkout where `npm ci` has not run) it says how to make one.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/elig.js', import.meta.url);
if (!existsSync(built)) {
  console.error('elig: the command is not built yet: run `npm run build` (npm ci does it).');
  process.exit(2);
}
await import(built.href);
