// Rulesets for the command line, read from the rulesets folder on demand, through the shared loader
// (engine/registry.ts over loader/loader.ts): one cache of trees and compiled rulesets per command, used
// by the checker (`resolveAst`), evaluation (`resolve`) and draft files (`candidate`).
import { Registry } from '../engine/registry';
import { readRulesetSource, rulesetsDir } from './ruleset-files';

/** Compiled rulesets by id, loaded from the folder the first time they are asked for. */
export function folderRegistry(dir = rulesetsDir()): Registry {
  return new Registry((id) => readRulesetSource(id, dir));
}
