// The embedded database (SQLite through better-sqlite3, WAL mode). Every saved ruleset version is an
// immutable row — triggers refuse UPDATE and DELETE on it — and `rulesets` only points at the current one.
// better-sqlite3 is synchronous, so a save's read-check-insert runs inside one IMMEDIATE transaction: it
// is atomic against other requests of this process and against any other process opening the same file.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { versionOf } from './hash';
import { openDatabase } from './store-open';

export const FOLDER_AUTHOR = 'rulesets/ folder';

export interface VersionMeta {
  /** Row id: the same text saved twice has one hash and two rows (two numbers). */
  seq: number;
  ruleset: string;
  version: string;
  /** Position in the ruleset's history, 1 for the first save. */
  number: number;
  title: string | null;
  author: string;
  message: string;
  created: string; // ISO timestamp
  parent: string | null; // the version this one was saved over
}

export interface VersionRecord extends VersionMeta {
  source: string;
}

export interface RulesetRow {
  id: string;
  title: string | null;
  /** The latest saved version (a draft when it is not the published one). */
  version: string;
  /** The version /evaluate serves; undefined when none has passed the publishing gate yet. */
  published: string | undefined;
  updated: string;
  created: string;
  /** Hash of rulesets/<id>.elig when the server last read or exported the folder. */
  folderVersion: string | null;
}

export type SaveOutcome =
  | { status: 'created' | 'saved' | 'unchanged'; version: VersionRecord }
  | { status: 'precondition-required'; current: VersionRecord }
  | { status: 'precondition-failed'; current: VersionRecord | undefined };

export interface SaveInput {
  id: string;
  source: string;
  title: string | null;
  author: string;
  message: string;
  /** Parsed If-Match: undefined when absent; '*' matches any existing version. */
  ifMatch: string[] | undefined;
  /** `If-None-Match: *`: only create, never overwrite. */
  ifNoneMatchAny?: boolean;
  /** The exact versions of the programs this text read when it was checked (id → sha256:…). */
  reads?: ReadonlyMap<string, string>;
  /** What the checker said of the text when it was saved (a text with errors is kept as a draft). */
  checks?: VersionChecks;
}

/** The checker's verdict on a saved version, kept with it: a version with errors is a draft that can
 *  never be served or published. */
export interface VersionChecks {
  errors: number;
  warnings: number;
  diagnostics: unknown[];
}

export interface PublicationInput {
  id: string;
  seq: number;
  author: string;
  role: string;
  gateOk: boolean;
  /** What the gate found (diagnostics, examples, properties), as kept in the audit log. */
  gate: unknown;
  /** A publisher's written reason to publish a version the gate refused. */
  overrideReason: string | null;
}

export interface PublicationRow {
  ruleset: string; version: string; number: number; author: string; role: string; at: string;
  gateOk: boolean; gate: unknown; overrideReason: string | null;
}

export type SeedStatus = 'created' | 'updated' | 'unchanged' | 'database-ahead';
export interface SeedFile {
  id: string; source: string; title: string | null; path: string;
  /** Ids of the programs the file reads (from its syntax tree), for the version's pins. */
  reads?: string[];
}

export interface AuditRow {
  requestId: string;
  ruleset: string;
  version: string;
  date: string;
  inputSha256: string;
  householdId: string | null;
  summary: unknown;
  raw: unknown | undefined;
}

const SCHEMA_VERSION = 1;
/** Schema 2 (drafts, publications, pins) and 3 (the checks of each saved version) are applied by
 *  upgrade(), after the repairs of store-repair.ts. */
export const LATEST_SCHEMA_VERSION = 3;

const UPGRADE_TO_3 = `
CREATE TABLE IF NOT EXISTS version_checks (
  version_seq INTEGER PRIMARY KEY REFERENCES versions(seq),
  errors      INTEGER NOT NULL,
  warnings    INTEGER NOT NULL,
  diagnostics TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS version_checks_are_immutable BEFORE UPDATE ON version_checks
  BEGIN SELECT RAISE(ABORT, 'checks of a version are immutable'); END;
CREATE TRIGGER IF NOT EXISTS version_checks_are_kept BEFORE DELETE ON version_checks
  BEGIN SELECT RAISE(ABORT, 'checks of a version are never deleted'); END;
`;

