// Rulesets for the command line, read from the rulesets folder on demand, through the shared loader
// (engine/registry.ts over loader/loader.ts): one cache of trees and compiled rulesets per command, used
// by the checker (`resolveAst`), evaluation (`resolve`) and draft files (`candidate`).
import { readFileSync } from 'node:fs';
import { formatDiagnostic } from '../dsl';
import { parse } from '../dsl/parse';
import type { LoadedRuleset } from '../engine';
import { Registry } from '../engine/registry';
import { complain } from './terminal';
import { readRulesetSource, rulesetsDir } from './ruleset-files';

/** Compiled rulesets by id, loaded from the folder the first time they are asked for. */
export function folderRegistry(dir = rulesetsDir()): Registry {
  return new Registry((id) => readRulesetSource(id, dir));
}

/** A ruleset by id, or a draft file (`draft.elig`) checked against the shipped rulesets. */
export function load(ref: string, registry: Registry): LoadedRuleset {
  if (!ref.endsWith('.elig')) {
    const loaded = registry.load(ref);
    if (loaded.ruleset) return loaded.ruleset;
    loaded.diagnostics.forEach((d) => complain(formatDiagnostic(ref, d)));
    throw new Error(`ruleset \`${ref}\` cannot be loaded`);
  }
  // A draft: it names its program in its header, and may extend or refer to shipped rulesets.
  const source = readFileSync(ref, 'utf8');
  const id = parse(source).ast.program?.programId.programId ?? '';
  const { ruleset, diagnostics } = registry.candidate(id, source);
  if (ruleset) return ruleset;
  diagnostics.filter((d) => d.severity === 'error').forEach((d) => complain(formatDiagnostic(ref, d)));
  throw new Error(`${ref} has errors`);
}
