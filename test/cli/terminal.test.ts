// Terminal escapes in labels, ids and values never reach the terminal raw: `elig` shows them escaped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../cli/terminal';

const ROOT = resolve(__dirname, '../..');
const CLEAR = '\u001b[2J';

describe('terminal output', () => {
  it('terminalSafe shows control characters as escapes and keeps newlines and tabs', () => {
    expect(terminalSafe(`a${CLEAR}b\tc\nd\u0007\u009b\u202e`)).toBe('a\\u001b[2Jb\tc\nd\\u0007\\u009b\\u202e');
  });

  it('elig eval prints a label and a household id holding \\u001b[2J escaped, never raw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'elig-term-'));
    mkdirSync(join(dir, 'rulesets', 'bo'), { recursive: true });
    writeFileSync(join(dir, 'rulesets', 'bo', 'esc.elig'),
      'program bo/esc "Escape \\u001b"\n  country BO\n  currency BOB\n' +
      `eligible when "adult ${CLEAR}here": household.size > 0\n`);
    const household = JSON.stringify({ id: `H${CLEAR}`, members: [{ id: `m${CLEAR}`, age: 30 }] });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/elig.js'), 'eval', 'bo/esc', '-', '--date', '2020-01-01'], {
      cwd: dir, input: household, encoding: 'utf8', env: { ...process.env, ELIG_RULESETS: join(dir, 'rulesets') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('adult \\u001b[2Jhere');
    expect(r.stdout).toContain('household H\\u001b[2J');
    expect(r.stdout).not.toContain('\u001b');
  });
});