const UPGRADE_TO_2 = `
ALTER TABLE rulesets ADD COLUMN published_seq INTEGER REFERENCES versions(seq);
UPDATE rulesets SET published_seq = current_seq;
CREATE TABLE IF NOT EXISTS version_reads (
  version_seq     INTEGER NOT NULL REFERENCES versions(seq),
  program         TEXT NOT NULL,
  program_version TEXT NOT NULL CHECK (program_version LIKE 'sha256:%'),
  PRIMARY KEY (version_seq, program)
);
CREATE TRIGGER IF NOT EXISTS version_reads_are_immutable BEFORE UPDATE ON version_reads
  BEGIN SELECT RAISE(ABORT, 'pins are immutable'); END;
CREATE TRIGGER IF NOT EXISTS version_reads_are_kept BEFORE DELETE ON version_reads
  BEGIN SELECT RAISE(ABORT, 'pins are never deleted'); END;
CREATE TABLE IF NOT EXISTS publications (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  ruleset_id      TEXT NOT NULL,
  version_seq     INTEGER NOT NULL REFERENCES versions(seq),
  author          TEXT NOT NULL,
  role            TEXT NOT NULL,
  at              TEXT NOT NULL,
  gate_ok         INTEGER NOT NULL,
  gate            TEXT NOT NULL,
  override_reason TEXT,
  CHECK (gate_ok = 1 OR length(trim(override_reason)) > 0)
);
CREATE TRIGGER IF NOT EXISTS publications_are_immutable BEFORE UPDATE ON publications
  BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS publications_are_kept BEFORE DELETE ON publications
  BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END;
`;

const MIGRATIONS = `
CREATE TABLE IF NOT EXISTS versions (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  ruleset_id TEXT NOT NULL,
  number     INTEGER NOT NULL,
  version    TEXT NOT NULL CHECK (version LIKE 'sha256:%'),
  parent     TEXT,
  title      TEXT,
  source     TEXT NOT NULL,
  author     TEXT NOT NULL,
  message    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (ruleset_id, number)
);
CREATE INDEX IF NOT EXISTS versions_by_hash ON versions (ruleset_id, version);
CREATE TRIGGER IF NOT EXISTS versions_are_immutable BEFORE UPDATE ON versions
  BEGIN SELECT RAISE(ABORT, 'ruleset versions are immutable'); END;
CREATE TRIGGER IF NOT EXISTS versions_are_kept BEFORE DELETE ON versions
  BEGIN SELECT RAISE(ABORT, 'ruleset versions are never deleted'); END;
CREATE TABLE IF NOT EXISTS rulesets (
  id             TEXT PRIMARY KEY,
  current_seq    INTEGER NOT NULL REFERENCES versions(seq),
  folder_version TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decision_audit (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  at             TEXT NOT NULL,
  request_id     TEXT NOT NULL,
  ruleset_id     TEXT NOT NULL,
  version        TEXT NOT NULL,
  date           TEXT NOT NULL,
  input_sha256   TEXT NOT NULL,
  household_id   TEXT,
  summary        TEXT NOT NULL,
  raw            TEXT
);
CREATE INDEX IF NOT EXISTS decision_audit_by_input ON decision_audit (input_sha256);
`;

interface VersionDbRow {
  seq: number; ruleset_id: string; number: number; version: string; parent: string | null; title: string | null;
  source: string; author: string; message: string; created_at: string;
}

function toMeta(row: VersionDbRow): VersionMeta {
  return {
    seq: row.seq, ruleset: row.ruleset_id, version: row.version, number: row.number, title: row.title, author: row.author,
    message: row.message, created: row.created_at, parent: row.parent,
  };
}
function toRecord(row: VersionDbRow): VersionRecord {
  return { ...toMeta(row), source: row.source };
}

export interface StoreOptions {
  /** PRAGMA synchronous: NORMAL (default) survives a process crash; FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Open an existing database for reading only (evaluation workers). */
  readonly?: boolean;
  /** How often (ms) to look for commits made by other connections or processes (SQLite's
   *  `PRAGMA data_version`); saves through this Store are seen at once. Default 1000; 0 = on every read
   *  of `changeGeneration`. */
  externalChangeCheckMs?: number;
}

export class Store {
  readonly db: Database.Database;
  readonly file: string;
  /** Why saves are impossible (a read-only data directory); undefined when the database is writable. */
  readonly readOnlyReason: string | undefined;
  private readonly stmt;
  /** Bumped on every change of a current version; caches key on it. */
  private generation = 0;
  private externalVersion = 0;
  private externalCheckedAt = -Infinity;
  private readonly externalChangeCheckMs: number;

