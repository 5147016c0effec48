// Completion: keywords, fields (with their descriptions), enum values after `is` / `in {`,
// parameters, lets, tables and built-ins.
import { KEYWORDS } from '../../dsl/lexer';
import { findParameter, literalText, scanText, unitText, valueInForce } from './declarations';
import { fieldsUnder, findField, type FieldInfo } from './fields';
import { BUILTIN_NAMES, FUNCTIONS, LANGUAGE_ID, UNITS } from './language';
import { monaco } from './monaco';
import { state } from './state';

type Item = monaco.languages.CompletionItem;
const Kind = monaco.languages.CompletionItemKind;

const BUILTIN_DOCS: Record<string, string> = {
  household: 'The household record being evaluated.',
  head: 'The first member whose relationship is `head` (unknown when there is none).',
  spouse: 'The first member whose relationship is `spouse` (unknown when there is none).',
  members: 'The list of members, for `count(members …)`, `sum(members as m: …)` and the other aggregates.',
  evaluation_date: 'The date the decision is made for.',
};

const SNIPPETS: { label: string; insert: string; doc: string }[] = [
  { label: 'parameter (dated)', insert: 'parameter ${1:name}: ${2:BOB per month}\n  from ${3:2012-01-01} = ${4:0} source "${5:citation}"', doc: 'A parameter with dated values.' },
  { label: 'table', insert: 'table ${1:name}: ${2:point} source "${3:citation}" {\n  ${4:..25} => ${5:0}\n  otherwise => ${6:0}\n}', doc: 'A lookup table with bands.' },
  { label: 'eligible when all of', insert: 'eligible when all of {\n  "${1:label}": ${2:condition}\n}', doc: 'The eligibility condition.' },
  { label: 'example', insert: 'example "${1:name}" {\n  date ${2:2013-06-30}\n  household { "id": "${3:H-1}", "members": [ { "id": "p1" } ] }\n  expect ${4:household} eligible = ${5:true}\n}', doc: 'A worked example, run by the Checks panel.' },
];

/** Which owner an expression like `youth` or `household.electricity` reads fields from. */
function ownerOf(head: string, aliases: Set<string>): 'household' | 'member' | undefined {
  if (head === 'household') return 'household';
  if (head === 'head' || head === 'spouse' || aliases.has(head)) return 'member';
  return undefined;
}

function fieldItem(f: FieldInfo, prefix: string, range: monaco.IRange): Item {
  const name = f.path.slice(prefix.length);
  return {
    label: { label: name, description: f.type.length > 40 ? f.type.slice(0, 40) + '…' : f.type },
    kind: f.isRecord ? Kind.Module : Kind.Field,
    detail: f.type,
    documentation: { value: f.description ?? (f.derived ? 'derived field' : 'household.schema.json') },
    insertText: name,
    range,
    sortText: '0' + name,
  };
}

function enumItems(field: FieldInfo | undefined, range: monaco.IRange): Item[] {
  return (field?.enumValues ?? []).map((value) => ({
    label: value,
    kind: Kind.EnumMember,
    detail: `${field!.path} value`,
    documentation: field!.description ? { value: field!.description } : undefined,
    insertText: value,
    range,
    sortText: '0' + value,
  }));
}

function resolvePath(chain: string, aliases: Set<string>): { owner: 'household' | 'member'; path: string } | undefined {
  const parts = chain.split('.');
  const owner = ownerOf(parts[0]!, aliases);
  if (!owner || parts.length < 2) return undefined;
  return { owner, path: parts.slice(1).join('.') };
}

