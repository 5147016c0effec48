// A built-in function is one entry in ops/registry.ts: its meaning, its JavaScript and its SQL, what it
// measures for explanations. No other stage may decide by its name: a quoted name outside ops/ is a stage
// that special-cases one built-in (as the SQL generator's switch and the explanation builder's
// `years_between || months_between || …` did). `min` and `max` are left out: they name aggregates too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../ops/registry';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STAGES = ['dsl', 'engine', 'loader', 'cli', 'server', 'editor/src'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name).split(sep).join('/')] : []);
}

const names = OPERATIONS.filter((o) => o.kind === 'function' && o.name !== 'min' && o.name !== 'max').map((o) => o.name);

describe('a built-in function is named only in its registry entry', () => {
  it('the registry has the functions this law is about', () => {
    expect(names).toEqual(expect.arrayContaining(['normal_cdf', 'sqrt', 'days_between', 'round', 'clamp']));
  });
  for (const name of names) {
    it(name, () => {
      const quoted = new RegExp(`['"]${name}['"]`);
      const where = STAGES.flatMap(sources).filter((f) => quoted.test(readFileSync(join(ROOT, f), 'utf8')));
      expect(where).toEqual([]);
    });
  }
});