  constructor(dataDir: string, options: StoreOptions = {}) {
    this.file = join(dataDir, 'elig.sqlite');
    this.externalChangeCheckMs = options.externalChangeCheckMs ?? 1000;
    const opened = openDatabase(dataDir, this.file, options.readonly ?? false);
    this.db = opened.db;
    this.readOnlyReason = opened.readOnlyReason;
    this.db.pragma('busy_timeout = 5000');
    if (!this.db.readonly && !this.db.memory) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.db.pragma('foreign_keys = ON');
      const userVersion = this.db.pragma('user_version', { simple: true }) as number;
      if (userVersion > LATEST_SCHEMA_VERSION) {
        throw new Error(`${this.file} was written by a newer server (schema ${userVersion} > ${LATEST_SCHEMA_VERSION})`);
      }
      this.db.exec(MIGRATIONS);
      if (userVersion < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else if (this.db.memory && !this.db.readonly) {
      this.db.exec(MIGRATIONS); // an empty read-only start: filled from the rulesets/ folder
    }

    const db = this.db;
    this.stmt = {
      ruleset: db.prepare<[string], { id: string; current_seq: number; folder_version: string | null; created_at: string; updated_at: string }>(
        'SELECT * FROM rulesets WHERE id = ?'),
      list: db.prepare<[], VersionDbRow & { folder_version: string | null; rs_created: string; updated_at: string }>(
        `SELECT v.*, r.folder_version, r.created_at AS rs_created, r.updated_at
           FROM rulesets r JOIN versions v ON v.seq = r.current_seq ORDER BY r.id`),
      current: db.prepare<[string], VersionDbRow>(
        'SELECT v.* FROM rulesets r JOIN versions v ON v.seq = r.current_seq WHERE r.id = ?'),
      bySeq: db.prepare<[number], VersionDbRow>('SELECT * FROM versions WHERE seq = ?'),
      byHash: db.prepare<[string, string], VersionDbRow>(
        'SELECT * FROM versions WHERE ruleset_id = ? AND version = ? ORDER BY seq ASC LIMIT 1'),
      history: db.prepare<[string], VersionDbRow>(
        'SELECT * FROM versions WHERE ruleset_id = ? ORDER BY number DESC'),
      lastNumber: db.prepare<[string], { n: number | null }>(
        'SELECT MAX(number) AS n FROM versions WHERE ruleset_id = ?'),
      insertVersion: db.prepare(
        `INSERT INTO versions (ruleset_id, number, version, parent, title, source, author, message, created_at)
         VALUES (@ruleset_id, @number, @version, @parent, @title, @source, @author, @message, @created_at)`),
      insertRuleset: db.prepare(
        `INSERT INTO rulesets (id, current_seq, folder_version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)`),
      setCurrent: db.prepare('UPDATE rulesets SET current_seq = ?, updated_at = ? WHERE id = ?'),
      setFolderVersion: db.prepare('UPDATE rulesets SET folder_version = ? WHERE id = ?'),
      dataVersion: db.prepare<[], { data_version: number }>('PRAGMA data_version'),
      insertAudit: db.prepare(
        `INSERT INTO decision_audit (at, request_id, ruleset_id, version, date, input_sha256, household_id, summary, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /**
   * Changes whenever a current version may have changed: at once after a save through this Store, and
   * within `externalChangeCheckMs` after a commit by any other connection or process (SQLite's
   * data_version). Read on every evaluation, so it is a memory read, not a query, almost every time.
   */
  get changeGeneration(): string {
    const now = performance.now();
    if (now - this.externalCheckedAt >= this.externalChangeCheckMs) {
      this.externalVersion = this.stmt.dataVersion.get()!.data_version;
      this.externalCheckedAt = now;
    }
    return `${this.generation}:${this.externalVersion}`;
  }

  private schema2Cache: boolean | undefined;
  private collabStmt: ReturnType<Store['prepareCollab']> | undefined;

  /** Whether drafts, publications and pins are in this database (false only for an old file opened
   *  read-only: then every current version counts as published and no version has pins). */
  get hasPublications(): boolean {
    this.schema2Cache ??= this.db.prepare<[], { name: string }>('PRAGMA table_info(rulesets)').all().some((c) => c.name === 'published_seq');
    return this.schema2Cache;
  }

  /**
   * Schema 2: published versions, pins and the publication log. Run after store-repair's quarantine (so a
   * quarantined row is never published) and before seeding. An old database keeps every current version
   * published — what it served stays served. Idempotent; a no-op on a read-only database.
   */
  upgrade(): void {
    if (this.db.readonly || (this.hasPublications && this.hasChecks)) return;
    this.db.transaction(() => {
      if (!this.hasPublications) this.db.exec(UPGRADE_TO_2);
      this.db.exec(UPGRADE_TO_3);
      this.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    }).immediate();
    this.schema2Cache = true;
    this.schema3Cache = true;
    this.collabStmt = undefined;
    this.generation++;
  }

  private schema3Cache: boolean | undefined;

  /** Whether saved versions' checks are recorded (schema 3). */
  get hasChecks(): boolean {
    this.schema3Cache ??= this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'version_checks'").all().length > 0;
    return this.schema3Cache;
  }

  /** What the checker said of version row `seq` when it was saved; undefined when not recorded (versions
   *  read from the folder, or saved before schema 3). */
  checks(seq: number): VersionChecks | undefined {
    if (!this.hasChecks) return undefined;
    const row = this.checksStmt.one.get(seq);
    return row && { errors: row.errors, warnings: row.warnings, diagnostics: JSON.parse(row.diagnostics) as unknown[] };
  }

  /** Check errors of every recorded version of `id`, by row id (for the history). */
  errorCounts(id: string): Map<number, number> {
    if (!this.hasChecks) return new Map();
    return new Map(this.checksStmt.ofRuleset.all(id).map((r) => [r.version_seq, r.errors]));
  }

  private checksCache: ReturnType<Store['prepareChecks']> | undefined;
  private get checksStmt() {
    this.checksCache ??= this.prepareChecks();
    return this.checksCache;
  }
  private prepareChecks() {
    return {
      one: this.db.prepare<[number], { errors: number; warnings: number; diagnostics: string }>(
        'SELECT errors, warnings, diagnostics FROM version_checks WHERE version_seq = ?'),
      ofRuleset: this.db.prepare<[string], { version_seq: number; errors: number }>(
        'SELECT c.version_seq, c.errors FROM version_checks c JOIN versions v ON v.seq = c.version_seq WHERE v.ruleset_id = ?'),
      insert: this.db.prepare('INSERT INTO version_checks (version_seq, errors, warnings, diagnostics) VALUES (?, ?, ?, ?)'),
    };
  }

  private prepareCollab() {
    const db = this.db;
    return {
      published: db.prepare<[string], VersionDbRow>(
        'SELECT v.* FROM rulesets r JOIN versions v ON v.seq = r.published_seq WHERE r.id = ?'),
      publishedOfAll: db.prepare<[], { id: string; version: string }>(
        'SELECT r.id, v.version FROM rulesets r JOIN versions v ON v.seq = r.published_seq'),
      setPublished: db.prepare('UPDATE rulesets SET published_seq = ?, updated_at = ? WHERE id = ?'),
      insertRead: db.prepare('INSERT INTO version_reads (version_seq, program, program_version) VALUES (?, ?, ?)'),
      reads: db.prepare<[number], { program: string; program_version: string }>(
        'SELECT program, program_version FROM version_reads WHERE version_seq = ? ORDER BY program'),
      insertPublication: db.prepare(
        `INSERT INTO publications (ruleset_id, version_seq, author, role, at, gate_ok, gate, override_reason)
         VALUES (@ruleset_id, @version_seq, @author, @role, @at, @gate_ok, @gate, @override_reason)`),
      publications: db.prepare<[string], { version: string; number: number; author: string; role: string; at: string; gate_ok: number; gate: string; override_reason: string | null; ruleset_id: string }>(
        `SELECT p.*, v.version, v.number FROM publications p JOIN versions v ON v.seq = p.version_seq
          WHERE p.ruleset_id = ? ORDER BY p.id DESC`),
    };
  }

  private get collab() {
    this.collabStmt ??= this.prepareCollab();
    return this.collabStmt;
  }

  /** The version /evaluate serves for `id`. */
  published(id: string): VersionRecord | undefined {
    if (!this.hasPublications) return this.current(id);
    const row = this.collab.published.get(id);
    return row && toRecord(row);
  }

  /** The exact versions the version row `seq` read when it was saved (id → sha256:…); empty for versions
   *  saved before pins were recorded. */
  reads(seq: number): Map<string, string> {
    if (!this.hasPublications) return new Map();
    return new Map(this.collab.reads.all(seq).map((r) => [r.program, r.program_version]));
  }

  /** Publish a stored version (the caller ran the gate). Atomic; appends to the publication log. */
  publish(input: PublicationInput): void {
    this.db.transaction(() => this.publishInTransaction(input, new Date().toISOString())).immediate();
  }

  /** Publish `input.seq` unless it already is, or a later version was published meanwhile. */
  publishUnlessNewer(input: PublicationInput): boolean {
    return this.db.transaction(() => {
      const published = this.published(input.id);
      if (published && published.seq >= input.seq) return false;
      this.publishInTransaction(input, new Date().toISOString());
      return true;
    }).immediate();
  }

  private publishInTransaction(input: PublicationInput, now: string): void {
    if (!input.gateOk && !(input.overrideReason ?? '').trim()) throw new Error('publishing past the gate needs a written reason');
    if ((this.checks(input.seq)?.errors ?? 0) > 0) throw new Error('a version with check errors is never published, even with a reason');
    this.collab.insertPublication.run({
      ruleset_id: input.id, version_seq: input.seq, author: input.author, role: input.role, at: now,
      gate_ok: input.gateOk ? 1 : 0, gate: JSON.stringify(input.gate ?? null), override_reason: input.overrideReason,
    });
    this.collab.setPublished.run(input.seq, now, input.id);
    this.generation++;
  }

  publications(id: string): PublicationRow[] {
    if (!this.hasPublications) return [];
    return this.collab.publications.all(id).map((r) => ({
      ruleset: r.ruleset_id, version: r.version, number: r.number, author: r.author, role: r.role, at: r.at,
      gateOk: r.gate_ok === 1, gate: JSON.parse(r.gate) as unknown, overrideReason: r.override_reason,
    }));
  }

  ping(): boolean {
    return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
  }

  list(): RulesetRow[] {
    const published = this.hasPublications
      ? new Map(this.collab.publishedOfAll.all().map((r) => [r.id, r.version]))
      : undefined;
    return this.stmt.list.all().map((row) => ({
      id: row.ruleset_id, title: row.title, version: row.version, updated: row.updated_at,
      published: published ? published.get(row.ruleset_id) : row.version,
      created: row.rs_created, folderVersion: row.folder_version,
    }));
  }

  ruleset(id: string): RulesetRow | undefined {
    const r = this.stmt.ruleset.get(id);
    if (!r) return undefined;
    const v = this.stmt.bySeq.get(r.current_seq)!;
    return {
      id, title: v.title, version: v.version, published: this.published(id)?.version, updated: r.updated_at,
      created: r.created_at, folderVersion: r.folder_version,
    };
  }

  current(id: string): VersionRecord | undefined {
    const row = this.stmt.current.get(id);
    return row && toRecord(row);
  }

  /** A version by its row id. */
  versionBySeq(seq: number): VersionRecord | undefined {
    const row = this.stmt.bySeq.get(seq);
    return row && toRecord(row);
  }

  version(id: string, version: string): VersionRecord | undefined {
    const row = this.stmt.byHash.get(id, version);
    return row && toRecord(row);
  }

  history(id: string): VersionMeta[] {
    return this.stmt.history.all(id).map(toMeta);
  }

  private insertVersion(id: string, source: string, title: string | null, author: string, message: string,
    parent: string | null, now: string): VersionDbRow {
    const number = (this.stmt.lastNumber.get(id)?.n ?? 0) + 1;
    const row = {
      ruleset_id: id, number, version: versionOf(source), parent, title, source, author, message, created_at: now,
    };
    const info = this.stmt.insertVersion.run(row);
    return { seq: Number(info.lastInsertRowid), ...row };
  }

  private afterInsert(input: SaveInput, seq: number): void {
    if (input.checks && this.hasChecks) {
      this.checksStmt.insert.run(seq, input.checks.errors, input.checks.warnings, JSON.stringify(input.checks.diagnostics));
    }
    if (!this.hasPublications) return;
    for (const [program, version] of input.reads ?? []) this.collab.insertRead.run(seq, program, version);
  }

  /** Save a new version under optimistic concurrency; see SaveInput. Atomic. */
  save(input: SaveInput): SaveOutcome {
    const run = this.db.transaction((): SaveOutcome => {
      const now = new Date().toISOString();
      const existing = this.stmt.ruleset.get(input.id);
      if (!existing) {
        if (input.ifMatch && !input.ifMatch.includes('*') && input.ifMatch.length > 0) {
          return { status: 'precondition-failed', current: undefined };
        }
        const row = this.insertVersion(input.id, input.source, input.title, input.author, input.message, null, now);
        this.stmt.insertRuleset.run(input.id, row.seq, null, now, now);
        this.afterInsert(input, row.seq);
        this.generation++;
        return { status: 'created', version: toRecord(row) };
      }
      const current = toRecord(this.stmt.bySeq.get(existing.current_seq)!);
      if (input.ifNoneMatchAny) return { status: 'precondition-failed', current };
      if (!input.ifMatch) return { status: 'precondition-required', current };
      if (!input.ifMatch.includes('*') && !input.ifMatch.includes(current.version)) {
        return { status: 'precondition-failed', current };
      }
      if (versionOf(input.source) === current.version) return { status: 'unchanged', version: current };
      const row = this.insertVersion(input.id, input.source, input.title, input.author, input.message, current.version, now);
      this.stmt.setCurrent.run(row.seq, now, input.id);
      this.afterInsert(input, row.seq);
      this.generation++;
      return { status: 'saved', version: toRecord(row) };
    });
    return run.immediate();
  }

  /**
   * Bring the database up to date with the rulesets/ folder (run on start). A file whose text is new
   * becomes the current version (author "rulesets/ folder"). A file that is unchanged since the server
   * last read or exported it, while the database has a newer version saved through the API, is left
   * alone (`database-ahead`): the API edit stays current until it is exported and reviewed.
   */
  seed(files: SeedFile[]): { id: string; status: SeedStatus; version: string }[] {
    const run = this.db.transaction(() => {
      const now = new Date().toISOString();
      const results = files.map((file) => {
        const version = versionOf(file.source);
        const existing = this.stmt.ruleset.get(file.id);
        const message = `Seeded from ${file.path}`;
        if (!existing) {
          const row = this.insertVersion(file.id, file.source, file.title, FOLDER_AUTHOR, message, null, now);
          this.stmt.insertRuleset.run(file.id, row.seq, version, now, now);
          this.publishSeeded(file, row.seq, now);
          this.generation++;
          return { id: file.id, status: 'created' as const, version };
        }
        const current = this.stmt.bySeq.get(existing.current_seq)!;
        if (current.version === version) {
          this.stmt.setFolderVersion.run(version, file.id);
          return { id: file.id, status: 'unchanged' as const, version };
        }
        if (existing.folder_version === version) {
          return { id: file.id, status: 'database-ahead' as const, version: current.version };
        }
        const row = this.insertVersion(file.id, file.source, file.title, FOLDER_AUTHOR, message, current.version, now);
        this.stmt.setCurrent.run(row.seq, now, file.id);
        this.stmt.setFolderVersion.run(version, file.id);
        this.publishSeeded(file, row.seq, now);
        this.generation++;
        return { id: file.id, status: 'updated' as const, version };
      });
      // Pins of the versions just read: the published versions of the programs each reads, once the
      // whole folder is in (a program and the one it reads are usually seeded together).
      if (this.hasPublications) {
        for (const [i, r] of results.entries()) {
          if (r.status !== 'created' && r.status !== 'updated') continue;
          const mine = this.stmt.history.all(r.id)[0]; // the version just inserted
          if (!mine) continue;
          for (const program of files[i]!.reads ?? []) {
            const dep = this.published(program);
            if (dep) this.collab.insertRead.run(mine.seq, program, dep.version);
          }
        }
      }
      return results;
    });
    return run.immediate();
  }

  /** The rulesets/ folder is reviewed in git: what it holds is published as it is read. */
  private publishSeeded(file: SeedFile, seq: number, now: string): void {
    if (!this.hasPublications) return;
    this.publishInTransaction({
      id: file.id, seq, author: FOLDER_AUTHOR, role: 'publisher', gateOk: true,
      gate: { reviewed: `read from ${file.path}, reviewed in git` }, overrideReason: null,
    }, now);
  }

  /** Record that rulesets/<id>.elig now holds `version` (after an export). */
  markFolderVersion(id: string, version: string): void {
    this.stmt.setFolderVersion.run(version, id);
  }

  audit(rows: AuditRow[]): void {
    if (rows.length === 0) return;
    const at = new Date().toISOString();
    const run = this.db.transaction(() => {
      for (const r of rows) {
        this.stmt.insertAudit.run(at, r.requestId, r.ruleset, r.version, r.date, r.inputSha256, r.householdId,
          JSON.stringify(r.summary), r.raw === undefined ? null : JSON.stringify(r.raw));
      }
    });
    run();
  }

  close(): void {
    if (!this.db.open) return;
    try {
      if (!this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
