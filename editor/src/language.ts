// The `elig` language for Monaco: Monarch colouring, brackets, `#` comments and a theme.
// Keywords come from the real lexer so colouring never disagrees with the parser.
import { KEYWORDS } from '../../dsl/lexer';
import { OPERATIONS } from '../../ops/registry';
import { monaco } from './monaco';

export const LANGUAGE_ID = 'elig';

export const BUILTIN_NAMES = ['household', 'head', 'spouse', 'members', 'evaluation_date'];
/** Aggregates and `eligible(…)` are syntax; every other function comes from the operations registry. */
export const FUNCTIONS = ['count', 'sum', 'min', 'max', 'any', 'all', 'eligible', ...OPERATIONS.map((e) => e.name)]
  .filter((n, i, all) => all.indexOf(n) === i);
export const UNITS = [
  'BRL', 'BOB', 'PEN', 'USD', 'kWh', 'person', 'persons', 'year', 'years', 'month', 'bimonth', 'day',
  'point', 'points', 'checkup', 'checkups', 'room', 'rooms', 'km', 'grade', 'number',
];

const languageConfiguration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [['{', '}'], ['(', ')'], ['[', ']']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [{ open: '{', close: '}' }, { open: '(', close: ')' }, { open: '"', close: '"' }],
  wordPattern: /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?/,
  indentationRules: { increaseIndentPattern: /\{\s*(#.*)?$/, decreaseIndentPattern: /^\s*\}/ },
  folding: { markers: { start: /\{\s*(#.*)?$/, end: /^\s*\}/ } },
};

const monarch: monaco.languages.IMonarchLanguage & Record<string, unknown> = {
  defaultToken: '',
  keywords: [...KEYWORDS],
  builtins: BUILTIN_NAMES,
  functions: FUNCTIONS,
  units: UNITS,
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/"/, 'string', '@string'],
      [/[a-z]{2}\/[a-z0-9]+(?:-[a-z0-9]+)*(?:@[A-Za-z0-9:._-]+)?/, 'type.programid'],
      [/\d{4}-\d{2}-\d{2}/, 'number.date'],
      [/\d+(?:\.\d+)?/, 'number'],
      [
        /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*/,
        {
          cases: {
            '@keywords': 'keyword',
            '@builtins': 'variable.predefined',
            '@functions': 'support.function',
            '@units': 'type.unit',
            '@default': 'identifier',
          },
        },
      ],
      [/[{}()[\]]/, '@brackets'],
      [/=>|<=|>=|!=|\.\.<|\.\.|[<>=+\-*/:]/, 'operator'],
      [/[.,]/, 'delimiter'],
      [/\s+/, 'white'],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
  },
};

let registered = false;

export function registerLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.elig'], aliases: ['elig', 'Eligibility rules'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarch);

  // A tiny JSON colouring for the household editor (Monaco's own JSON support needs a worker we skip).
  monaco.languages.register({ id: 'household-json' });
  monaco.languages.setLanguageConfiguration('household-json', {
    brackets: [['{', '}'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"' }],
  });
  monaco.languages.setMonarchTokensProvider('household-json', {
    tokenizer: {
      root: [
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'type.key'],
        [/"(?:[^"\\]|\\.)*"/, 'string'],
        [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
        [/\b(?:true|false|null)\b/, 'keyword'],
        [/[{}[\]]/, '@brackets'],
      ],
    },
  });

  monaco.editor.defineTheme('elig-light', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '7a3e9d', fontStyle: 'bold' },
      { token: 'comment', foreground: '6a737d', fontStyle: 'italic' },
      { token: 'string', foreground: '22863a' },
      { token: 'string.escape', foreground: '116329' },
      { token: 'number', foreground: '005cc5' },
      { token: 'number.date', foreground: 'b35900' },
      { token: 'type.programid', foreground: 'c2185b', fontStyle: 'underline' },
      { token: 'type.unit', foreground: '0b7285' },
      { token: 'type.key', foreground: '24292e' },
      { token: 'variable.predefined', foreground: 'd73a49' },
      { token: 'support.function', foreground: '6f42c1' },
      { token: 'operator', foreground: 'a0522d' },
    ],
    colors: {},
  });
}
