// Start-up cost of the built CLI: `node bin/elig.js eval bo/mped <household> --json` against `node -e 0`,
// in CPU seconds (user + system, from /usr/bin/time, which counts the whole process), interleaved runs,
// median of each. Without /usr/bin/time it falls back to wall-clock time and says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CliStart { node_cpu_s: number; elig_cpu_s: number; runs: number; measure: 'cpu' | 'wall' }

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOUSEHOLD = `${ROOT}test/fixtures/households/bo-household-youth-and-baby.json`;

function once(args: string[], cpu: boolean): number {
  if (cpu) {
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8' });
    const [user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    return Math.round((user! + sys!) * 100) / 100; // time(1) prints hundredths: 0.07 + 0.02 is 0.09, not 0.09000000000000001
  }
  const t0 = performance.now();
  spawnSync(process.execPath, args, { cwd: ROOT });
  return (performance.now() - t0) / 1000;
}

export function cliStart(log: (...xs: unknown[]) => void, runs = 7): CliStart {
  const cpu = existsSync('/usr/bin/time');
  const node: number[] = [];
  const elig: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(once(['-e', '0'], cpu));
    elig.push(once(['bin/elig.js', 'eval', 'bo/mped', HOUSEHOLD, '--date', '2013-06-30', '--json'], cpu));
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 1000) / 1000;
  log(`cli start (${cpu ? 'CPU' : 'wall'} s): node -e 0 ${node.join(' / ')}; elig eval ${elig.join(' / ')}`);
  return { node_cpu_s: median(node), elig_cpu_s: median(elig), runs, measure: cpu ? 'cpu' : 'wall' };
}
