// The CLI bundle reads the shipped rulesets' parses made at build time (scripts/build.ts,
// dsl/stored-parses.ts) instead of parsing: they must be the parses, and a file changed since the build
// must be parsed again (its hash names no stored parse), never answered from a stale tree.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from '../../dsl/parse';
import { readParse } from '../../dsl/stored-parse-format';
import { sha256Hex } from '../../engine/sha256';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/elig.js');
const EXAMPLE = join(ROOT, 'test/fixtures/households/bo-household-youth-and-baby.json');
const STORED = join(ROOT, 'dist/generated/parses');

function elig(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const shipped = readdirSync(join(ROOT, 'rulesets'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.elig')).sort();

describe('stored parses of the shipped rulesets', () => {
  it('hold exactly the parse of each shipped text, under its SHA-256', () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(readdirSync(STORED).sort()).toEqual(shipped.map((f) => `${sha256Hex(readFileSync(join(ROOT, 'rulesets', f), 'utf8'))}.json`).sort());
    for (const f of shipped) {
      const text = readFileSync(join(ROOT, 'rulesets', f), 'utf8');
      const stored = readParse(readFileSync(join(STORED, `${sha256Hex(text)}.json`), 'utf8'));
      expect(isDeepStrictEqual(stored, parse(text)), f).toBe(true);
    }
  });

  it('are not used for a ruleset file changed since the build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-stored-'));
    cpSync(join(ROOT, 'rulesets'), dir, { recursive: true });
    const args = ['eval', 'bo/mped', EXAMPLE, '--date', '2013-06-30', '--json'];
    const before = JSON.parse(elig(args, { ELIG_RULESETS: dir }).stdout);
    const file = join(dir, 'bo/mped.elig');
    writeFileSync(file, readFileSync(file, 'utf8').replace('parameter maximum_age: year = 24', 'parameter maximum_age: year = 20'));
    const r = elig(args, { ELIG_RULESETS: dir });
    expect(r.code).toBe(0);
    const after = JSON.parse(r.stdout);
    expect(after.ruleset.version).not.toBe(before.ruleset.version);
    // The 21-year-old of the example is eligible under 24 and not under 20.
    const youth = (d: { subject: string; eligible: boolean | null }[]) => d.find((x) => x.subject === 'p2')?.eligible;
    expect(youth(before.decisions)).toBe(true);
    expect(youth(after.decisions)).toBe(false);
  });
});
