// The formatter's law on generated rulesets: format then parse gives back the same tree, and formatting
// is idempotent. The generator (test/engine/arbitraries.ts) writes random well-typed rulesets as text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from '../../dsl/format';
import { parse } from '../../dsl/parse';
import { rulesetArb } from '../engine/arbitraries';
import { withoutPositions } from './ast-equality';

describe('format ∘ parse', () => {
  it('parse(format(parse(x))) is parse(x), and format is idempotent, on generated rulesets', () => {
    fc.assert(
      fc.property(rulesetArb, (r) => {
        const first = parse(r.source);
        expect(first.diagnostics).toEqual([]);
        const formatted = format(first.ast, first.comments);
        const second = parse(formatted);
        expect(second.diagnostics).toEqual([]);
        expect(withoutPositions(second.ast)).toEqual(withoutPositions(first.ast));
        expect(format(second.ast, second.comments)).toBe(formatted);
      }),
      { numRuns: Number(process.env.FORMAT_PROPERTY_RUNS ?? 200) },
    );
  });
});
