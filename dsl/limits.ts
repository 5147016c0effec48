// The bounds every stage relies on. The parser refuses text that nests deeper than MAX_NESTING (each
// `(`, `not`, unary `-`, `if`, `all of {` and JSON `{`/`[` is a level) and expressions whose tree is
// deeper than MAX_EXPRESSION_DEPTH (long chains such as `a + b + …` are that deep: the tree is
// left-nested). Whatever passes the parser is therefore shallow enough for the recursive stages after
// it (checker, formatter, variants, interpreter, compiler, explanations) on any JavaScript stack.
// Numbers beyond MAX_NUMBER are refused by the checker: the engine computes exactly only within it.

/** Nesting levels the parser accepts (parentheses, `not`, unary `-`, `if`, condition groups, JSON). */
export const MAX_NESTING = 100;

/** Depth of an expression's tree (a chain of n operations is n deep). */
export const MAX_EXPRESSION_DEPTH = 500;

/** The largest magnitude of a number in a ruleset: the engine's exact decimal range (engine/values.ts). */
export const MAX_NUMBER = 1_000_000_000;

/** `MAX_NUMBER` as people read it. */
export const MAX_NUMBER_TEXT = '1,000,000,000';

export const TOO_DEEP = 'E-TOO-DEEP';

export const nestingMessage = () =>
  `this expression nests deeper than ${MAX_NESTING} levels (parentheses, \`not\`, \`-\`, \`if\`, \`all of {\`); ` +
  'split it with `let`';

export const depthMessage = () =>
  `this expression is more than ${MAX_EXPRESSION_DEPTH} operations deep (a chain such as \`a + b + …\` of that ` +
  'many terms, or nesting); split it into several `let`s';
