// Parses computed ahead of time. Here (tests, the editor, the server) there are none: every text is
// parsed. The CLI bundle replaces this module (scripts/build.ts) with one that looks a text up by its
// SHA-256 among the shipped rulesets parsed at build time, so `elig eval bo/mped …` neither builds
// Chevrotain's lexer and parser nor parses; any other text (an edited file, a draft) misses and is parsed.
import type { ParseResult } from './parse-result';

/** The parse of `text` made at build time, a fresh copy the caller may change; undefined when none. */
export function storedParse(_text: string): ParseResult | undefined {
  return undefined;
}
