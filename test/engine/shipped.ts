// The shipped rulesets as the golden tests read them: loaded once from rulesets/ by id, each resolving the
// programs it reads (`eligible(…)`, `extends`) the same way; a pin (`bo/mped@…`) reads the file as it is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleset, type Household, type LoadedRuleset } from '../../engine';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const loaded = new Map<string, LoadedRuleset | undefined>();

export function shippedRuleset(id: string): LoadedRuleset | undefined {
  const bare = id.split('@')[0];
  if (!loaded.has(bare)) {
    loaded.set(bare, undefined); // a cycle of `extends` resolves to nothing, not to a stack overflow
    const file = join(root, 'rulesets', `${bare}.elig`);
    loaded.set(bare, existsSync(file) ? loadRuleset(bare, readFileSync(file, 'utf8'), { resolve: shippedRuleset }).ruleset : undefined);
  }
  return loaded.get(bare);
}

/** One golden case: `case.json` in its folder. */
export interface GoldenCase {
  about: string;
  ruleset: string;
  date: string;
  household: Household;
}
