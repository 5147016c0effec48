// The parser: the AST it builds for each construct, and plain-language errors with positions.
import { describe, expect, it } from 'vitest';
import type { Expr, LetDecl, RulesetFile } from '../../dsl/ast';
import { parse } from '../../dsl/parse';

const HEADER = 'program bo/mped "My First Decent Job"\n  country BO\n  currency BOB\n';

function letValue(source: string): Expr {
  const { ast, diagnostics } = parse(`${HEADER}let x = ${source}\n`);
  expect(diagnostics).toEqual([]);
  return (ast.declarations[0] as LetDecl).value;
}

/** An expression as a compact S-expression, to state precedence and associativity plainly. */
function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'Binary': return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Compare': return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Unary': return `(${e.op} ${sexpr(e.operand)})`;
    case 'NumberLiteral': return e.text;
    case 'NameRef': return e.name;
    case 'FieldAccess': return `${sexpr(e.object)}.${e.field.text}`;
    case 'IsEnum': return `(is${e.negated ? '-not' : ''} ${sexpr(e.value)} ${e.enumValue.text})`;
    case 'InRange': return `(in ${sexpr(e.value)} ${e.bounds.low?.text ?? ''}..${e.bounds.high?.text ?? ''})`;
    case 'IfExpr': return `(if ${sexpr(e.condition)} ${sexpr(e.then)} ${sexpr(e.otherwise)})`;
    default: return e.kind;
  }
}

describe('expressions', () => {
  it('gives * and / precedence over + and -, left to right', () => {
    expect(sexpr(letValue('a + b * c - d / e'))).toBe('(- (+ a (* b c)) (/ d e))');
    expect(sexpr(letValue('a - b - c'))).toBe('(- (- a b) c)');
  });
  it('binds comparisons tighter than not, and, or', () => {
    expect(sexpr(letValue('not a < 1 and b is c or d in 1..2'))).toBe('(or (and (not (< a 1)) (is b c)) (in d 1..2))');
  });
  it('reads field paths and unary minus', () => {
    expect(sexpr(letValue('-household.electricity.kwh_per_month'))).toBe('(- household.electricity.kwh_per_month)');
  });
  it('reads if/then/else, is not, and a single number as a one-point range', () => {
    expect(sexpr(letValue('if m.employment is not employed then 1 else 2'))).toBe('(if (is-not m.employment employed) 1 2)');
    expect(sexpr(letValue('m.age in 7'))).toBe('(in m.age 7..7)');
  });
  it('keeps a number exactly as written, with its unit', () => {
    const e = letValue('22.420 BOB per month');
    expect(e).toMatchObject({ kind: 'NumberLiteral', text: '22.420', unit: { numerator: [{ text: 'BOB' }], denominators: [{ text: 'month' }] } });
  });
  it('reads aggregates with binder, filter and value; count(members) has neither', () => {
    expect(letValue('count(members)')).toMatchObject({ kind: 'Aggregate', op: 'count', binder: undefined });
    expect(letValue('sum(members as m where m.age < 14: m.monthly_income)')).toMatchObject({
      kind: 'Aggregate', op: 'sum', binder: { text: 'm' }, filter: { kind: 'Compare' }, value: { kind: 'FieldAccess' },
    });
    expect(letValue('any(members as m: m.pregnant)')).toMatchObject({ kind: 'Aggregate', op: 'any' });
    expect(letValue('min(a, b)')).toMatchObject({ kind: 'Call', callee: { text: 'min' }, args: [{}, {}] });
  });
  it('reads points sums and program references', () => {
    expect(letValue('sum of { "a": 1 "b": x }')).toMatchObject({ kind: 'PointsSum', terms: [{ label: 'a' }, { label: 'b' }] });
    expect(letValue('eligible(pe/juntos)')).toMatchObject({ kind: 'ProgramDecision', program: { programId: 'pe/juntos' } });
  });
});

