// Getting API edits back into the git-reviewed rulesets/ folder, and reading the folder on start.
// exportToFolder writes each ruleset's current version to <dir>/<id>.elig atomically (a temp file in the
// same directory, fsync, rename), so a reader or a crash never sees half a file; then `git diff` shows the
// edits for review. The store remembers what the folder holds, so a restart does not undo API edits that
// have not been exported yet (see Store.seed).
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SeedFile, Store } from './store';
import { parse } from '../dsl/parse';
import { programReferences } from '../loader/dependencies';
import { isRulesetId } from '../dsl/ruleset-id';
import { versionOf } from './hash';

/** Every `<dir>/**\/*.elig` whose path is a ruleset id (`bo/mped`); others are reported as skipped. */
export function readRulesetFolder(dir: string): { files: SeedFile[]; skipped: string[] } {
  const files: SeedFile[] = [];
  const skipped: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.elig')) {
        const id = relative(dir, path).split(sep).join('/').replace(/\.elig$/, '');
        if (!isRulesetId(id)) {
          skipped.push(path);
          continue;
        }
        const source = readFileSync(path, 'utf8');
        const { ast } = parse(source);
        const title = ast?.program?.title || null;
        // Pinned references (`eligible(pe/juntos@…)`) pin themselves; the others are pinned as seeded.
        const reads = programReferences(ast).filter((ref) => !ref.includes('@'));
        files.push({ id, source, title, path: `rulesets/${id}.elig`, reads });
      }
    }
  };
  walk(dir);
  return { files, skipped };
}

/** Write `text` to `path` so that readers see the old file or the new one, never a mix. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.elig.tmp`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface ExportedFile {
  id: string; path: string; version: string; changed: boolean;
  /** Who saved the exported version, its number, and whether it is the published one. */
  author: string; number: number; published: boolean;
  /** Why this file was not written (a symbolic link that leads out of the folder). */
  refused?: string;
}

/**
 * Why writing `path` would leave the folder `root` (a real path), or undefined when it stays inside.
 * Nothing is followed out of rulesets/: a directory on the way that resolves elsewhere, or a file that is
 * a symbolic link, refuses the write (a link could lead anywhere the server may write).
 */
export function leavesFolder(root: string, path: string): string | undefined {
  let ancestor = dirname(path);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  const real = realpathSync(ancestor);
  if (real !== root && !real.startsWith(root + sep)) return `${relative(root, ancestor) || '.'} leads out of the rulesets folder (to ${real})`;
  try {
    if (lstatSync(path).isSymbolicLink()) return `${relative(root, path)} is a symbolic link`;
  } catch {
    /* absent: it will be created inside */
  }
  return undefined;
}

/** Write the published version of each ruleset (or of `ids`) to `<dir>/<id>.elig`; with `drafts`, the
 *  latest saved version instead (which may not have passed the publishing gate). */
export function exportToFolder(store: Store, dir: string, options: { ids?: string[]; drafts?: boolean } = {}): ExportedFile[] {
  const ids = options.ids ?? store.list().map((r) => r.id);
  const out: ExportedFile[] = [];
  mkdirSync(dir, { recursive: true });
  const root = realpathSync(dir);
  for (const id of ids) {
    if (!isRulesetId(id)) continue; // never a path from an id that is not one (store-repair quarantines them)
    const current = options.drafts ? store.current(id) : store.published(id);
    if (!current) continue;
    const about = { author: current.author, number: current.number, published: store.published(id)?.version === current.version };
    const path = join(root, ...id.split('/')) + '.elig';
    const refused = leavesFolder(root, path);
    if (refused) {
      out.push({ id, path, version: current.version, changed: false, refused, ...about });
      continue;
    }
    let existing: string | undefined;
    try {
      existing = readFileSync(path, 'utf8');
    } catch {
      existing = undefined;
    }
    const changed = existing === undefined || versionOf(existing) !== current.version;
    if (changed) writeFileAtomic(path, current.source);
    store.markFolderVersion(id, current.version);
    out.push({ id, path, version: current.version, changed, ...about });
  }
  return out;
}
