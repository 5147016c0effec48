// Vitest global setup: the CLI tests run the installed bin, which runs the bundle in dist/. If any
// source is newer than the bundle (or there is none), build it first, so the tests never run a stale
// command. `npm ci` builds it too (`prepare`); this only covers edits made since.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const MARKER = join(ROOT, 'dist/BUILT_FROM');
const SOURCES = ['cli', 'dsl', 'engine', 'ops', 'server', 'scripts', 'bin', 'package.json'];

function newestSource(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestSource(join(path, entry))));
}

export default function setup(): void {
  const built = existsSync(MARKER) ? statSync(MARKER).mtimeMs : -1;
  if (built >= Math.max(...SOURCES.map((s) => newestSource(join(ROOT, s))))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/build.ts')], { cwd: ROOT, stdio: 'inherit' });
}
