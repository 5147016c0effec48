// The canonical layout of a ruleset. Law (tested): parse(format(parse(x))) has the same AST as parse(x).
// Comments are not in the AST; they are passed beside it and printed on their own line before the
// declaration, row or condition that follows them.
import type * as A from './ast';

export interface Comment {
  text: string;
  range: A.Range;
}

/** Precedence levels, loosest first; a child printed below its slot's level gets parentheses. */
const PREC = { if: 0, or: 1, and: 2, not: 3, compare: 4, additive: 5, multiplicative: 6, unary: 7, postfix: 8, primary: 9 };

export function format(ast: A.RulesetFile, comments: readonly Comment[] = []): string {
  return new Printer(comments).file(ast);
}

export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

class Printer {
  private readonly pending: Comment[];
  private readonly lines: string[] = [];
  /** The source line of the last thing printed, to keep the author's blank lines (at most one). */
  private lastSourceLine = 0;

  constructor(comments: readonly Comment[]) {
    this.pending = [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  file(ast: A.RulesetFile): string {
    if (ast.program) {
      this.comments(ast.program.range, 0, true);
      this.gap(ast.program.range, true);
      this.header(ast.program);
      this.lastSourceLine = ast.program.range.end.line;
    }
    for (const d of ast.declarations) {
      this.comments(d.range, 0, true);
      this.gap(d.range, true);
      this.declaration(d);
      this.lastSourceLine = d.range.end.line;
    }
    this.comments(undefined, 0, true);
    return `${this.lines.join('\n')}\n`;
  }

  /** Print the comments that come before `range` (all of them when undefined). */
  private comments(range: A.Range | undefined, depth: number, topLevel = false): void {
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      if (range && next.range.start.offset >= range.start.offset) return;
      this.pending.shift();
      if (topLevel) this.gap(next.range, false);
      this.line(depth, next.text);
      this.lastSourceLine = next.range.end.line;
    }
  }

  /** A blank line before a top-level element where the source had one; between two declarations
   *  always one when their positions are unknown (a tree that was not parsed from text). */
  private gap(range: A.Range, declaration: boolean): void {
    if (this.lines.length === 0 || this.lines.at(-1) === '') return;
    const known = range.start.line > this.lastSourceLine;
    if (known ? range.start.line > this.lastSourceLine + 1 : declaration) this.lines.push('');
  }

  private line(depth: number, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${text}`);
  }

  private header(h: A.ProgramHeader): void {
    this.line(0, `program ${programRef(h.programId)} ${quote(h.title)}`);
    if (h.extends) this.line(1, `extends ${programRef(h.extends)}`);
    if (h.country) this.line(1, `country ${h.country.text}`);
    if (h.currency) this.line(1, `currency ${h.currency.text}`);
    if (h.language) this.line(1, `language ${h.language.text}`);
    for (const p of h.provenance) this.line(1, provenance(p));
    if (h.inForce) {
      const until = h.inForce.until ? ` until ${h.inForce.until.text}` : '';
      this.line(1, `in force from ${h.inForce.from.text}${until}`);
    }
  }

  private declaration(d: A.Declaration): void {
    switch (d.kind) {
      case 'ParameterDecl': return this.parameter(d);
      case 'TableDecl': return this.table(d);
      case 'HouseholdSubject': return this.line(0, 'for household');
      case 'MemberSubject':
        return this.line(0, `for each member as ${d.alias.text}${d.filter ? ` where ${expr(d.filter, 0)}` : ''}`);
      case 'LetDecl': return this.line(0, `let ${d.name.text} =${this.block(d.value, 0, `let ${d.name.text} = `)}`);
      case 'EligibleDecl': return this.condition(d.condition, 0, 'eligible when ');
      case 'BenefitDecl': {
        const period = d.period === 'once' ? 'once' : `per ${d.period}`;
        return this.line(0, `benefit ${period} =${this.block(d.amount, 0, `benefit ${period} = `)}`);
      }
      case 'ScoreDecl': return this.line(0, `score ${d.name.text} =${this.block(d.value, 0, `score ${d.name.text} = `)}`);
      case 'OutcomeDecl': {
        const head = d.whenEligible ? 'outcome when eligible =' : 'outcome =';
        return this.line(0, `${head}${this.block(d.value, 0, `${head} `)}`);
      }
      case 'ExampleDecl': return this.example(d);
      case 'PropertyDecl': return this.line(0, `property ${quote(d.name)} { ${law(d.law)} }`);
      case 'TranslationDecl': return this.translation(d);
      case 'CannotChangeDecl': {
        const fields = d.fields.map((f) => f.parts.map((p) => p.text).join('.')).join(', ');
        return this.line(0, `cannot change ${fields}${d.provenance ? ` ${provenance(d.provenance)}` : ''}`);
      }
      case 'PaymentDecl': return this.condition(d.condition, 0, 'paid when ');
      case 'ComponentDecl': {
        const head = `component ${d.name.text} ${d.period === 'once' ? 'once' : `per ${d.period}`} =`;
        const prov = d.provenance ? ` ${provenance(d.provenance)}` : '';
        const body = this.block(d.amount, 0, `${head} `, prov.length);
        if (prov && (body.includes('\n') || head.length + body.length + prov.length > WIDTH)) {
          this.line(0, `${head}${body}`);
          return this.line(1, prov.trim());
        }
        return this.line(0, `${head}${body}${prov}`);
      }
    }
  }

  /** One entry a line; an entry too long for one line puts its text on the next. */
  private translation(t: A.TranslationDecl): void {
    this.line(0, `translation ${t.language.text} {`);
    for (const e of t.entries) {
      this.comments(e.range, 1);
      const key = e.key.kind === 'text' ? quote(e.key.text) : e.key.kind === 'outcome' ? `outcome ${/^[\p{L}_][\p{L}\p{N}_]*$/u.test(e.key.value) ? e.key.value : quote(e.key.value)}` : e.key.name.text;
      const text = quote(e.text);
      if (2 + key.length + 2 + text.length <= WIDTH) this.line(1, `${key}: ${text}`);
      else {
        this.line(1, `${key}:`);
        this.line(2, text);
      }
    }
    this.line(0, '}');
  }

  private parameter(p: A.ParameterDecl): void {
    const type = p.type.kind === 'DateTypeExpr' ? 'date' : unit(p.type);
    const head = `parameter ${p.name.text}: ${type}`;
    const only = p.values[0];
    if (p.values.length === 1 && only && !only.from && !p.until) {
      this.line(0, `${head} ${datedValue(only)}`);
      return;
    }
    this.line(0, head);
    for (const v of p.values) {
      this.comments(v.range, 1);
      this.line(1, datedValue(v));
    }
    if (p.until) this.line(1, `until ${p.until.text}`);
  }

  private table(t: A.TableDecl): void {
    const extras = [
      ...t.provenance.map(provenance),
      ...(t.granularity ? [`granularity ${t.granularity.text}`] : []),
    ];
    const head = `table ${t.name.text}: ${unit(t.resultUnit)}`;
    const oneLine = [head, ...extras].join(' ');
    if (oneLine.length <= 100) this.line(0, `${oneLine} {`);
    else {
      this.line(0, head);
      extras.forEach((e, i) => this.line(1, i === extras.length - 1 ? `${e} {` : e));
    }
    for (const row of t.rows) {
      this.comments(row.range, 1);
      this.line(1, `${tableKey(row.key)} => ${row.value.text}`);
    }
    this.line(0, '}');
  }

  private condition(c: A.ConditionItem, depth: number, prefix = ''): void {
    if (c.kind === 'LabelledCondition') {
      const prov = c.provenance ? ` ${provenance(c.provenance)}` : '';
      const head = `${prefix}${quote(c.label)}:`;
      // One line if it fits; else the citation moves to the next line; else the expression breaks too.
      const fitsWithout = 2 * depth + head.length + 1 + expr(c.test, 0, depth).length <= WIDTH;
      const body = this.block(c.test, depth, `${head} `, fitsWithout ? 0 : prov.length);
      // A citation after a broken expression goes on a line of its own, where it can be seen.
      if (prov && (body.includes('\n') || 2 * depth + head.length + body.length + prov.length > WIDTH)) {
        this.line(depth, `${head}${body}`);
        this.line(depth + 1, prov.trim());
      } else this.line(depth, `${head}${body}${prov}`);
      return;
    }
    const label = c.label !== undefined ? ` ${quote(c.label)}` : '';
    this.line(depth, `${prefix}${c.combinator} of${label} {`);
    for (const item of c.items) {
      this.comments(item.range, depth + 1);
      this.condition(item, depth + 1);
    }
    this.line(depth, '}');
  }

  /** An expression after `prefix` on a line at `depth`: on one line when it fits, else broken at its
   *  loosest operators (see `layout`). `suffix` is what follows it on the line (a citation). */
  private block(e: A.Expr, depth: number, prefix: string, suffix = 0): string {
    const column = 2 * depth + prefix.length;
    const flat = expr(e, 0, depth);
    if (column + flat.length + suffix <= WIDTH || flat.includes('\n')) return ` ${flat}`;
    // `if … then … else` reads well after `=`; anything else long starts on a line of its own.
    if (e.kind === 'IfExpr') {
      const inline = layout(e, 0, depth, column, suffix);
      if (column + inline.split('\n')[0]!.length <= WIDTH) return ` ${inline}`;
    }
    return `\n${'  '.repeat(depth + 1)}${layout(e, 0, depth + 1, 2 * (depth + 1), suffix)}`;
  }

  private example(e: A.ExampleDecl): void {
    this.line(0, `example ${quote(e.name)} {`);
    if (e.date) this.line(1, `date ${e.date.text}`);
    this.line(1, `household ${json(e.household, 1, 12)}`);
    for (const x of e.expectations) {
      this.comments(x.range, 1);
      const subject = x.subject === 'household' ? 'household' : quote(x.subject);
      const field = x.field === 'score' || x.field === 'component' ? `${x.field} ${x.scoreName ?? ''}` : x.field;
      this.line(1, `expect ${subject} ${field} = ${json(x.expected, 1)}`);
    }
    this.line(0, '}');
  }
}

// ------------------------------------------------------------------ pieces

function programRef(r: A.ProgramRef): string {
  return r.version ? `${r.programId}@${r.version}` : r.programId;
}

function provenance(p: A.Provenance): string {
  return `${p.type} ${quote(p.text)}`;
}

function datedValue(v: A.DatedValue): string {
  const guess = v.fromAssumption !== undefined ? ` assumption ${quote(v.fromAssumption)}` : '';
  const from = v.from ? `from ${v.from.text}${guess} ` : '';
  const prov = v.provenance ? ` ${provenance(v.provenance)}` : '';
  return `${from}= ${v.value.text}${prov}`;
}

export function unit(u: A.UnitExpr): string {
  const numerator = u.numerator.length === 0 ? 'number' : u.numerator.map((n) => n.text).join(' ');
  return [numerator, ...u.denominators.map((d) => `per ${d.text}`)].join(' ');
}

function range(r: A.RangeExpr): string {
  const low = r.low?.text ?? '';
  const high = r.high?.text ?? '';
  return `${low}${r.highExclusive ? '..<' : '..'}${high}`;
}

function tableKey(k: A.TableRow['key']): string {
  switch (k.kind) {
    case 'Otherwise': return 'otherwise';
    case 'EnumKey': return k.name;
    case 'NumberLiteral': return k.text;
    case 'RangeExpr': return range(k);
  }
}

/** JSON as people lay it out by hand: compact when it fits, else one member per line for arrays and
 *  objects filled line by line, with nested objects broken the same way. */
function json(v: A.JsonValue, depth: number, column = 2 * depth): string {
  const compact = jsonCompact(v);
  if (column + compact.length <= WIDTH || (v.kind !== 'JsonObject' && v.kind !== 'JsonArray')) return compact;
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (v.kind === 'JsonArray') return `[\n${v.items.map((i) => pad + json(i, depth + 1)).join(',\n')}\n${close}]`;
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    if (current) lines.push(current);
    current = '';
  };
  for (const e of v.entries) {
    const key = `${quote(e.key)}: `;
    const text = key + json(e.value, depth + 1, pad.length + key.length);
    if (text.includes('\n')) {
      flush();
      lines.push(text);
    } else {
      if (current && pad.length + current.length + 2 + text.length > WIDTH) flush();
      current = current ? `${current}, ${text}` : text;
    }
  }
  flush();
  return `{\n${lines.map((l) => pad + l).join(',\n')}\n${close}}`;
}

function jsonCompact(v: A.JsonValue): string {
  switch (v.kind) {
    case 'JsonObject': return `{ ${v.entries.map((e) => `${quote(e.key)}: ${jsonCompact(e.value)}`).join(', ')} }`.replace('{  }', '{}');
    case 'JsonArray': return `[${v.items.map(jsonCompact).join(', ')}]`;
    case 'JsonString': return quote(v.value);
    case 'JsonNumber': return v.text;
    case 'JsonBool': return String(v.value);
    case 'JsonNull': return 'null';
  }
}

function decisionRef(r: A.DecisionRef): string {
  return r.field === 'score' ? `score ${r.scoreName ?? ''}` : r.field;
}

function decisionTest(t: A.DecisionTest): string {
  const value = t.value ? ` ${t.op ?? '='} ${t.value.kind === 'TextLiteral' ? quote(t.value.value) : t.value.text}` : '';
  return `${t.negated ? 'not ' : ''}${decisionRef(t.ref)}${value}`;
}

function law(l: A.PropertyLaw): string {
  switch (l.kind) {
    case 'deterministic': return 'deterministic';
    case 'invariant': return `unchanged when ${l.phrase}`;
    case 'agrees': return `agrees with ${programRef(l.other)}${l.when ? ` when ${expr(l.when, 0)}` : ''}`;
    case 'implies': return `${decisionTest(l.premise)} implies ${decisionTest(l.conclusion)}`;
    case 'monotone': return `${decisionRef(l.result)} never ${l.direction === 'never_rises' ? 'rises' : 'falls'} with ${expr(l.input, 0)}`;
    case 'bound': return `${decisionRef(l.result)} always ${l.op} ${l.limit.text}`;
  }
}

// ------------------------------------------------------------------ expressions

/** Lines longer than this are broken at operators, arguments, or `then`/`else`. */
export const WIDTH = 100;

/** `e` printed from `column`, breaking lines only where the flat text would pass WIDTH. Every break
 *  falls where the grammar allows whitespace, so the text parses back to the same tree. */
function layout(e: A.Expr, min: number, depth: number, column: number, suffix = 0): string {
  const flat = expr(e, min, depth);
  if (column + flat.length + suffix <= WIDTH || flat.includes('\n')) return flat;
  const parens = precedence(e) < min;
  const inner = breakExpr(e, depth + 1, column + (parens ? 1 : 0));
  return parens ? `(${inner})` : inner;
}

function breakExpr(e: A.Expr, depth: number, column: number): string {
  const pad = '  '.repeat(depth);
  const nl = `\n${pad}`;
  switch (e.kind) {
    case 'Binary': {
      // A left-leaning chain of one level (`a and b and c`, `a + b - c`): one operand per line.
      const p = precedence(e);
      const operands: { op: string | undefined; e: A.Expr }[] = [];
      let at: A.Expr = e;
      while (at.kind === 'Binary' && precedence(at) === p) {
        operands.unshift({ op: at.op, e: at.right });
        at = at.left;
      }
      operands.unshift({ op: undefined, e: at });
      return operands
        .map((o, i) => (i === 0 ? layout(o.e, p, depth, column) : `${nl}${o.op} ${layout(o.e, p + 1, depth, pad.length + o.op!.length + 1)}`))
        .join('');
    }
    case 'IfExpr':
      return `if ${layout(e.condition, 0, depth, column + 3)}${nl}then ${layout(e.then, 0, depth, pad.length + 5)}${nl}else ${layout(e.otherwise, 0, depth, pad.length + 5)}`;
    case 'Call':
      return `${e.callee.text}(${e.args.map((a) => `${nl}${layout(a, 0, depth + 1, pad.length + 2)}`).join(',')}\n${'  '.repeat(depth - 1)})`;
    default:
      return expr(e, 0, depth - 1);
  }
}

function precedence(e: A.Expr): number {
  switch (e.kind) {
    case 'IfExpr': return PREC.if;
    case 'Binary':
      return e.op === 'or' ? PREC.or : e.op === 'and' ? PREC.and : e.op === '+' || e.op === '-' ? PREC.additive : PREC.multiplicative;
    case 'Unary': return e.op === 'not' ? PREC.not : PREC.unary;
    case 'Compare': case 'InRange': case 'InSet': case 'IsEnum': case 'IsKnown': return PREC.compare;
    case 'FieldAccess': return PREC.postfix;
    default: return PREC.primary;
  }
}

/** Print `e` in a slot that needs at least precedence `min`. */
export function expr(e: A.Expr, min: number, depth = 0): string {
  const text = bare(e, depth);
  return precedence(e) < min ? `(${text})` : text;
}

function bare(e: A.Expr, depth: number): string {
  switch (e.kind) {
    case 'NumberLiteral': return e.unit ? `${e.text} ${unit(e.unit)}` : e.text;
    case 'DateLiteral': return e.text;
    case 'BoolLiteral': return String(e.value);
    case 'TextLiteral': return quote(e.value);
    case 'NameRef': return e.name;
    case 'FieldAccess': return `${expr(e.object, PREC.postfix, depth)}.${e.field.text}`;
    case 'Unary':
      return e.op === 'not' ? `not ${expr(e.operand, PREC.not, depth)}` : `-${expr(e.operand, PREC.unary, depth)}`;
    case 'Binary': {
      const p = precedence(e);
      // Left-associative: the right operand needs a strictly tighter level.
      return `${expr(e.left, p, depth)} ${e.op} ${expr(e.right, p + 1, depth)}`;
    }
    case 'Compare': return `${expr(e.left, PREC.additive, depth)} ${e.op} ${expr(e.right, PREC.additive, depth)}`;
    case 'InRange': {
      const single = e.bounds.low && e.bounds.high && !e.bounds.highExclusive && e.bounds.low.text === e.bounds.high.text;
      return `${expr(e.value, PREC.additive, depth)} ${e.negated ? 'not in' : 'in'} ${single ? e.bounds.low!.text : range(e.bounds)}`;
    }
    case 'InSet':
      return `${expr(e.value, PREC.additive, depth)} ${e.negated ? 'not in' : 'in'} {${e.members.map((m) => m.text).join(', ')}}`;
    case 'IsEnum': return `${expr(e.value, PREC.additive, depth)} is ${e.negated ? 'not ' : ''}${e.enumValue.text}`;
    case 'IsKnown': return `${expr(e.value, PREC.additive, depth)} is ${e.negated ? 'unknown' : 'known'}`;
    case 'IfExpr':
      return `if ${expr(e.condition, 0, depth)} then ${expr(e.then, 0, depth)} else ${expr(e.otherwise, 0, depth)}`;
    case 'Call': return `${e.callee.text}(${e.args.map((a) => expr(a, 0, depth)).join(', ')})`;
    case 'Aggregate': {
      if (!e.binder && !e.filter && !e.value) return `${e.op}(members)`;
      const binder = e.binder ? ` as ${e.binder.text}` : '';
      const filter = e.filter ? ` where ${expr(e.filter, 0, depth)}` : '';
      const value = e.value ? `: ${expr(e.value, 0, depth)}` : '';
      return `${e.op}(members${binder}${filter}${value})`;
    }
    case 'PointsSum': {
      const pad = '  '.repeat(depth + 1);
      const terms = e.terms.map((t) => {
        const head = `${pad}${quote(t.label)}: `;
        return `${head}${layout(t.value, 0, depth + 1, head.length)}`;
      });
      return terms.length === 0 ? 'sum of {}' : `sum of {\n${terms.join('\n')}\n${'  '.repeat(depth)}}`;
    }
    case 'ProgramDecision': return `eligible(${programRef(e.program)})`;
    case 'ProgramLiteral': return programRef(e.program);
  }
}
