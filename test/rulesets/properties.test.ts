// Every property every shipped ruleset declares, as one vitest test each, run with a fixed seed so CI
// is reproducible (set ELIG_SEED to explore other households). A failure prints what `elig test` prints.
import { describe, expect, it } from 'vitest';
import { runProperty } from '../../engine/checks/run';
import { folderRegistry } from '../../cli/load';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';

const registry = folderRegistry();
const seed = Number(process.env.ELIG_SEED ?? 20261125);

for (const file of findRulesetFiles(['rulesets'])) {
  const id = rulesetIdOf(file)!;
  const { ruleset, diagnostics } = registry.load(id);
  describe(id, () => {
    it('compiles', () => expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
    for (const property of ruleset?.checked.properties ?? []) {
      it(`property: ${property.name}`, () => {
        const outcome = runProperty(ruleset!, property, { seed, resolve: registry.resolve });
        const report = outcome.violation
          ? `${outcome.violation.message}\nseed ${outcome.seed}\n${JSON.stringify(outcome.violation.other ?? outcome.violation.case, null, 2)}`
          : outcome.error;
        expect(outcome.ok, report).toBe(true);
      });
    }
  });
}
