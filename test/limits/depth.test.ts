// The depth bound (dsl/limits.ts): nothing the parser accepts is too deep for any later stage, and nothing
// deeper makes any stage throw — a too-deep text is one E-TOO-DEEP with its line and column.
import { describe, expect, it } from 'vitest';
import { analyse, format, parse } from '../../dsl';
import { MAX_EXPRESSION_DEPTH, MAX_NESTING, TOO_DEEP } from '../../dsl/limits';
import { evaluate, interpretHousehold, loadRuleset } from '../../engine';

const header = 'program bo/deep "Deep"\n  country BO\n  currency BOB\n';
const money = 'household.monthly_income';

/** Each way to nest, as the `let x = …` of a ruleset; `n` is the nesting the text asks for. */
const shapes: Record<string, (n: number) => string> = {
  parentheses: (n) => `let x = ${'('.repeat(n)}${money}${')'.repeat(n)}\neligible when "a": x > 0 BOB per month\n`,
  'unary minus': (n) => `let x = ${'-'.repeat(n)}${money}\neligible when "a": x < 0 BOB per month\n`,
  not: (n) => `let x = ${'not '.repeat(n)}(${money} > 0 BOB per month)\neligible when "a": x\n`,
  'if … then': (n) => `let x = ${'if true then '.repeat(n)}${money}${' else 0 BOB per month'.repeat(n)}\neligible when "a": x > 0 BOB per month\n`,
  'all of {': (n) => `eligible when ${'all of { '.repeat(n)}"a": ${money} > 0 BOB per month${' }'.repeat(n)}\n`,
  'a long sum': (n) => `let x = ${money}${' + 1 BOB per month'.repeat(n)}\neligible when "a": x > 0 BOB per month\n`,
  'a long field chain': (n) => `let x = ${money}${'.a'.repeat(n)}\neligible when "a": x\n`,
};

/** Whatever the text, every stage returns; the diagnostics are positioned. */
function runAllStages(text: string) {
  const parsed = parse(text);
  expect(() => format(parsed.ast, parsed.comments)).not.toThrow();
  const analysed = analyse(text);
  const loaded = loadRuleset('bo/deep', text);
  for (const d of [...parsed.diagnostics, ...analysed.diagnostics, ...loaded.diagnostics]) {
    expect(d.range.start.line).toBeGreaterThanOrEqual(1);
    expect(d.range.start.column).toBeGreaterThanOrEqual(1);
  }
  expect(loaded.diagnostics.map((d) => d.code)).not.toContain('E-INTERNAL');
  if (loaded.ruleset) {
    const household = { id: 'h', monthly_income: 100, members: [{ id: 'p', age: 30 }] };
    evaluate(loaded.ruleset, household, { date: '2020-01-01', explain: true });
    interpretHousehold(loaded.ruleset, household, { date: '2020-01-01', explain: true });
  }
  return { parsed, loaded };
}

describe('nesting and chains have a bound, reported as E-TOO-DEEP', () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(`${name}: just within the bound every stage runs; far beyond it one E-TOO-DEEP with line and column`, () => {
      const within = name === 'a long sum' ? MAX_EXPRESSION_DEPTH - 10 : name === 'a long field chain' ? MAX_EXPRESSION_DEPTH - 10 : MAX_NESTING - 5;
      const ok = runAllStages(header + shape(within));
      expect(ok.parsed.diagnostics.map((d) => d.code)).not.toContain(TOO_DEEP);
      for (const n of [within + 20, 5_000]) {
        const { parsed } = runAllStages(header + shape(n));
        const deep = parsed.diagnostics.filter((d) => d.code === TOO_DEEP);
        expect(deep, `${name} × ${n}`).toHaveLength(1);
        expect(deep[0]!.severity).toBe('error');
        expect(deep[0]!.range.start.line).toBe(4);
        expect(deep[0]!.message).toMatch(/split it/);
      }
    });
  }

  it('the shapes of the attack (250 parentheses, 2,000 `not`, 5,000 unary minus) never throw', () => {
    for (const text of [shapes.parentheses!(250), shapes.not!(2_000), shapes['if … then']!(2_000), shapes['all of {']!(2_000), shapes['unary minus']!(5_000)]) {
      expect(parse(header + text).diagnostics.some((d) => d.code === TOO_DEEP)).toBe(true);
    }
  });

  it('a sum of 5,000 terms checks without E-INTERNAL, and a sum of 300,000 is refused without a stack overflow', () => {
    const five = analyse(header + shapes['a long sum']!(5_000));
    expect(five.diagnostics.map((d) => d.code)).toEqual([TOO_DEEP]);
    const text = `${header}let x = 1${' +1'.repeat(300_000)}\neligible when "a": x > 0\n`;
    const huge = analyse(text);
    expect(huge.diagnostics.map((d) => d.code)).toEqual([TOO_DEEP]);
  });

  it('a too-deep declaration does not hide the mistakes of the others', () => {
    const text = `${header}${shapes.parentheses!(300)}let y = poverty_lin\n`;
    const codes = analyse(text).diagnostics.map((d) => d.code);
    expect(codes).toContain(TOO_DEEP);
    expect(codes).toContain('E-UNKNOWN-NAME');
  });
});
