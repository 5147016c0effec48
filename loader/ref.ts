// `id@version`, parsed in one place for the CLI, the server, the editor and the engine's registry.
// A version may be pinned three ways: the full hash (`bo/mped@sha256:<64 hex>`), a short hash of at least
// eight hex digits (`bo/mped@3f2a9c01`, with or without `sha256:`), or the version number in the
// ruleset's history (`bo/mped@3`). Which stored version a short hash or number names is the store's
// question (server/pins.ts); this file only says what was written.
import { rulesetIdError } from '../dsl/ruleset-id';

export const MIN_SHORT_HASH = 8;

export type Pin =
  | { kind: 'hash'; hash: string } // `sha256:` + 64 hex
  | { kind: 'short'; prefix: string } // 8–63 hex digits, without `sha256:`
  | { kind: 'number'; number: number }; // 1-based position in the history

export interface RulesetRef {
  id: string;
  pin: Pin | undefined;
}

export type ParsedRef = { ok: true; ref: RulesetRef } | { ok: false; error: string };

const FULL = /^sha256:[0-9a-f]{64}$/;
const SHORT = /^(?:sha256:)?([0-9a-f]+)$/;
const NUMBER = /^[1-9][0-9]{0,8}$/;

/** Parse a version pin (the text after `@`). */
export function parsePin(text: string): Pin | { error: string } {
  if (FULL.test(text)) return { kind: 'hash', hash: text };
  if (NUMBER.test(text)) return { kind: 'number', number: Number(text) };
  const short = SHORT.exec(text);
  if (short) {
    const hex = short[1]!;
    if (hex.length === 64) return { kind: 'hash', hash: `sha256:${hex}` };
    if (hex.length >= MIN_SHORT_HASH && hex.length < 64) return { kind: 'short', prefix: hex };
    return { error: `\`${text}\` is too short to name a version: give at least ${MIN_SHORT_HASH} hex digits of its hash, or its number` };
  }
  return { error: `\`${text}\` is not a version: write a hash (sha256:…, or at least ${MIN_SHORT_HASH} of its hex digits) or a version number like 3` };
}

/** Parse `bo/mped`, `bo/mped@sha256:…`, `bo/mped@3f2a9c01` or `bo/mped@3`. */
export function parseRef(text: string): ParsedRef {
  const at = text.indexOf('@');
  const id = at < 0 ? text : text.slice(0, at);
  const idError = rulesetIdError(id);
  if (idError) return { ok: false, error: `\`${id}\` ${idError}` };
  if (at < 0) return { ok: true, ref: { id, pin: undefined } };
  const pin = parsePin(text.slice(at + 1));
  if ('error' in pin) return { ok: false, error: pin.error };
  return { ok: true, ref: { id, pin } };
}

/** Split without judging (for resolvers handed any text): the id and the raw pin text. */
export function splitRef(text: string): { id: string; version: string | undefined } {
  const at = text.indexOf('@');
  return at < 0 ? { id: text, version: undefined } : { id: text.slice(0, at), version: text.slice(at + 1) };
}

export function pinText(pin: Pin): string {
  return pin.kind === 'hash' ? pin.hash : pin.kind === 'short' ? pin.prefix : String(pin.number);
}

export function formatRef(ref: RulesetRef): string {
  return ref.pin ? `${ref.id}@${pinText(ref.pin)}` : ref.id;
}
