// Names with non-ASCII letters. The lexer's Identifier token takes every character from U+00C0 up (a
// range Chevrotain can optimise); here a token holding a character that is no letter, mark or digit
// (`×`, `“`, `—`, an emoji) is cut at it: the character becomes a lexing error like any other, and the
// pieces around it are lexed again on their own. Names are normalised to NFC, so `ç` typed as `c` + U+0327
// and the precomposed `ç` are one name. Token positions stay those of the original text.
import type { ILexingError, IToken, Lexer } from 'chevrotain';
import { Identifier, NAME_CHARACTER } from './lexer';

const ASCII_NAME = /^[A-Za-z0-9_]*$/;
const NAME_START = /[\p{L}_]/u;

/** The tokens with every non-ASCII name checked, cut where needed and normalised; new errors are added
 *  to `errors` in text order. */
export function checkUnicodeNames(tokens: readonly IToken[], errors: ILexingError[], lexer: Lexer): IToken[] {
  const out: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType !== Identifier || ASCII_NAME.test(t.image)) {
      out.push(t);
      continue;
    }
    const bad = badCharacters(t.image);
    if (bad.length === 0) {
      out.push(withImage(t, t.image.normalize('NFC')));
      continue;
    }
    let from = 0;
    for (const b of bad) {
      out.push(...relex(t, from, b.at, lexer, errors));
      errors.push({
        offset: t.startOffset + b.at, length: b.length, line: t.startLine, column: (t.startColumn ?? 1) + b.at,
        message: `unexpected character ${t.image.slice(b.at, b.at + b.length)}`,
      });
      from = b.at + b.length;
    }
    out.push(...relex(t, from, t.image.length, lexer, errors));
  }
  errors.sort((a, b) => a.offset - b.offset);
  return out;
}

/** Where a name holds a character names may not have (a digit may not come first either: `²` is a
 *  digit of no decimal value, so it is refused everywhere but after a letter). */
function badCharacters(image: string): { at: number; length: number }[] {
  const bad: { at: number; length: number }[] = [];
  let at = 0;
  let start = true;
  for (const ch of image) {
    const ok: boolean = start ? NAME_START.test(ch) || /[A-Za-z0-9]/.test(ch) : NAME_CHARACTER.test(ch);
    if (!ok) bad.push({ at, length: ch.length });
    start = !ok;
    at += ch.length;
  }
  return bad;
}

/** The part [from, to) of a token's text, lexed again, at its place in the file. */
function relex(t: IToken, from: number, to: number, lexer: Lexer, errors: ILexingError[]): IToken[] {
  if (to <= from) return [];
  const piece = lexer.tokenize(t.image.slice(from, to));
  for (const e of piece.errors) errors.push({ ...e, offset: e.offset + t.startOffset + from, line: t.startLine, column: (t.startColumn ?? 1) + from + (e.column ?? 1) - 1 });
  return piece.tokens.map((p) => {
    const moved: IToken = {
      ...p,
      startOffset: p.startOffset + t.startOffset + from,
      endOffset: (p.endOffset ?? p.startOffset) + t.startOffset + from,
      startLine: t.startLine, endLine: t.startLine,
      startColumn: (p.startColumn ?? 1) + (t.startColumn ?? 1) + from - 1,
      endColumn: (p.endColumn ?? 1) + (t.startColumn ?? 1) + from - 1,
    };
    return moved.tokenType === Identifier ? withImage(moved, moved.image.normalize('NFC')) : moved;
  });
}

function withImage(t: IToken, image: string): IToken {
  if (image !== t.image) t.image = image;
  return t;
}
