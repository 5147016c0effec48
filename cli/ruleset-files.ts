// The git-reviewed `rulesets/` folder: ruleset ids are paths (`rulesets/bo/mped.elig` is `bo/mped`).
// Node-only; the server and the CLI share it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isRulesetId } from '../dsl/ruleset-id';

export const RULESET_EXTENSION = '.elig';

/** The folder holding the shipped rulesets: $ELIG_RULESETS, else ./rulesets. */
export function rulesetsDir(): string {
  return resolve(process.env.ELIG_RULESETS ?? 'rulesets');
}

/** Every `.elig` file under the given files or folders, sorted. */
export function findRulesetFiles(paths: string[]): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    if (!existsSync(path)) throw new Error(`No such file or folder: ${path}`);
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (path.endsWith(RULESET_EXTENSION)) found.push(path);
  };
  paths.forEach(visit);
  return found;
}

/** The id a file declares by its place: its path under the rulesets folder (or the nearest folder named
 *  `rulesets`), without extension. */
export function rulesetIdOf(file: string): string | undefined {
  const absolute = resolve(file);
  const dir = rulesetsDir();
  if (absolute.startsWith(dir + sep)) return relative(dir, absolute).split(sep).join('/').slice(0, -RULESET_EXTENSION.length);
  const parts = absolute.split(sep);
  const at = parts.lastIndexOf('rulesets');
  // A file outside any rulesets folder (a draft) has no id by place: its header names it.
  if (at < 0) return undefined;
  return parts.slice(at + 1).join('/').slice(0, -RULESET_EXTENSION.length);
}

export function rulesetFileOf(id: string, dir = rulesetsDir()): string {
  return join(dir, ...id.split('/')) + RULESET_EXTENSION;
}

/** Source text of a ruleset id, or undefined when the folder has no such file. */
export function readRulesetSource(id: string, dir = rulesetsDir()): string | undefined {
  if (!isRulesetId(id)) return undefined;
  const file = rulesetFileOf(id, dir);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Every ruleset in the folder as id → source. */
export function readAllRulesets(dir = rulesetsDir()): Map<string, string> {
  const all = new Map<string, string>();
  if (!existsSync(dir)) return all;
  for (const file of findRulesetFiles([dir])) {
    all.set(relative(dir, file).split(sep).join('/').slice(0, -RULESET_EXTENSION.length), readFileSync(file, 'utf8'));
  }
  return all;
}
