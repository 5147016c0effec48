// Tokens of the rules language. Keywords are reserved words matched before identifiers
// (`longer_alt` keeps `format` from lexing as the keyword `for` + `mat`).
import { createToken, Lexer, type TokenType } from 'chevrotain';

// Names may use any letter of any script (`crianças`, `año_escolar`), digits after the first character,
// `_`, and combining marks (an `ç` typed as `c` + U+0327). The token takes every non-ASCII character
// (a plain range Chevrotain can optimise; `\p{L}` it cannot, and lexing was 4× slower), and parse.ts
// then refuses what is not a letter, mark or digit and normalises names to NFC, so the two spellings of
// `ç` are one name.
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*/, label: 'a name' });
/** What a name may be made of (checked on names with non-ASCII characters). */
export const NAME_CHARACTER = /[\p{L}\p{M}\p{N}_]/u;

/** Keywords by their spelling; the parser reaches them as `keywordTokens.program`, … */
function keyword(word: string): TokenType {
  // Named by the word itself, so CST children read `c.assumption`, `c.each`, …
  return createToken({ name: word, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier, label: `\`${word}\`` });
}

export const KEYWORDS = [
  'program', 'country', 'currency', 'source', 'assumption', 'in', 'force', 'from', 'until', 'extends',
  'parameter', 'date', 'table', 'granularity', 'otherwise', 'for', 'each', 'as', 'where', 'let',
  'eligible', 'when', 'all', 'any', 'none', 'of', 'benefit', 'per', 'once', 'score', 'outcome',
  'if', 'then', 'else', 'and', 'or', 'not', 'is', 'known', 'unknown', 'true', 'false', 'null', 'sum',
  'example', 'expect', 'property', 'paid', 'component',
  'language', 'translation',
  'cannot', 'change',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const keywordTokens = Object.fromEntries(KEYWORDS.map((w) => [w, keyword(w)])) as Record<Keyword, TokenType>;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
// Comments are kept on a side channel so the formatter can put them back.
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\n]|\\.)*"/, label: 'a "quoted text"' });
// An unterminated string is a token of its own so the parser can say exactly what is wrong.
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n]|\\.)*/, label: 'an unterminated "text' });
export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}/, label: 'a date (YYYY-MM-DD)' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, label: 'a number' });
// `bo/mped`, `br/bolsa-escola-df`, optionally pinned `@sha256:…`.
export const ProgramId = createToken({
  name: 'ProgramId',
  pattern: /[a-z]{2}\/[a-z0-9]+(?:-[a-z0-9]+)*(?:@[A-Za-z0-9:._-]+)?/,
  label: 'a program id like bo/mped',
});

const punct = (name: string, pattern: RegExp, label: string) => createToken({ name, pattern, label: `\`${label}\`` });
export const Arrow = punct('Arrow', /=>/, '=>');
export const LessEq = punct('LessEq', /<=/, '<=');
export const GreaterEq = punct('GreaterEq', />=/, '>=');
export const NotEq = punct('NotEq', /!=/, '!=');
export const Less = punct('Less', /</, '<');
export const Greater = punct('Greater', />/, '>');
export const Equals = punct('Equals', /=/, '=');
export const DotDotLess = punct('DotDotLess', /\.\.</, '..<');
export const DotDot = punct('DotDot', /\.\./, '..');
export const Dot = punct('Dot', /\./, '.');
export const Plus = punct('Plus', /\+/, '+');
export const Minus = punct('Minus', /-/, '-');
export const Star = punct('Star', /\*/, '*');
export const Slash = punct('Slash', /\//, '/');
export const Colon = punct('Colon', /:/, ':');
export const Comma = punct('Comma', /,/, ',');
export const LBrace = punct('LBrace', /\{/, '{');
export const RBrace = punct('RBrace', /\}/, '}');
export const LParen = punct('LParen', /\(/, '(');
export const RParen = punct('RParen', /\)/, ')');
export const LBracket = punct('LBracket', /\[/, '[');
export const RBracket = punct('RBracket', /\]/, ']');

export const allTokens: TokenType[] = [
  WhiteSpace, Comment, StringLiteral, UnterminatedString, DateLiteral, NumberLiteral, ProgramId,
  ...KEYWORDS.map((w) => keywordTokens[w]),
  Identifier,
  Arrow, LessEq, GreaterEq, NotEq, Less, Greater, Equals, DotDotLess, DotDot, Dot,
  Plus, Minus, Star, Slash, Colon, Comma, LBrace, RBrace, LParen, RParen, LBracket, RBracket,
];

/** Set to true by the CLI build (scripts/build.ts) after it has built this lexer once with Chevrotain's
 *  token validations on (as for the parser: see dsl/parser.ts). */
declare const __ELIG_GRAMMAR_VALIDATED__: boolean | undefined;
const TOKENS_VALIDATED = typeof __ELIG_GRAMMAR_VALIDATED__ !== 'undefined' && __ELIG_GRAMMAR_VALIDATED__;

let built: Lexer | undefined;

/** The lexer, built on first use: building it analyses every token pattern (tens of milliseconds), which
 *  a command reading only precomputed parses (dsl/stored-parses.ts) never needs. */
export function theLexer(): Lexer {
  built ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false, skipValidations: TOKENS_VALIDATED });
  return built;
}