describe('declarations', () => {
  const text = `${HEADER}  source "BO §3.3"
  in force from 2008-01-01 until 2015-12-31
parameter poverty_line: BOB per person per month
  from 2012-01-01 = 700 assumption "illustrative"
  from 2013-01-01 = 750 source "INE"
  until 2014-12-31
table points: point source "BE" granularity 0.01 {
  ..25 => 50
  26..<51 => 35
  51.. => -100
  rented => 3
  otherwise => 0
}
for each member as youth where youth.age in 15..29
eligible when all of {
  "unemployed": youth.employment is unemployed source "BO §4.3"
  none of "excluded" { "x": true }
}
benefit per month = 0 BOB per month
example "one" {
  date 2013-06-30
  household { "id": "H", "members": [{ "id": "p1", "age": 20 }] }
  expect "p1" eligible = true
  expect household score priority = 3.5
}
`;
  const { ast, diagnostics } = parse(text);
  const kinds = (f: RulesetFile) => f.declarations.map((d) => d.kind);

  it('parses a whole ruleset without complaint', () => {
    expect(diagnostics).toEqual([]);
    expect(kinds(ast)).toEqual(['ParameterDecl', 'TableDecl', 'MemberSubject', 'EligibleDecl', 'BenefitDecl', 'ExampleDecl']);
  });
  it('reads the header with its period in force', () => {
    expect(ast.program).toMatchObject({
      programId: { programId: 'bo/mped' }, title: 'My First Decent Job', country: { text: 'BO' }, currency: { text: 'BOB' },
      inForce: { from: { text: '2008-01-01' }, until: { text: '2015-12-31' } },
    });
  });
  it('reads dated parameter values with their provenance', () => {
    expect(ast.declarations[0]).toMatchObject({
      values: [
        { from: { text: '2012-01-01' }, value: { text: '700' }, provenance: { type: 'assumption', text: 'illustrative' } },
        { from: { text: '2013-01-01' }, value: { text: '750' }, provenance: { type: 'source', text: 'INE' } },
      ],
      until: { text: '2014-12-31' },
    });
  });
  it('reads every kind of table key', () => {
    const rows = (ast.declarations[1] as { rows: { key: unknown }[] }).rows.map((r) => r.key);
    expect(rows).toMatchObject([
      { kind: 'RangeExpr', low: undefined, high: { text: '25' }, highExclusive: false },
      { kind: 'RangeExpr', low: { text: '26' }, high: { text: '51' }, highExclusive: true },
      { kind: 'RangeExpr', low: { text: '51' }, high: undefined },
      { kind: 'EnumKey', name: 'rented' },
      { kind: 'Otherwise' },
    ]);
  });
  it('reads examples with their JSON household and expectations', () => {
    expect(ast.declarations[5]).toMatchObject({
      name: 'one', date: { text: '2013-06-30' },
      household: { kind: 'JsonObject', entries: [{ key: 'id' }, { key: 'members' }] },
      expectations: [
        { subject: 'p1', field: 'eligible', expected: { kind: 'JsonBool', value: true } },
        { subject: 'household', field: 'score', scoreName: 'priority', expected: { kind: 'JsonNumber', text: '3.5' } },
      ],
    });
  });
  it('gives every node a range in the text', () => {
    const param = ast.declarations[0]!;
    expect(param.range.start).toMatchObject({ line: 6, column: 1 });
    expect(text.slice(param.range.start.offset, param.range.end.offset)).toMatch(/^parameter poverty_line[\s\S]*until 2014-12-31$/);
  });
});

describe('syntax errors', () => {
  it('reports several errors in one pass, each with line and column', () => {
    const { diagnostics } = parse(`${HEADER}parmeter a: kWh = 70 source "x"\nlet b = (1 + 2\nlet c = 3 +\n`);
    expect(diagnostics.map((d) => [d.range.start.line, d.range.start.column, d.code])).toEqual([
      [4, 1, 'E-UNKNOWN-KEYWORD'],
      [6, 1, 'E-SYNTAX'], // the `)` missing on line 5 is noticed at the next `let`
      [6, 11, 'E-SYNTAX'], // nothing after `+`: reported at the `+`
    ]);
    expect(diagnostics[0]!.hint).toBe('did you mean `parameter`?');
  });
  it('keeps the declarations it could read after an error', () => {
    const { ast } = parse(`${HEADER}parmeter a: kWh = 70 source "x"\nlet b = 1\nlet c = 2\n`);
    expect(ast.declarations.map((d) => (d as LetDecl).name.text)).toEqual(['b', 'c']);
  });
  it('names a block left open', () => {
    const { diagnostics } = parse(`${HEADER}eligible when all of {\n  "a": true\n`);
    expect(diagnostics).toMatchObject([{ code: 'E-UNCLOSED-BLOCK', message: expect.stringContaining('never closed') }]);
  });
  it('suggests `and` for `&&`', () => {
    const { diagnostics } = parse(`${HEADER}let a = true && false\n`);
    expect(diagnostics[0]).toMatchObject({ code: 'E-CHARACTER', hint: 'write `and`', range: { start: { line: 4, column: 14 } } });
  });
  it('never throws, whatever the text', () => {
    for (const text of ['', '}', '{{{{', 'program', '"', 'let = = =', `${HEADER}eligible when "x": (((`, '\u0000\u00ff']) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});
