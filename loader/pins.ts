// Which version a pin names among a ruleset's versions, with an answer that says what exists when it
// names none or several ("did you mean …").
import type { Pin } from './ref';

export interface VersionEntry {
  version: string; // sha256:…
  number: number;
}

export type PinMatch<V extends VersionEntry> =
  | { ok: true; version: V }
  | { ok: false; reason: 'unknown' | 'ambiguous'; message: string; candidates: V[] };

const SHOW = 5;

function short(v: VersionEntry): string {
  return `${v.number} (${v.version.slice(7, 19)})`;
}

/** `versions` newest first. The same text saved twice has two numbers; a hash names its first save. */
export function matchPin<V extends VersionEntry>(id: string, versions: readonly V[], pin: Pin): PinMatch<V> {
  if (pin.kind === 'number') {
    const found = versions.find((v) => v.number === pin.number);
    if (found) return { ok: true, version: found };
    const last = versions[0];
    return {
      ok: false, reason: 'unknown', candidates: versions.slice(0, SHOW),
      message: last
        ? `${id} has no version ${pin.number}: its versions are 1 to ${last.number} (the latest is ${short(last)})`
        : `${id} has no versions`,
    };
  }
  const hex = pin.kind === 'hash' ? pin.hash.slice(7) : pin.prefix;
  const matching = versions.filter((v) => v.version.slice(7).startsWith(hex));
  // One text saved several times: one hash, several numbers — the first save is the one it names.
  const distinct = [...new Set(matching.map((v) => v.version))];
  if (distinct.length === 1) return { ok: true, version: matching[matching.length - 1]! };
  if (distinct.length > 1) {
    return {
      ok: false, reason: 'ambiguous', candidates: matching.slice(0, SHOW),
      message: `${hex} is the start of ${distinct.length} versions of ${id}: ${matching.slice(0, SHOW).map(short).join(', ')}; give more digits or the number`,
    };
  }
  const near = versions.filter((v) => v.version.slice(7, 11) === hex.slice(0, 4)).slice(0, SHOW);
  const suggestions = (near.length > 0 ? near : versions.slice(0, 3));
  return {
    ok: false, reason: 'unknown', candidates: suggestions,
    message: `${id} has no version ${pin.kind === 'hash' ? pin.hash : hex}` +
      (suggestions.length > 0 ? `; did you mean ${suggestions.map(short).join(' or ')}?` : ''),
  };
}
