// Who is writing: several bearer tokens, each with a person's name and a role. Only the tokens' SHA-256
// hashes are kept (in memory and in the tokens file); a request's token is hashed and compared with
// every entry in constant time. Roles are ordered: a reader may only read (what anyone may), an editor
// may also save drafts and merge, a publisher may also publish and export.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';

export const ROLES = ['reader', 'editor', 'publisher'] as const;
export type Role = (typeof ROLES)[number];

export interface Author {
  name: string;
  role: Role;
  /** The one ELIG_TOKEN everybody shares: it names nobody, so a save may say its author. */
  shared?: boolean;
}
export interface TokenEntry extends Author { sha256: string } // 64 lower-case hex digits

/** The token `npm start` accepts when nothing is configured: one local designer who may publish. The
 *  server listens on 127.0.0.1 by default; configure real tokens before listening anywhere else. */
export const DEFAULT_TOKEN = 'elig-local-designer';
export const DEFAULT_AUTHOR: Author = { name: 'local designer', role: 'publisher' };

export function hashToken(token: string): string {
  return bytesToHex(sha256(utf8ToBytes(token)));
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Entries from the tokens file's JSON: `{"tokens":[{"name":"Ana Quispe","role":"publisher","sha256":"…"}]}`
 *  (or the bare array). Throws a message naming the entry that is wrong. */
export function parseTokenEntries(json: unknown, where: string): TokenEntry[] {
  const list = Array.isArray(json) ? json : (json as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list)) throw new Error(`${where}: expected {"tokens": [{"name", "role", "sha256"}, …]}`);
  return list.map((raw, i) => {
    const e = raw as Partial<TokenEntry> | null;
    const at = `${where}: tokens[${i}]`;
    if (!e || typeof e.name !== 'string' || e.name.trim() === '' || e.name.length > 100) throw new Error(`${at} needs a "name" (1–100 characters)`);
    if (!ROLES.includes(e.role as Role)) throw new Error(`${at} ("${e.name}") has role ${JSON.stringify(e.role)}; use reader, editor or publisher`);
    const hash = typeof e.sha256 === 'string' ? e.sha256.toLowerCase().replace(/^sha256:/, '') : '';
    if (!HEX64.test(hash)) throw new Error(`${at} ("${e.name}") needs "sha256": the token's SHA-256 as 64 hex digits (printf %s "$TOKEN" | sha256sum)`);
    return { name: e.name.trim(), role: e.role as Role, sha256: hash };
  });
}

/** `ELIG_TOKENS="Ana Quispe:publisher:<sha256>;Rui Lima:editor:<sha256>"`. */
export function parseTokenList(text: string): TokenEntry[] {
  return parseTokenEntries(text.split(';').map((s) => s.trim()).filter(Boolean).map((item) => {
    const parts = item.split(':');
    const sha = parts.pop();
    const role = parts.pop();
    return { name: parts.join(':'), role, sha256: sha };
  }), 'ELIG_TOKENS');
}

export function readTokensFile(path: string): TokenEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`ELIG_TOKENS_FILE ${path}: ${(error as Error).message}`);
  }
  return parseTokenEntries(json, `ELIG_TOKENS_FILE ${path}`);
}

export class Tokens {
  private readonly entries: { author: Author; digest: Buffer }[];

  constructor(entries: readonly TokenEntry[]) {
    this.entries = entries.map((e) => ({
      author: { name: e.name, role: e.role, ...(e.shared ? { shared: true } : {}) }, digest: Buffer.from(e.sha256, 'hex'),
    }));
  }

  /** One token (ELIG_TOKEN, or the embedded default). */
  static single(token: string, author: Author): Tokens {
    return new Tokens([{ ...author, sha256: hashToken(token) }]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The author a token belongs to, or undefined. Every entry is compared, so timing says nothing. */
  authorOf(token: string): Author | undefined {
    const given = Buffer.from(hashToken(token), 'hex');
    let found: Author | undefined;
    for (const e of this.entries) if (timingSafeEqual(given, e.digest)) found ??= e.author;
    return found;
  }
}
