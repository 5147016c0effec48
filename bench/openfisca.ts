// OpenFisca side by side, end to end from the same JSON Lines file: `python3 bench/openfisca.py` (Bolsa
// Escola DF's eligibility as OpenFisca variables) against `node bin/elig.js compare br/bolsa-escola-df`,
// both in CPU seconds from /usr/bin/time. Runs only where python3 can import openfisca-core; otherwise
// it says why (on the machine this was written on PyPI is unreachable, so it never ran there).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOLSA_DATE, generate } from './households';

export type OpenFiscaRun =
  | { ran: false; reason: string }
  | { ran: true; households: number; openfisca_cpu_s: number; elig_cpu_s: number; openfisca_eligible: number; elig_eligible: number };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function timed(command: string, args: string[]): { cpu: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', command, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const [user, sys] = r.stderr.trim().split('\n').at(-1)!.replace(/^CPU /, '').split(' ').map(Number);
  return { cpu: Math.round((user! + sys!) * 100) / 100, stdout: r.stdout };
}

export function openFisca(log: (...xs: unknown[]) => void, households: number): OpenFiscaRun {
  const probe = spawnSync('python3', ['-c', 'import openfisca_core'], { encoding: 'utf8' });
  if (probe.error) return { ran: false, reason: 'python3 is not installed' };
  if (probe.status !== 0) return { ran: false, reason: 'python3 cannot import openfisca_core (PyPI is unreachable here, and Debian does not package it)' };
  const dir = mkdtempSync(join(tmpdir(), 'elig-openfisca-'));
  try {
    const file = join(dir, 'population.jsonl');
    writeFileSync(file, generate('bolsa', households).map((h) => JSON.stringify(h)).join('\n') + '\n');
    log(`openfisca: ${households} Bolsa Escola households…`);
    const theirs = timed('python3', ['bench/openfisca.py', file, '--date', BOLSA_DATE]);
    const ours = timed(process.execPath, ['bin/elig.js', 'compare', 'br/bolsa-escola-df', file, '--date', BOLSA_DATE, '--json']);
    const fisca = JSON.parse(theirs.stdout.trim().split('\n').at(-1)!) as { eligible: number };
    const report = JSON.parse(ours.stdout) as { baseline: { eligible: number } };
    return { ran: true, households, openfisca_cpu_s: theirs.cpu, elig_cpu_s: ours.cpu, openfisca_eligible: fisca.eligible, elig_eligible: report.baseline.eligible };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
