// Storage failures in words the caller can act on: a full disk is 507 ("copy your text"), a read-only
// database 503 with the reason — never a generic 500 that leaves an editor wondering whether it saved.
import { Problem, problems } from './problems';

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_READONLY_DIRECTORY', 'EROFS']);

/** The problem for an error from SQLite or the file system, or undefined when it is neither. */
export function storageProblem(error: unknown): Problem | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (FULL.has(code)) return problems.diskFull();
  if (READ_ONLY.has(code)) return problems.readOnly(`the database cannot be written (${code})`);
  return undefined;
}
