// Which other programs a ruleset reads, from its syntax tree (the parser's ProgramRef nodes: `extends`,
// `eligible(…)`, `agrees with`) or from the checker's record — never from a regular expression over the
// text, which would also match comments and strings.
import type { ProgramRef, RulesetFile } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';

/** Every program reference in the tree except the header's own id, in source order, without repeats
 *  (a reference keeps its pin, `pe/juntos@sha256:…`, when the text has one). */
export function programReferences(ast: RulesetFile | undefined): string[] {
  const found: string[] = [];
  const own = ast?.program?.programId;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 2000 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const n = node as { kind?: unknown };
    if (n.kind === 'ProgramRef' && node !== own) {
      const ref = node as ProgramRef;
      const text = ref.version ? `${ref.programId}@${ref.version}` : ref.programId;
      if (ref.programId && !found.includes(text)) found.push(text);
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'range') visit(value, depth + 1);
  };
  visit(ast, 0);
  return found;
}

/** The programs a checked ruleset reads: what it extends and what it reads with `eligible(…)`. */
export function checkedDependencies(checked: CheckedRuleset): string[] {
  const base = checked.ast.program?.extends?.programId;
  return [...new Set([...(base ? [base] : []), ...checked.programDependencies])];
}
