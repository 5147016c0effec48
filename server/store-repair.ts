// Repairs of rows that older servers let in. Ruleset ids used to be accepted at any length (an id of
// 10,003 characters made every later export fail with ENAMETOOLONG); such a ruleset is quarantined: its
// pointer moves to `quarantined_rulesets` with the reason, its versions stay where they are (they are
// immutable and never deleted), and it no longer appears in lists, exports or response headers.
import { rulesetIdError } from '../dsl/ruleset-id';
import type { Store } from './store';

export interface Quarantined { id: string; reason: string }

const TABLE = `
CREATE TABLE IF NOT EXISTS quarantined_rulesets (
  id             TEXT PRIMARY KEY,
  current_seq    INTEGER NOT NULL,
  folder_version TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  quarantined_at TEXT NOT NULL,
  reason         TEXT NOT NULL
);`;

/** Move every ruleset whose id breaks the rule into quarantine; returns what was moved. */
export function quarantineInvalidRulesetIds(store: Store): Quarantined[] {
  if (store.db.readonly) return [];
  const db = store.db;
  const ids = db.prepare<[], { id: string }>('SELECT id FROM rulesets').all().map((r) => r.id);
  const bad = ids.map((id) => ({ id, reason: rulesetIdError(id) })).filter((x): x is Quarantined => x.reason !== undefined);
  if (bad.length === 0) return [];
  const move = db.transaction(() => {
    db.exec(TABLE);
    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT OR REPLACE INTO quarantined_rulesets (id, current_seq, folder_version, created_at, updated_at, quarantined_at, reason)
       SELECT id, current_seq, folder_version, created_at, updated_at, ?, ? FROM rulesets WHERE id = ?`);
    const remove = db.prepare('DELETE FROM rulesets WHERE id = ?');
    for (const { id, reason } of bad) {
      insert.run(now, `ruleset id ${reason}`, id);
      remove.run(id);
    }
  });
  move.immediate();
  return bad;
}
