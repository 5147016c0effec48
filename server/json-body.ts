// What /evaluate's direct path (app.ts, `evaluateDirect`) needs to read a JSON body without Express and
// body-parser, answering exactly as they do: the same strict parse and the same error messages
// (body-parser 2's `json({ strict: true })`), the same size units (the `bytes` package's, which
// body-parser uses for `limit`). Anything else the direct path does not take: it leaves the request to
// Express.

const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** `application/json`, optionally `; charset=utf-8` (any case, quoted or not): the type the direct path
 *  reads. Other JSON types, other charsets and parameters go through Express. */
export function isPlainJsonType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i.test(contentType);
}

/**
 * A body text parsed as body-parser's strict JSON parser does: an object or an array at the top, else
 * the error it raises (its message, which app.ts shortens the same way on both paths). A UTF-8 byte order
 * mark is dropped first, as body-parser's decoder drops it.
 */
export function parseStrictJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { ok: true, value: {} }; // body-parser's special case (the callers refuse empty bodies first)
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
    if (first !== '{' && first !== '[') return { ok: false, message: strictViolation(text, first) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** body-parser's message for a body that is JSON but neither an object nor an array (`"x"`, `1`, `true`):
 *  what JSON.parse says of the text with everything from that character on replaced by `#`, with the
 *  `#`s put back as the original characters. */
function strictViolation(text: string, first: string | undefined): string {
  const index = first === undefined ? -1 : text.indexOf(first);
  const partial = index === -1 ? '' : text.substring(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return 'strict violation';
  } catch (error) {
    return (error as Error).message.replace(/#+/g, (placeholder) => text.substring(index, index + placeholder.length));
  }
}

const UNITS: Record<string, number> = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30, tb: 1024 ** 4, pb: 1024 ** 5 };

/** A body limit (`5mb`, `1048576`, a number) in bytes, as the `bytes` package reads it for body-parser
 *  (`<number> <unit>`, else the leading integer); undefined when it reads none. */
export function sizeInBytes(limit: number | string): number | undefined {
  if (typeof limit === 'number') return Number.isNaN(limit) ? undefined : limit;
  const m = /^((-|\+)?(\d+(?:\.\d+)?)) *(kb|mb|gb|tb|pb)$/i.exec(limit);
  const value = m ? parseFloat(m[1]!) : parseInt(limit, 10);
  if (Number.isNaN(value)) return undefined;
  return Math.floor(UNITS[m ? m[4]!.toLowerCase() : 'b']! * value);
}