export function provideCompletions(model: monaco.editor.ITextModel, position: monaco.Position): Item[] {
  const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  if (/#/.test(before.replace(/"(?:[^"\\]|\\.)*"/g, '')) || (before.match(/"/g)?.length ?? 0) % 2 === 1) return [];
  const word = model.getWordUntilPosition(position);
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const decls = scanText(model.getValue());

  // `youth.employment is |`, `x is not |`
  const isMatch = /([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*(?:\.[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)+)\s+is\s+(not\s+)?[A-Za-z0-9_\u00C0-\uFFFF]*$/.exec(before);
  if (isMatch) {
    const target = resolvePath(isMatch[1]!, decls.aliases);
    const field = target && findField(target.owner, target.path);
    const extra: Item[] = ['known', 'unknown', ...(isMatch[2] ? [] : ['not'])].map((k) => ({
      label: k, kind: Kind.Keyword, insertText: k, range, sortText: '1' + k,
    }));
    return [...enumItems(field, range), ...extra];
  }
  // `youth.secondary_school_type in {public, |`
  const inMatch = /([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*(?:\.[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)+)\s+(?:not\s+)?in\s*\{[^}]*$/.exec(before);
  if (inMatch) {
    const target = resolvePath(inMatch[1]!, decls.aliases);
    return enumItems(target && findField(target.owner, target.path), range);
  }
  // `household.electricity.|`, `youth.|`
  const dotMatch = /([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*(?:\.[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)*)\.[A-Za-z0-9_\u00C0-\uFFFF]*$/.exec(before);
  if (dotMatch) {
    const parts = dotMatch[1]!.split('.');
    const owner = ownerOf(parts[0]!, decls.aliases);
    if (!owner) return [];
    const prefix = parts.slice(1).map((p) => p + '.').join('');
    return fieldsUnder(owner, prefix).map((f) => fieldItem(f, prefix, range));
  }

  const items: Item[] = [];
  const ast = state.analysis?.ast;
  for (const [name, type] of decls.parameters) {
    const decl = findParameter(ast, name);
    const inForce = decl ? valueInForce(decl, state.evalDate) : undefined;
    items.push({
      label: { label: name, description: decl ? unitText(decl.type) : type },
      kind: Kind.Constant,
      detail: `parameter: ${decl ? unitText(decl.type) : type}`,
      documentation: inForce?.kind === 'value' ? { value: `= ${literalText(inForce.value.value)} on ${state.evalDate}` } : undefined,
      insertText: name,
      range,
      sortText: '1' + name,
    });
  }
  for (const [name, expr] of decls.lets) {
    items.push({ label: { label: name, description: 'let' }, kind: Kind.Variable, detail: `let ${name}`, documentation: { value: '`' + expr + '`' }, insertText: name, range, sortText: '1' + name });
  }
  for (const [name, unit] of decls.tables) {
    items.push({ label: { label: name, description: `table → ${unit}` }, kind: Kind.Struct, detail: `table: ${unit}`, insertText: name, range, sortText: '1' + name });
  }
  for (const alias of decls.aliases) {
    items.push({ label: { label: alias, description: 'member' }, kind: Kind.Variable, detail: 'a member', insertText: alias, range, sortText: '2' + alias });
  }
  for (const name of BUILTIN_NAMES) {
    items.push({ label: name, kind: Kind.Variable, detail: 'built-in', documentation: { value: BUILTIN_DOCS[name] ?? '' }, insertText: name, range, sortText: '2' + name });
  }
  for (const name of FUNCTIONS) {
    items.push({ label: name, kind: Kind.Function, detail: 'function', insertText: name, range, sortText: '3' + name });
  }
  for (const kw of KEYWORDS) {
    items.push({ label: kw, kind: Kind.Keyword, insertText: kw, range, sortText: '4' + kw });
  }
  for (const unit of UNITS) {
    items.push({ label: unit, kind: Kind.Unit, detail: 'unit', insertText: unit, range, sortText: '5' + unit });
  }
  for (const s of SNIPPETS) {
    items.push({
      label: s.label,
      kind: Kind.Snippet,
      documentation: s.doc,
      insertText: s.insert,
      insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
      range,
      sortText: '6' + s.label,
    });
  }
  return items;
}

export function registerCompletion(): void {
  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: ['.', ' ', '{', ','],
    provideCompletionItems(model, position, context) {
      const items = provideCompletions(model, position);
      // a space only triggers completion after `is` / `in {`; elsewhere it would be noise
      if (context.triggerCharacter === ' ' || context.triggerCharacter === ',' || context.triggerCharacter === '{') {
        const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
        if (!/\bis\s+(not\s+)?$|\bin\s*\{[^}]*$/.test(before)) return { suggestions: [] };
      }
      return { suggestions: items };
    },
  });
}
