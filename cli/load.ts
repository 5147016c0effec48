// Rulesets for the command line, read from the rulesets folder on demand.
import type { ProgramResolver, RulesetFile } from '../dsl';
import { parse } from '../dsl/parse';
import { Registry } from '../engine';
import { readRulesetSource, rulesetsDir } from './ruleset-files';

/** For the checker: another program's AST by id (for `extends` and `eligible(…)`). */
export function folderResolver(dir = rulesetsDir()): ProgramResolver {
  const cache = new Map<string, RulesetFile | undefined>();
  return (id) => {
    if (!cache.has(id)) {
      const source = readRulesetSource(id, dir);
      cache.set(id, source === undefined ? undefined : parse(source).ast);
    }
    return cache.get(id);
  };
}

/** For evaluation: compiled rulesets by id, loaded from the folder the first time they are asked for. */
export function folderRegistry(dir = rulesetsDir()): Registry {
  return new Registry((id) => readRulesetSource(id, dir));
}
