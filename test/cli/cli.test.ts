// The `elig` command as a user runs it: the installed bin, real files, exit codes and output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/elig.js');
const EXAMPLE = join(ROOT, 'test/fixtures/households/bo-household-youth-and-baby.json');

function elig(args: string[], input?: string, cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'elig-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('elig check', () => {
  it('passes on the shipped rulesets', () => {
    const r = elig(['check', 'rulesets']);
    expect(r.stdout).toMatch(/checked \d+ rulesets: 0 error\(s\)/);
    expect(r.code).toBe(0);
  });

  it('prints file:line:col: severity: message and exits 1 on errors', () => {
    const file = tempFile('broken.elig', 'program bo/mped "x"\n  country BO\n  currency BOB\nlet a = household.montly_income\n');
    const r = elig(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.elig:4:\d+: error: .*montly_income.*monthly_income/);
  });
});

describe('elig eval', () => {
  it('answers with exactly the /evaluate response under --json', () => {
    const r = elig(['eval', 'bo/mped', EXAMPLE, '--date', '2013-06-30', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout);
    expect(Object.keys(response).sort()).toEqual(['date', 'decisions', 'household', 'in_force', 'ruleset']);
    expect(response.ruleset).toMatchObject({ id: 'bo/mped', version: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(response.date).toBe('2013-06-30');
    const p2 = response.decisions.find((d: { subject: string }) => d.subject === 'p2');
    expect(p2).toMatchObject({ eligible: true, benefit: { currency: 'BOB' }, missing: [] });
    expect(p2.explanation).toBeDefined();
    expect(p2.reasons.length).toBeGreaterThan(0);
  });

  it('reads the household from standard input and prints a readable report', () => {
    const r = elig(['eval', 'bo/mped', '-', '--date', '2013-06-30'], readFileSync(EXAMPLE, 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/p2: ELIGIBLE/);
    expect(r.stdout).toMatch(/✓ .*unemployed/);
  });

  it('rejects a record that breaks the schema, naming each field by its pointer', () => {
    const r = elig(['eval', 'bo/mped', '-'], JSON.stringify({ id: 'H', members: [{ id: 'a', age: -3, sex: 'x' }] }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/members\/0\/age/);
    expect(r.stderr).toMatch(/\/members\/0\/sex: must be one of "female", "male"/);
  });

  it('says which ruleset is unknown and which date is malformed', () => {
    expect(elig(['eval', 'bo/nope', EXAMPLE]).stderr).toMatch(/no ruleset `bo\/nope`/);
    expect(elig(['eval', 'bo/mped', EXAMPLE, '--date', '2013-13-45']).stderr).toMatch(/--date must be a date/);
  });
});

describe('elig eval --jsonl', () => {
  const household = JSON.parse(readFileSync(EXAMPLE, 'utf8'));

  it('answers one line per row, in order, with the row number, and reports bad rows in place', () => {
    const rows = [JSON.stringify(household), '{"id": oops', '', JSON.stringify({ id: 'H', members: [{ id: 'a', age: -3 }] }), JSON.stringify({ ...household, id: 'BO-2' })];
    const file = tempFile('households.jsonl', rows.join('\n'));
    const r = elig(['eval', 'bo/mped', file, '--date', '2013-06-30', '--jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 rows are not valid households/);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([1, 2, 4, 5]);
    expect(lines[0]).toMatchObject({ household: 'BO-EX-1', ruleset: { id: 'bo/mped' } });
    expect(lines[0].decisions[0].explanation).toBeUndefined();
    expect(lines[1].errors[0].message).toMatch(/not valid JSON/);
    expect(lines[2].errors.map((e: { pointer: string }) => e.pointer)).toContain('/members/0/age');
    expect(lines[3].household).toBe('BO-2');
    // The same decisions as a single evaluation.
    const single = JSON.parse(elig(['eval', 'bo/mped', EXAMPLE, '--date', '2013-06-30', '--json']).stdout);
    const { row: _row, ...first } = lines[0];
    expect(first.decisions.map((d: { eligible: boolean }) => d.eligible)).toEqual(single.decisions.map((d: { eligible: boolean }) => d.eligible));
  });

  it('reads a JSON array from standard input, with explanations when asked', () => {
    const r = elig(['eval', 'bo/mped', '-', '--date', '2013-06-30', '--jsonl', '--explain'], JSON.stringify([household, household]));
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([1, 2]);
    expect(lines[1].decisions[0].explanation).toBeDefined();
  });
});

describe('elig compare', () => {
  it('streams a population, counts bad rows without dropping them silently, and exits 1 for them', () => {
    const household = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const file = tempFile('population.jsonl', [JSON.stringify(household), 'not json', JSON.stringify({ ...household, id: 'B' })].join('\n'));
    const r = elig(['compare', 'bo/mped', file, '--date', '2013-06-30', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^row 2: \/: not valid JSON/m);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ households: 2, rejected_rows: 1 });
    const one = JSON.parse(elig(['compare', 'bo/mped', tempFile('one.json', JSON.stringify([household])), '--date', '2013-06-30', '--json']).stdout);
    expect(report.baseline.subjects).toBe(2 * one.baseline.subjects);
  });
});

describe('elig fmt', () => {
  it('rewrites a file into the canonical layout, keeping comments, and --check then passes', () => {
    const file = tempFile('messy.elig', 'program bo/mped "x" country BO currency BOB\n# the line\nparameter  p : BOB per month=700    source "s"\nlet a=p*2\n');
    expect(elig(['fmt', '--check', file]).code).toBe(1);
    expect(elig(['fmt', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      'program bo/mped "x"\n  country BO\n  currency BOB\n# the line\nparameter p: BOB per month = 700 source "s"\nlet a = p * 2\n',
    );
    expect(elig(['fmt', '--check', file]).code).toBe(0);
  });

  it('leaves a file with syntax errors untouched', () => {
    const text = 'program bo/mped "x"\n  country BO\n  currency BOB\nlet a = (1 +\n';
    const file = tempFile('broken.elig', text);
    expect(elig(['fmt', file]).code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('elig export', () => {
  it('writes json-rules-engine rules for what that engine can express', () => {
    const r = elig(['export', '--format', 'json-rules-engine', 'bo/mped', '--date', '2013-06-30']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'json-rules-engine', program: 'bo/mped', rules: [{ conditions: { all: expect.any(Array) } }] });
  });
  it('refuses what it cannot express, naming the line, and says how to leave it out', () => {
    const r = elig(['export', '--format', 'json-rules-engine', 'br/bolsa-escola-df', '--date', '1998-11-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line \d+: score priority/);
    expect(r.stderr).toMatch(/--eligibility-only/);
    expect(elig(['export', '--format', 'json-rules-engine', 'br/bolsa-escola-df', '--date', '1998-11-30', '--eligibility-only']).code).toBe(0);
  });
});

describe('elig pull', () => {
  it('writes the versions saved in the database into the rulesets folder', async () => {
    const { Store } = await import('../../server/store');
    const { cpSync } = await import('node:fs');
    const work = mkdtempSync(join(tmpdir(), 'elig-pull-'));
    cpSync(join(ROOT, 'rulesets'), join(work, 'rulesets'), { recursive: true });
    const store = new Store(join(work, 'data'));
    const file = join(work, 'rulesets/bo/mped.elig');
    const edited = readFileSync(file, 'utf8').replace('parameter maximum_age: year = 24', 'parameter maximum_age: year = 25');
    const saved = store.save({ id: 'bo/mped', source: edited, title: 'My First Decent Job', message: 'raise the age limit', author: 'designer', ifMatch: undefined });
    expect(saved.status).toBe('created');
    store.db.close();
    const r = spawnSync(process.execPath, [BIN, 'pull', '--data', join(work, 'data')], { cwd: work, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/rulesets\/bo\/mped\.elig: written/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});
