// Golden files for explanations and reasons: test/golden/explanations/<case>/case.json names a shipped
// ruleset, a date and a household; expected.json is what a case worker sees for it (the decisions with
// their reasons and explanation trees; the ruleset version is left out so that editing a ruleset's
// comments does not churn the files). `UPDATE_GOLDEN=1 npx vitest run test/engine/golden-explanations`
// rewrites expected.json: review the diff by eye before keeping it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, shippedRuleset, type GoldenCase } from './shipped';
import { evaluate, interpretHousehold } from '../../engine';

const dir = join(root, 'test/golden/explanations');
const update = process.env.UPDATE_GOLDEN === '1';
const rulesetOf = shippedRuleset;

type Case = GoldenCase;

const cases = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('golden explanations', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(name, () => {
      const c = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as Case;
      const ruleset = rulesetOf(c.ruleset);
      expect(ruleset, `${c.ruleset} loads`).toBeDefined();
      const options = { date: c.date, explain: true, resolve: rulesetOf };
      const response = evaluate(ruleset!, c.household, options);
      const actual = { ruleset: c.ruleset, date: response.date, in_force: response.in_force, decisions: response.decisions };
      const json = JSON.parse(JSON.stringify(actual));
      // Both evaluators explain alike, and the batch path (explain: false) gives the same reasons.
      expect(JSON.parse(JSON.stringify(interpretHousehold(ruleset!, c.household, options).decisions))).toEqual(json.decisions);
      const batch = evaluate(ruleset!, c.household, { ...options, explain: false });
      expect(batch.decisions.map((d) => d.reasons)).toEqual(json.decisions.map((d: { reasons: string[] }) => d.reasons));
      const file = join(dir, name, 'expected.json');
      if (update || !existsSync(file)) writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
      expect(json).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
