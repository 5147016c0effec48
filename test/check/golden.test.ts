// Golden diagnostics: each folder of test/golden/diagnostics holds input.elig and expected.txt, the
// sorted parse + check diagnostics in the CLI's one-line form. UPDATE_GOLDEN=1 rewrites expected.txt.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../dsl';
import { formatDiagnostic } from '../../dsl/diagnostics';

const root = fileURLToPath(new URL('../golden/diagnostics/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

/** A case may pin the file's ruleset id (to test E-PROGRAM-ID) with a first line `# id: br/x`. */
function idFor(text: string): string | undefined {
  return /^# id: (\S+)/.exec(text)?.[1];
}

export function render(text: string): string {
  const lines = analyse(text, { id: idFor(text) }).diagnostics.map((d) => formatDiagnostic('input.elig', d));
  return lines.join('\n') + (lines.length ? '\n' : '');
}

const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('golden diagnostics', () => {
  it('has at least 18 cases', () => expect(cases.length).toBeGreaterThanOrEqual(18));
  for (const name of cases) {
    it(name, () => {
      const dir = join(root, name);
      const actual = render(readFileSync(join(dir, 'input.elig'), 'utf8'));
      const file = join(dir, 'expected.txt');
      if (update) writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${name}: no expected.txt; run with UPDATE_GOLDEN=1 and review it`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
