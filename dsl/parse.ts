// Text → AST with every lexical and syntax error as a Diagnostic. Never throws.
import { EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { AstBuilder, tokenRange } from './build-ast';
import { diagnostic, type Diagnostic } from './diagnostics';
import { closest } from './suggest';
import { Identifier, KEYWORDS, theLexer, UnterminatedString } from './lexer';
import { limitExpressionDepth } from './depth';
import { TOO_DEEP } from './limits';
import { DECLARATION_STARTS, theParser, TOO_DEEP_MARK } from './parser';
import type { ParseResult } from './parse-result';
import { storedParse } from './stored-parses';
import { checkUnicodeNames } from './unicode-names';

export type { ParseResult } from './parse-result';

export function parse(text: string): ParseResult {
  return storedParse(text) ?? parseText(text);
}

function parseText(text: string): ParseResult {
  const lexer = theLexer();
  const parser = theParser();
  const lexed = lexer.tokenize(text);
  const lexedTokens = checkUnicodeNames(lexed.tokens, lexed.errors, lexer);
  const diagnostics: Diagnostic[] = lexed.errors.map((e) => lexingDiagnostic(e, text));
  const tokens = lexedTokens.filter((t) => {
    if (t.tokenType !== UnterminatedString) return true;
    diagnostics.push(
      diagnostic('E-SYNTAX', 'error', tokenRange(t), 'this text is missing its closing quote `"` before the end of the line.'),
    );
    return false;
  });
  // An unterminated string swallows the rest of its line; complaints at the end of the file follow from it.
  const lostToUnterminatedString = tokens.length < lexedTokens.length;
  const before = (t: IToken) => tokens[tokens.indexOf(t) - 1];
  const builder = new AstBuilder();
  parser.input = tokens;
  const ast = builder.rulesetFile(parser.rulesetFile());
  let errors = parser.errors;
  // Chevrotain stops at text that starts no declaration (a misspelt keyword, say). Report it once,
  // skip to the next declaration keyword and go on, so later mistakes are reported in the same pass.
  for (;;) {
    const stop = errors.find((e) => e.name === 'NotAllInputParsedException');
    for (const e of errors) {
      if (lostToUnterminatedString && e.token.tokenType === EOF) continue;
      // After a character the lexer rejected, the rest of that line rarely parses: one error is enough.
      if (lexed.errors.some((l) => l.line === e.token.startLine && l.offset < e.token.startOffset)) continue;
      diagnostics.push(syntaxDiagnostic(e, before));
    }
    if (!stop) break;
    const from = tokens.indexOf(stop.token);
    const resume = tokens.findIndex((t, i) => i > from && DECLARATION_STARTS.includes(t.tokenType));
    if (from < 0 || resume < 0) break;
    parser.input = tokens.slice(resume);
    ast.declarations.push(...builder.declarations(parser.declarations()));
    errors = parser.errors;
  }
  // A chain the parser already cut short is also too deep as a tree: one report of it is enough.
  const cut = diagnostics.filter((d) => d.code === TOO_DEEP).map((d) => d.range.start.offset);
  diagnostics.push(...builder.diagnostics, ...limitExpressionDepth(ast, cut));
  const comments = (lexed.groups.comments ?? []).map((t: IToken) => ({ text: t.image, range: tokenRange(t) }));
  return { ast, diagnostics, comments };
}

/** Operators people bring from other languages, and what to write instead. */
const FOREIGN_OPERATORS: Record<string, string> = {
  '&&': 'and', '||': 'or', '!': 'not', '==': '=', '&': 'and', '|': 'or',
  '×': '*', '÷': '/', '≤': '<=', '≥': '>=', '≠': '!=', '−': '-', '–': '-', '—': '-',
};

function lexingDiagnostic(e: ILexingError, text: string): Diagnostic {
  const ch = text.slice(e.offset, e.offset + e.length);
  const start = { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset };
  const end = { line: start.line, column: start.column + e.length, offset: e.offset + e.length };
  const instead = FOREIGN_OPERATORS[ch];
  const hint = instead ? { hint: `write \`${instead}\`` } : {};
  return diagnostic('E-CHARACTER', 'error', { start, end }, `\`${ch}\` is not part of the language.`, hint);
}

function syntaxDiagnostic(e: IRecognitionException, tokenBefore: (t: IToken) => IToken | undefined): Diagnostic {
  // A token inserted by recovery has no position: report at the previous real token instead.
  // Recovery may insert a virtual token with no position: report at the token before it instead.
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const token = Number.isFinite(e.token.startOffset) ? e.token : previous;
  const range = tokenRange(token && Number.isFinite(token.startOffset) ? token : previous);
  // `eligble when …`: the misspelt keyword was read as a name and the parser stopped at the next word.
  const hint =
    keywordTypoHint(e.token) ??
    (e.name === 'NotAllInputParsedException' ? keywordTypoHint(tokenBefore(e.token)) : undefined);
  if ((e as unknown as Record<symbol, boolean>)[TOO_DEEP_MARK]) return diagnostic(TOO_DEEP, 'error', range, e.message);
  const code = e.message.includes('never closed') ? 'E-UNCLOSED-BLOCK' : hint ? 'E-UNKNOWN-KEYWORD' : 'E-SYNTAX';
  return diagnostic(code, 'error', range, lowerFirst(e.message), hint ? { hint } : {});
}

/** Messages read as the tail of `file:line:col: error: …`, like every other diagnostic. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `parmeter` where a keyword was expected → "did you mean `parameter`?" */
function keywordTypoHint(token: IToken | undefined): string | undefined {
  if (!token || token.tokenType !== Identifier) return undefined;
  const best = closest(token.image, KEYWORDS);
  return best ? `did you mean \`${best}\`?` : undefined;
}
