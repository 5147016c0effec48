// Opening the database when the data directory may not be writable. A read-only directory (a read-only
// mount, a volume without write permission) must not stop the service: it then runs read-only, serving
// decisions from the versions it can read, and saves are refused with the reason (see problems.readOnly).
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';

export interface OpenedDatabase {
  db: Database.Database;
  /** Why this database cannot be written; undefined when it can. */
  readOnlyReason: string | undefined;
}

/** Codes of "this file or directory cannot be written", from the OS and from SQLite. */
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY']);

function unwritable(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `the data directory ${dir} is not writable (${code})`;
  }
}

/**
 * Open `file` in `dir` for reading and writing; when the directory cannot be written, open a read-only
 * snapshot of the file instead (SQLite cannot open a WAL database in place without writing its -shm
 * file). `open` receives the writable path; `readOnly` says the caller only reads anyway.
 */
export function openDatabase(dir: string, file: string, readOnly: boolean): OpenedDatabase {
  const reason = unwritable(dir);
  if (reason === undefined) {
    try {
      return { db: new Database(file, { readonly: readOnly }), readOnlyReason: undefined };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!READ_ONLY_CODES.has(code)) throw error;
      return snapshot(file, `the database ${file} cannot be opened for writing (${code})`);
    }
  }
  return snapshot(file, reason);
}

function snapshot(file: string, reason: string): OpenedDatabase {
  if (!existsSync(file)) {
    // Nothing to read: an empty database in memory, filled from the rulesets/ folder on start.
    return { db: new Database(':memory:'), readOnlyReason: reason };
  }
  const bytes = readFileSync(file);
  // Bytes 18–19 of the header say "WAL"; an in-memory copy must use a rollback journal to open at all.
  if (bytes.length >= 100) bytes[18] = bytes[19] = 1;
  return { db: new Database(bytes, { readonly: true }), readOnlyReason: reason };
}
