// `elig eval --why-not`: each decision's counterfactuals, as text and under --json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/elig.js');
const FAMILY = JSON.parse(readFileSync(join(ROOT, '../shared/examples/br-family-federal-district.json'), 'utf8'));

function elig(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function household(h: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'elig-whynot-')), 'h.json');
  writeFileSync(file, JSON.stringify(h));
  return file;
}

describe('elig eval --why-not', () => {
  it('says what would make a refused family eligible, and how far its income is from the limit', () => {
    const r = elig(['eval', 'br/bolsa-escola-df', household({ ...FAMILY, monthly_income: 400 }), '--date', '2001-06-01', '--why-not']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('what would make it eligible (smallest first; each re-evaluated):');
    expect(r.stdout).toContain("eligible if the household's monthly income were R$ 226.50 a month (now R$ 400 a month)");
    expect(r.stdout).toMatch(/searched: \d+ evaluations; not changed: .*\/members\/\*\/birth_date/);
  });

  it('says them in the language asked for: --lang es and --lang pt', () => {
    const es = elig(['eval', 'br/bolsa-escola-df', household({ ...FAMILY, monthly_income: 400 }), '--date', '2001-06-01', '--why-not', '--lang', 'es']);
    expect(es.code).toBe(0);
    expect(es.stdout).toContain('qué haría que califique');
    expect(es.stdout).toContain('calificaría con este cambio: ingreso mensual del hogar, R$ 226,50 al mes (hoy R$ 400,00 al mes)');
    expect(es.stdout).not.toMatch(/\beligible if\b|\bwhat would make\b/);
    const pt = elig(['eval', 'br/bolsa-escola-df', household({ ...FAMILY, monthly_income: 400 }), '--date', '2001-06-01', '--why-not', '--lang', 'pt', '--json']);
    const d = JSON.parse(pt.stdout).decisions[0];
    expect(d.counterfactuals.flips[0].message.code).toBe('flip.number'); // the machine fields do not change
    expect(d.counterfactuals.flips[0].message.text).toBe('seria elegível com esta mudança: renda mensal da família, R$ 226,50 por mês (hoje R$ 400,00 por mês)');
  });

  it('puts them on each decision under --json', () => {
    const r = elig(['eval', 'br/bolsa-escola-df', household(FAMILY), '--date', '2001-06-01', '--why-not', '--json']);
    const d = JSON.parse(r.stdout).decisions[0];
    expect(d.counterfactuals.margins.map((m: { fact: string; direction: string; by: number }) => [m.fact, m.direction, m.by])).toContainEqual(['/monthly_income', 'up', 76.5]);
  });

  it('refuses --why-not with --jsonl, saying why', () => {
    const r = elig(['eval', 'br/bolsa-escola-df', household(FAMILY), '--jsonl', '--why-not']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--why-not works on one household at a time');
  });
});
