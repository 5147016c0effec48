// Seeded bugs: each shipped ruleset is broken on purpose — a comparison flipped, a band edge moved by
// one, a cap dropped — and `elig test`'s checks (examples and properties, default run budget) must
// fail with a small counterexample. This is the evidence that the declared laws and examples bite.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LoadedRuleset } from '../../engine';
import { checkRuleset } from '../../engine/checks/run';
import { folderRegistry } from '../../cli/load';
import { rulesetFileOf } from '../../cli/ruleset-files';

const registry = folderRegistry();
const SEED = Number(process.env.ELIG_SEED ?? 7);

function mutated(id: string, from: string, to: string): LoadedRuleset {
  const source = readFileSync(rulesetFileOf(id), 'utf8');
  expect(source, `the mutation site \`${from}\` is in ${id}`).toContain(from);
  const { ruleset, diagnostics } = registry.candidate(id, source.replace(from, to));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ruleset!;
}

const MUTATIONS = [
  { id: 'bo/mped', bug: 'income test flipped (< becomes >)', from: 'per_capita_income < poverty_line', to: 'per_capita_income > poverty_line', caughtBy: 'property' },
  { id: 'bo/mped', bug: 'upper age edge moved by one (<= 24 becomes < 24)', from: 'youth.age <= maximum_age', to: 'youth.age < maximum_age', caughtBy: 'example' },
  { id: 'bo/bja', bug: 'cap on child check-ups dropped', from: 'min(person.child_checkups, child_checkups_paid)', to: 'person.child_checkups', caughtBy: 'property' },
  { id: 'bo/bjp', bug: 'attendance threshold flipped (>= becomes >)', from: 'student.enrollment.attendance_rate >= minimum_attendance', to: 'student.enrollment.attendance_rate > minimum_attendance', caughtBy: 'example' },
  { id: 'br/bolsa-escola-df', bug: 'income band edge moved by one (..<26 becomes ..<25)', from: '..<26 => 50\n  26..<51', to: '..<25 => 50\n  25..<51', caughtBy: 'example' },
  { id: 'br/bolsa-escola-df', bug: 'income ceiling flipped (<= becomes >=)', from: 'per_capita_income <= income_limit', to: 'per_capita_income >= income_limit', caughtBy: 'property' },
] as const;

describe.each(MUTATIONS)('$id with a seeded bug: $bug', ({ id, from, to, caughtBy }) => {
  it(`makes elig test fail (caught by ${caughtBy === 'property' ? 'a property' : 'an example'})`, () => {
    const report = checkRuleset(mutated(id, from, to), { seed: SEED, resolve: registry.resolve });
    expect(report.ok).toBe(false);
    if (caughtBy === 'example') {
      expect(report.examples.some((e) => !e.ok)).toBe(true);
      return;
    }
    const failed = report.properties.find((p) => !p.ok && p.violation);
    expect(failed, 'a property fails with a counterexample').toBeDefined();
    // Shrunk: a household of a few members with only the facts that matter.
    const household = failed!.violation!.case.household;
    expect(household.members.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(household).length).toBeLessThan(600);
    // Reproducible: the same seed finds the same counterexample.
    const again = checkRuleset(mutated(id, from, to), { seed: failed!.seed, resolve: registry.resolve });
    expect(again.properties.find((p) => p.name === failed!.name)!.violation!.case).toEqual(failed!.violation!.case);
  });
});

describe('the unmutated rulesets', () => {
  it.each([...new Set(MUTATIONS.map((m) => m.id))])('%s passes the same checks', (id) => {
    expect(checkRuleset(registry.get(id)!, { seed: SEED, resolve: registry.resolve }).ok).toBe(true);
  });
});
