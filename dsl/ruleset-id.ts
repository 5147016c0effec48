// What a ruleset id is, in one place: the checker (program headers), the server (every route, the
// request schemas, the store's repair of old rows), the rulesets/ folder reader and the CLI all ask here.
// An id is a path (`rulesets/bo/mped.elig`), a URL segment and a header value, so it is short and plain:
// two segments, `country/program`, lower-case letters, digits and single hyphens.

/** Longest program segment (`bolsa-escola-belo-horizonte` is 27). */
export const MAX_PROGRAM_SEGMENT = 64;
/** Longest id: a two-letter country, `/`, the program. */
export const MAX_RULESET_ID = 3 + MAX_PROGRAM_SEGMENT;
/** Longest pinned reference: the id, `@sha256:` and 64 hex digits. */
export const MAX_RULESET_REF = MAX_RULESET_ID + 8 + 64;

export const RULESET_ID_PATTERN = '^[a-z]{2}/[a-z0-9]+(?:-[a-z0-9]+)*$';
/** A pin is a full hash, a short one (≥ 8 hex digits, with or without `sha256:`) or a version number; see
 *  loader/ref.ts, which says which stored version it names. */
export const RULESET_REF_PATTERN = '^[a-z]{2}/[a-z0-9]+(?:-[a-z0-9]+)*(?:@(?:(?:sha256:)?[0-9a-f]{8,64}|[1-9][0-9]{0,8}))?$';

const COUNTRY = /^[a-z]{2}$/;
const PROGRAM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `id` is not a ruleset id, in words for the message; undefined when it is one. */
export function rulesetIdError(id: string): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return 'is empty';
  if (id.length > MAX_RULESET_ID) return `is ${id.length} characters long; an id has at most ${MAX_RULESET_ID}`;
  const parts = id.split('/');
  if (parts.length !== 2) return `has ${parts.length} segment${parts.length === 1 ? '' : 's'}; an id is country/program, like bo/mped`;
  const [country, program] = parts as [string, string];
  if (!COUNTRY.test(country)) return 'must start with a two-letter country code in lower case, like bo/';
  if (program.length > MAX_PROGRAM_SEGMENT) return `has a program name of ${program.length} characters; at most ${MAX_PROGRAM_SEGMENT}`;
  if (!PROGRAM.test(program)) return 'may hold only lower-case letters, digits and single hyphens after the country';
  return undefined;
}

export function isRulesetId(id: string): boolean {
  return rulesetIdError(id) === undefined;
}

/** An id as it may be quoted in a message: never more than 80 characters, never a control character. */
export function quotedId(id: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = String(id).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return plain.length > 80 ? `${plain.slice(0, 60)}… (${plain.length} characters)` : plain;
}
