// Reading declarations for completion and hover: from the last parsed AST when there is one, and from
// the raw text (so names just typed are offered even while the file does not parse).
import type { DatedValue, ParameterDecl, RulesetFile, TableDecl, UnitExpr, DateTypeExpr } from '../../dsl/ast';

export interface TextDecls {
  parameters: Map<string, string>; // name → type as written
  lets: Map<string, string>; // name → expression as written (first line)
  tables: Map<string, string>; // name → result unit
  aliases: Set<string>; // subject alias and aggregate binders
}

export function scanText(text: string): TextDecls {
  const decls: TextDecls = { parameters: new Map(), lets: new Map(), tables: new Map(), aliases: new Set() };
  const code = text.replace(/#[^\n]*/g, '');
  for (const m of code.matchAll(/\bparameter\s+([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)\s*:\s*([^=\n]*)/g)) decls.parameters.set(m[1]!, m[2]!.trim());
  for (const m of code.matchAll(/\blet\s+([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)\s*=\s*([^\n]*)/g)) decls.lets.set(m[1]!, m[2]!.trim());
  for (const m of code.matchAll(/\btable\s+([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)\s*:\s*([^({\n]*)/g)) decls.tables.set(m[1]!, m[2]!.replace(/\b(source|assumption)\b.*$/, '').trim());
  for (const m of code.matchAll(/\bas\s+([A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)/g)) decls.aliases.add(m[1]!);
  return decls;
}

export function unitText(type: UnitExpr | DateTypeExpr): string {
  if (type.kind === 'DateTypeExpr') return 'date';
  const num = type.numerator.map((n) => n.text).join(' ') || (type.denominators.length ? '1' : 'number');
  return [num, ...type.denominators.map((d) => d.text)].join(' per ');
}

export function findParameter(ast: RulesetFile | undefined, name: string): ParameterDecl | undefined {
  return ast?.declarations.find((d): d is ParameterDecl => d.kind === 'ParameterDecl' && d.name.text === name);
}

export function findTable(ast: RulesetFile | undefined, name: string): TableDecl | undefined {
  return ast?.declarations.find((d): d is TableDecl => d.kind === 'TableDecl' && d.name.text === name);
}

export type InForce =
  | { kind: 'value'; value: DatedValue; next: DatedValue | undefined }
  | { kind: 'not-in-force'; reason: string };

/** The value of a parameter in force on `date` (ISO): the last `from` on or before it, ended by `until`. */
export function valueInForce(decl: ParameterDecl, date: string): InForce {
  const values = [...decl.values].sort((a, b) => (a.from?.text ?? '').localeCompare(b.from?.text ?? ''));
  if (decl.until && date > decl.until.text) return { kind: 'not-in-force', reason: `ended ${decl.until.text}` };
  let current: DatedValue | undefined;
  let next: DatedValue | undefined;
  for (const v of values) {
    if (!v.from || v.from.text <= date) current = v;
    else {
      next = v;
      break;
    }
  }
  if (!current) return { kind: 'not-in-force', reason: `first in force ${values[0]?.from?.text ?? '?'}` };
  return { kind: 'value', value: current, next };
}

export function literalText(v: DatedValue['value']): string {
  if (v.kind === 'DateLiteral') return v.text;
  return v.text + (v.unit ? ` ${unitText(v.unit)}` : '');
}
