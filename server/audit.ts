// The decision audit log, kept apart from the decisions: a failed write (a full disk, a locked file) is
// counted, logged and shown on /healthz as "degraded", and the decision is still answered. Member ids in
// the summary are personal data: they are stored as keyed hashes (HMAC-SHA-256) unless ELIG_AUDIT_RAW asks
// for the raw record. The key comes from ELIG_AUDIT_KEY, else from `audit.key` in the data directory
// (generated on first use, mode 0600), so the same member hashes the same across restarts and an auditor
// holding the key can look one up, while the table alone reveals no id.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { AuditRow, Store } from './store';

export interface AuditSummary {
  in_force: boolean;
  decisions: { subject: string; eligible: boolean | null; benefit: unknown; outcome: unknown }[];
}

/** The audit key: ELIG_AUDIT_KEY, else `<dataDir>/audit.key` (created when missing). */
export function auditKey(dataDir: string, fromEnv: string | undefined, log?: Logger): Buffer {
  if (fromEnv && fromEnv.length > 0) return Buffer.from(fromEnv, 'utf8');
  const file = join(dataDir, 'audit.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    const key = randomBytes(32);
    try {
      writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // A read-only data directory: hashes stay unlinkable to the ids, but differ after a restart.
      log?.warn('cannot keep the audit key in the data directory; using a key for this run only', { error: { code: (error as NodeJS.ErrnoException).code } });
    }
    return key;
  }
}

export class AuditLog {
  private failing: { since: string; code: string } | undefined;

  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
    private readonly raw: boolean,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  /** A member id as stored: its keyed hash, or the id itself with ELIG_AUDIT_RAW. */
  subject(id: string): string {
    return this.raw ? id : 'hmac-sha256:' + createHmac('sha256', this.key).update(id, 'utf8').digest('hex');
  }

  summary(summary: AuditSummary): AuditSummary {
    return { ...summary, decisions: summary.decisions.map((d) => ({ ...d, subject: this.subject(d.subject) })) };
  }

  /** Write the rows; a failure never fails the request that made the decisions. */
  write(rows: AuditRow[], requestId: string): void {
    if (rows.length === 0) return;
    try {
      this.store.audit(rows);
      if (this.failing) this.log.info('audit log writable again', { since: this.failing.since });
      this.failing = undefined;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name ?? 'error';
      this.metrics.auditFailures.inc({ code });
      this.log.error('audit write failed; the decisions were answered but not recorded', { request_id: requestId, rows: rows.length, error: { code } });
      this.failing ??= { since: new Date().toISOString(), code };
    }
  }

  /** Why the audit log is degraded, for /healthz; undefined when the last write succeeded. */
  get degraded(): string | undefined {
    return this.failing && `audit log writes failing since ${this.failing.since} (${this.failing.code}); decisions are answered but not recorded`;
  }
}
