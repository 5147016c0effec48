// Hover: a parameter's value in force on the Try-it date (with its source or assumption),
// a field's description, a let's definition, a table's rows.
import type { ParameterDecl, TableDecl } from '../../dsl/ast';
import { findParameter, findTable, literalText, scanText, unitText, valueInForce } from './declarations';
import { findField } from './fields';
import { LANGUAGE_ID } from './language';
import { monaco } from './monaco';
import { state } from './state';

export function parameterHover(decl: ParameterDecl, date: string): string[] {
  const lines = [`**parameter** \`${decl.name.text}\`: ${unitText(decl.type)}`];
  const inForce = valueInForce(decl, date);
  if (inForce.kind === 'value') {
    const p = inForce.value.provenance;
    lines.push(`In force on ${date}: **${literalText(inForce.value.value)}**` + (inForce.value.from ? ` (from ${inForce.value.from.text})` : ''));
    if (p?.type === 'source') lines.push(`Source: ${p.text}`);
    else if (p?.type === 'assumption') lines.push(`⚠ Assumption: ${p.text}`);
    else lines.push('⚠ No source or assumption given.');
  } else {
    lines.push(`**Not in force** on ${date} (${inForce.reason}): a decision that needs it is undetermined.`);
  }
  if (decl.values.length > 1 || decl.until) {
    const history = decl.values.map((v) => `- from ${v.from?.text ?? 'always'}: ${literalText(v.value)}${v.provenance ? ` — ${v.provenance.type} “${v.provenance.text}”` : ''}`);
    if (decl.until) history.push(`- until ${decl.until.text}`);
    lines.push(history.join('\n'));
  }
  return lines;
}

function tableHover(decl: TableDecl, text: string): string[] {
  const rows = decl.rows.map((r) => `- \`${text.slice(r.range.start.offset, r.range.end.offset).replace(/\s+/g, ' ')}\``);
  const provenance = decl.provenance.map((p) => (p.type === 'source' ? `Source: ${p.text}` : `⚠ Assumption: ${p.text}`));
  return [`**table** \`${decl.name.text}\` → ${unitText(decl.resultUnit)}`, ...provenance, rows.slice(0, 20).join('\n') + (rows.length > 20 ? '\n- …' : '')];
}

export function provideHover(model: monaco.editor.ITextModel, position: monaco.Position): monaco.languages.Hover | undefined {
  const word = model.getWordAtPosition(position);
  if (!word) return undefined;
  const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
  const line = model.getLineContent(position.lineNumber);
  const chain = /([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*(?:\.[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)*)$/.exec(line.slice(0, word.endColumn - 1))?.[1] ?? word.word;
  const parts = chain.split('.');
  const text = model.getValue();
  const decls = scanText(text);
  const ast = state.analysis?.ast;
  let contents: string[] | undefined;

  if (parts.length > 1) {
    const owner = parts[0] === 'household' ? 'household' : 'member';
    const path = parts.slice(1).join('.');
    const field = findField(owner, path);
    if (field) contents = [`**${owner === 'household' ? 'household' : 'member'} field** \`${path}\`: ${field.type}`, field.description ?? ''];
    else contents = [`Unknown ${owner} field \`${path}\``];
  } else {
    const name = word.word;
    const param = findParameter(ast, name);
    const table = findTable(ast, name);
    if (param) contents = parameterHover(param, state.evalDate);
    else if (table) contents = tableHover(table, state.analysis?.text ?? text);
    else if (decls.lets.has(name)) contents = [`**let** \`${name}\` = \`${decls.lets.get(name)}\``];
    else if (decls.parameters.has(name)) contents = [`**parameter** \`${name}\`: ${decls.parameters.get(name)}`];
  }
  if (!contents) return undefined;
  return { range, contents: contents.filter(Boolean).map((value) => ({ value })) };
}

export function registerHover(): void {
  monaco.languages.registerHoverProvider(LANGUAGE_ID, { provideHover: (model, position) => provideHover(model, position) });
}
