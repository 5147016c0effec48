// Syntax errors in words a policy designer understands, instead of Chevrotain's token-type names.
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** What each grammar rule is, for "expected …" messages. */
const RULE_WORDS: Record<string, string> = {
  rulesetFile: 'a declaration',
  declaration: 'a declaration (parameter, table, for, let, eligible, benefit, score, outcome, example or property)',
  programHeader: 'the program header',
  parameterDecl: 'a parameter value (`= 70 source "…"` or `from 2012-01-01 = 700 source "…"`)',
  datedValue: 'a value (`= 70`)',
  tableRow: 'a table row (`18..24 => 10`)',
  rangeOrNumber: 'a number or a range such as `18..24`',
  conditionItem: 'a condition (`"label": expression`) or a group (`all of { … }`)',
  conditionGroup: '`all of`, `any of` or `none of`',
  expression: 'an expression',
  primary: 'a value: a number, a date, a name, a text in quotes or `(`',
  unary: 'a value: a number, a date, a name, a text in quotes or `(`',
  postfix: 'a value: a number, a date, a name, a text in quotes or `(`',
  multiplicative: 'a value: a number, a date, a name, a text in quotes or `(`',
  additive: 'a value: a number, a date, a name, a text in quotes or `(`',
  comparison: 'a value: a number, a date, a name, a text in quotes or `(`',
  notExpr: 'an expression',
  andExpr: 'an expression',
  orExpr: 'an expression',
  subjectDecl: '`for household` or `for each member as <name>`',
  benefitDecl: 'a period: `per month`, `per bimonth`, `per year` or `once`',
  jsonValue: 'a JSON value',
  signedNumber: 'a number',
  unitExpr: 'a unit such as `BOB per month`',
};

export function tokenWords(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  const label = (type as { LABEL?: string }).LABEL;
  return label ?? type.name;
}

export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  return `\`${token.image}\``;
}

function expectedFromPaths(paths: TokenType[][][] | TokenType[][]): string {
  const firsts = new Set<string>();
  for (const alt of paths as unknown[]) {
    for (const path of alt as TokenType[][] | TokenType[]) {
      const first = Array.isArray(path) ? path[0] : path;
      if (first) firsts.add(tokenWords(first));
    }
  }
  const list = [...firsts];
  if (list.length === 0) return 'more text';
  if (list.length <= 6) return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
  return `one of ${list.slice(0, 6).join(', ')}, …`;
}

function unexpectedAtTopLevel(token: IToken): string {
  return `Unexpected ${describeFound(token)}: a declaration starts with \`parameter\`, \`table\`, \`for\`, \`let\`, \`eligible\`, \`benefit\`, \`score\`, \`outcome\`, \`paid\`, \`component\`, \`example\` or \`property\`.`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected.name === 'RBrace' && actual.tokenType === EOF) {
      return 'A block opened with `{` is never closed: add `}` before the end of the file.';
    }
    if (expected === EOF) return unexpectedAtTopLevel(actual);
    return `Expected ${tokenWords(expected)} here, but found ${describeFound(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return unexpectedAtTopLevel(firstRedundant);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? expectedFromPaths(expectedPathsPerAlt);
    return `Expected ${what} here, but found ${describeFound(actual[0]!)}.`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? expectedFromPaths(expectedIterationPaths);
    return `Expected ${what} here, but found ${describeFound(actual[0]!)}.`;
  },
};
