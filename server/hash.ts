// Content hashes: a ruleset version is the SHA-256 of its UTF-8 source; an audited input is the SHA-256 of
// its canonical JSON (keys sorted, no whitespace), so equal records hash equal however they were sent.
import { createHash } from 'node:crypto';

export function versionOf(source: string): string {
  return 'sha256:' + createHash('sha256').update(source, 'utf8').digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
