// The formatter's laws on real text: parse(format(x)) is the same AST as parse(x), format is idempotent,
// and comments survive. (Generated rulesets are covered in test/dsl/format.property.test.ts.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { format } from '../../dsl/format';
import { parse } from '../../dsl/parse';
import { findRulesetFiles } from '../../cli/ruleset-files';
import { withoutPositions } from './ast-equality';

// Files with syntax errors are left out: `elig fmt` refuses them (test/cli), since the parser lost text.
const files = [...findRulesetFiles(['rulesets']), ...findRulesetFiles(['test/golden/diagnostics'])].filter(
  (file) => !parse(readFileSync(file, 'utf8')).diagnostics.some((d) => d.severity === 'error'),
);

describe.each(files)('%s', (file) => {
  const text = readFileSync(file, 'utf8');
  const first = parse(text);

  it('formats to text that parses to the same AST, and formats to itself', () => {
    const formatted = format(first.ast, first.comments);
    const second = parse(formatted);
    expect(second.diagnostics.filter((d) => d.severity === 'error' && d.code.startsWith('E-SYNTAX'))).toEqual([]);
    expect(withoutPositions(second.ast)).toEqual(withoutPositions(first.ast));
    expect(format(second.ast, second.comments)).toBe(formatted);
  });

  it('keeps every comment', () => {
    const formatted = format(first.ast, first.comments);
    for (const c of first.comments) expect(formatted).toContain(c.text.trimEnd());
  });
});

describe('shipped rulesets', () => {
  it.each(findRulesetFiles(['rulesets']))('%s is in canonical layout (`elig fmt` leaves it unchanged)', (file) => {
    const text = readFileSync(file, 'utf8');
    const parsed = parse(text);
    expect(format(parsed.ast, parsed.comments)).toBe(text);
  });
});
