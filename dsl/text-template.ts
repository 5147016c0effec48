// Labels that show a parameter's value: `"per-capita income at most {income_limit}"`. A label is cut into
// literal text and `{name}` references; `{{` and `}}` are a literal brace, and a brace around anything
// that is no name (`{}`, `{ 1 }`, a lone `{`) is text as it always was. Pure: the checker uses it to
// report mistakes at their column, lowering to build the IR's TextTemplate (engine/ir/types.ts).

export type TemplatePart = string | { param: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Each `{name}` with its index in the (unquoted) text and its length, for checking the name. */
  references: { name: string; at: number; length: number }[];
}

// A name like the lexer's (dsl/lexer.ts); what is not one stays literal text.
const NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_]*$/u;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const references: ParsedTemplate['references'] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      literal += ch;
      i++;
      continue;
    }
    const close = ch === '{' ? text.indexOf('}', i + 1) : -1;
    const inner = close > 0 ? text.slice(i + 1, close).trim().normalize('NFC') : '';
    // Only `{name}` is a reference: any other brace is text, as labels were before templates.
    if (close < 0 || !NAME.test(inner)) {
      literal += ch;
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ param: inner });
    references.push({ name: inner, at: i, length: close - i + 1 });
    i = close;
  }
  if (literal) parts.push(literal);
  return { parts, references };
}

/** The text with every reference written back as `{name}` (for messages and tests). */
export function templateSource(parts: readonly TemplatePart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p.replace(/[{}]/g, (b) => b + b) : `{${p.param}}`)).join('');
}
