// Getting API edits back into the git-reviewed rulesets/ folder, and reading the folder on start.
// exportToFolder writes each ruleset's current version to <dir>/<id>.elig atomically (a temp file in the
// same directory, fsync, rename), so a reader or a crash never sees half a file; then `git diff` shows the
// edits for review. The store remembers what the folder holds, so a restart does not undo API edits that
// have not been exported yet (see Store.seed).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SeedFile, Store } from './store';
import { readHeader } from './catalog';
import { RULESET_ID_PATTERN } from './validate';
import { versionOf } from './hash';

const ID = new RegExp(RULESET_ID_PATTERN);

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
        if (!ID.test(id)) {
          skipped.push(path);
          continue;
        }
        const source = readFileSync(path, 'utf8');
        files.push({ id, source, title: readHeader(source).title, path: `rulesets/${id}.elig` });
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

export interface ExportedFile { id: string; path: string; version: string; changed: boolean }

/** Write the current version of each ruleset (or of `ids`) to `<dir>/<id>.elig`. */
export function exportToFolder(store: Store, dir: string, options: { ids?: string[] } = {}): ExportedFile[] {
  const ids = options.ids ?? store.list().map((r) => r.id);
  const out: ExportedFile[] = [];
  for (const id of ids) {
    const current = store.current(id);
    if (!current) continue;
    const path = join(dir, ...id.split('/')) + '.elig';
    let existing: string | undefined;
    try {
      existing = readFileSync(path, 'utf8');
    } catch {
      existing = undefined;
    }
    const changed = existing === undefined || versionOf(existing) !== current.version;
    if (changed) writeFileAtomic(path, current.source);
    store.markFolderVersion(id, current.version);
    out.push({ id, path, version: current.version, changed });
  }
  return out;
}
