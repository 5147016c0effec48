// Texts joined straight into UTF-8 bytes. `Buffer.from(parts.join(','))` costs about 7× more when the
// parts hold characters beyond Latin-1 (reasons do: `≤`, `—`, accents in Spanish and Portuguese): the
// join builds one two-byte string of the whole batch, which is then flattened and encoded. Encoding
// each part into one buffer of the exact size measured 13 µs → 1.7 µs per MPED result (1 KB).

/** `parts` joined by the one-byte `separator` (e.g. `,`), as UTF-8, in a buffer that owns its memory
 *  alone (so it can be transferred to another thread without a copy). */
export function joinUtf8(parts: readonly string[], separator?: string): Buffer {
  const sep = separator === undefined ? -1 : separator.charCodeAt(0);
  if (sep > 0x7f) throw new Error('joinUtf8: the separator must be one ASCII character');
  let length = sep >= 0 && parts.length > 0 ? parts.length - 1 : 0;
  for (let i = 0; i < parts.length; i++) length += Buffer.byteLength(parts[i]!, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(length);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0 && sep >= 0) bytes[offset++] = sep;
    offset += bytes.write(parts[i]!, offset, 'utf8');
  }
  return bytes;
}
