// What parsing a text gives: the AST, its diagnostics and its comments (dsl/parse.ts makes it; the CLI
// bundle's stored parses hold it ready, dsl/stored-parses.ts).
import type { Range, RulesetFile } from './ast';
import type { Diagnostic } from './diagnostics';

export interface ParseResult {
  ast: RulesetFile;
  diagnostics: Diagnostic[];
  /** Comments with their ranges, for the formatter (they are not part of the AST). */
  comments: { text: string; range: Range }[];
}
