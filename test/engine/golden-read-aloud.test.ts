// Read-aloud goldens: one decision of every shipped program, as a case worker reads it to a family, in
// Spanish, Portuguese and English (test/golden/read-aloud/<case>/expected.<lang>.txt: verdict, amount,
// reasons, missing facts named). They are for review by people who speak the language: a change shows
// as a diff of sentences. `UPDATE_GOLDEN=1 npx vitest run test/engine/golden-read-aloud` rewrites them.
// The machine fields (reason codes, node ids, values, pointers) must not depend on the language.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, loadRuleset, lower, type Household, type LoadedRuleset } from '../../engine';
import { reportText } from '../../engine/render/report';
import { LANGS } from '../../engine/render/catalog/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = join(root, 'test/golden/read-aloud');
const update = process.env.UPDATE_GOLDEN === '1';

const loaded = new Map<string, LoadedRuleset | undefined>();
function rulesetOf(id: string): LoadedRuleset | undefined {
  const bare = id.split('@')[0];
  if (!loaded.has(bare)) {
    loaded.set(bare, undefined);
    const file = join(root, 'rulesets', `${bare}.elig`);
    loaded.set(bare, existsSync(file) ? loadRuleset(bare, readFileSync(file, 'utf8'), { resolve: rulesetOf }).ruleset : undefined);
  }
  return loaded.get(bare);
}

interface Case { about: string; ruleset: string; date: string; household: Household }
const cases = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const shipped = readdirSync(join(root, 'rulesets'), { recursive: true }).map(String).filter((f) => f.endsWith('.elig')).map((f) => f.replace(/\.elig$/, '').replace(/\\/g, '/'));

describe('read-aloud explanations in es, pt and en', () => {
  it('has a case for every shipped program', () => {
    const covered = new Set(cases.map((c) => (JSON.parse(readFileSync(join(dir, c, 'case.json'), 'utf8')) as Case).ruleset));
    expect(shipped.filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const c = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as Case;
      const ruleset = rulesetOf(c.ruleset)!;
      expect(ruleset, `${c.ruleset} loads`).toBeDefined();
      const machine: unknown[] = [];
      for (const lang of LANGS) {
        const response = evaluate(ruleset, c.household, { date: c.date, explain: true, resolve: rulesetOf, lang });
        machine.push(response.decisions.map((d) => ({ ...d, reasons: undefined, explanation: undefined, reason_details: d.reason_details?.map(({ text: _t, ...rest }) => rest) })));
        const text = `${reportText(response, { lang, household: c.household, ir: lower(ruleset.checked), tree: false })}\n`.replace(/sha256:[0-9a-f]{12}…/, 'sha256:…');
        const file = join(dir, name, `expected.${lang}.txt`);
        if (update || !existsSync(file)) writeFileSync(file, text);
        expect(text).toBe(readFileSync(file, 'utf8'));
        if (lang !== 'en') expect(text, 'no English sentence frames').not.toMatch(/\b(Not met|Met|Cannot decide|needs|Benefit)\b/);
      }
      expect(machine[1]).toEqual(machine[0]);
      expect(machine[2]).toEqual(machine[0]);
    });
  }
});
