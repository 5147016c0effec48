// Coefficients with more than 6 decimal places (docs/language.md, "Coefficients with more places").
// Numbers keep 6 places, exactly. A probit coefficient printed with 7 (BO Table 5.1: Age2 = -0.0000503)
// may still be written as printed when every use of it reaches only the argument of a floating function
// (`normal_cdf`, `sqrt`: `floating` in ops/registry.ts) through `+ − ×`, `/` by a number of at most 6
// places, `if` branches, `sum of` terms and `let`s used the same way. Such a region is computed in units
// of 10⁻ᵏ (k = the extra places, the same for the whole ruleset): lowering stores each coefficient ×10ᵏ,
// marks every node of the region with `scale: k`, and divides the function's argument by 10ᵏ once. So
// arithmetic stays exact integers in every backend, and explanations show the values as printed.
//
// This pass finds the regions and the scale of each node in them, and reports any other use of a value
// with more than 6 places (E-COEFFICIENT-USE), at the use, naming the value.
import type { Expr, NumberLiteral, RulesetFile } from '../ast';
import { OPERATIONS, operation } from '../../ops/registry';
import { error, type Ctx } from './context';
import type { CoefficientScales } from './types';

/** The built-ins computed in floating point, as the messages name them ("normal_cdf or sqrt"). */
const FLOATING_NAMES = OPERATIONS.filter((o) => o.kind === 'function' && o.floating).map((o) => o.name);
const FLOATING = FLOATING_NAMES.length > 1 ? `${FLOATING_NAMES.slice(0, -1).join(', ')} or ${FLOATING_NAMES[FLOATING_NAMES.length - 1]}` : FLOATING_NAMES.join('');

export type { CoefficientScales } from './types';

const KEPT = 6;
const MOST = 12;

/** Decimal places written in a number's text: "-0.0000503" → 7. */
export function placesOf(text: string | undefined): number {
  const m = typeof text === 'string' ? /\.(\d+)$/.exec(text.trim()) : null;
  return m ? m[1].length : 0;
}

/** A value with more places than the language keeps: where it came from, for the diagnostic. */
interface Origin {
  what: string; // "beta_age_squared (-0.0000503)" or "0.2488785"
  places: number;
}

export function checkCoefficients(ctx: Ctx, ast: RulesetFile): CoefficientScales | undefined {
  const literals: NumberLiteral[] = [];
  const visitLiterals = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visitLiterals);
    const o = x as { kind?: string };
    if (o.kind === 'NumberLiteral') literals.push(x as NumberLiteral);
    if (o.kind === 'TableDecl' || o.kind === 'ExampleDecl') return; // their numbers are checked where they are read
    for (const v of Object.values(x)) if (v && typeof v === 'object') visitLiterals(v);
  };
  visitLiterals(ast?.declarations);
  let most = 0;
  for (const l of literals) {
    const p = placesOf(l.text);
    if (p > MOST) {
      error(ctx, 'E-NUMBER-PRECISION', l.range, `${l.text} has ${p} decimal places; a number may have at most ${MOST} (and more than ${KEPT} only where it feeds ${FLOATING})`);
    } else most = Math.max(most, p);
  }
  if (most <= KEPT) return undefined;
  return new Regions(ctx, most - KEPT).run(ast);
}

const WHERE: Record<string, string> = {
  Compare: 'a comparison', InRange: 'a range test', Aggregate: 'an aggregate over members', Call: 'a function',
  FieldAccess: 'a field', IsKnown: 'an `is known` test', InSet: 'a set test', IsEnum: 'an enum test',
};

class Regions {
  private readonly byExpr = new Map<number, number>();
  private readonly origins = new Map<number, Origin>();
  private readonly parameters = new Set<string>();
  private readonly floatingArgs = new Map<number, number>();
  private readonly seen = new Set<number>();
  private readonly paramOrigin = new Map<string, Origin>();

  constructor(private readonly ctx: Ctx, private readonly k: number) {
    for (const [name, decl] of ctx.parameters) {
      const precise = (decl.values ?? []).find((v) => v?.value?.kind === 'NumberLiteral' && placesOf(v.value.text) > KEPT);
      if (precise) {
        this.parameters.add(name);
        this.paramOrigin.set(name, { what: `${name} (${(precise.value as NumberLiteral).text})`, places: placesOf((precise.value as NumberLiteral).text) });
      }
    }
  }
  run(ast: RulesetFile): CoefficientScales {
    for (const d of ast.declarations ?? []) {
      if (!d) continue;
      switch (d.kind) {
        case 'ParameterDecl': case 'TableDecl': case 'ExampleDecl': case 'TranslationDecl': case 'CannotChangeDecl':
          break;
        case 'LetDecl':
          if (d.value) this.scaleOf(d.value);
          break;
        case 'BenefitDecl':
          this.roots(d, 'the benefit');
          break;
        case 'ComponentDecl':
          this.roots(d, 'a component');
          break;
        case 'ScoreDecl':
          this.roots(d, 'a score');
          break;
        case 'OutcomeDecl':
          this.roots(d, 'the outcome');
          break;
        default:
          this.roots(d, 'a condition');
      }
    }
    return { places: this.k, byExpr: this.byExpr, parameters: this.parameters, floatingArgs: this.floatingArgs };
  }

  /** Every outermost expression of a declaration must be of scale 0. */
  private roots(x: unknown, where: string): void {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach((y) => this.roots(y, where));
    if (isExpr(x)) return this.exact(x, where);
    for (const [key, v] of Object.entries(x)) if (key !== 'range' && v && typeof v === 'object') this.roots(v, where);
  }

  /** A use that needs an exact amount of at most 6 places. */
  private exact(e: Expr, where: string): void {
    if (this.scaleOf(e) === 0) return;
    const o = this.originOf(e);
    error(this.ctx, 'E-COEFFICIENT-USE', e.range,
      `${o.what} has ${o.places} decimal places; exact amounts keep ${KEPT} — a value may have more only where it feeds ${FLOATING} (through + − × /, \`if\`, \`sum of\` and \`let\`), but here it reaches ${where}`,
      { hint: `use it only inside the argument of ${FLOATING}, or write it with at most ${KEPT} places` });
  }

  private originOf(e: Expr): Origin {
    return this.origins.get(e.id) ?? { what: 'this value', places: KEPT + this.k };
  }

  private mark(e: Expr, scale: number, origin?: Origin): number {
    if (scale > 0) this.byExpr.set(e.id, scale);
    if (origin && !this.origins.has(e.id)) this.origins.set(e.id, origin);
    return scale;
  }

  /** The scale of an expression's value (0: an ordinary exact number), reporting uses that break one. */
  scaleOf(e: Expr | undefined): number {
    if (!e) return 0;
    if (this.seen.has(e.id)) return this.byExpr.get(e.id) ?? 0;
    this.seen.add(e.id);
    const s = this.compute(e);
    return this.mark(e, s);
  }

  private inherit(e: Expr, from: Expr): void {
    const o = this.origins.get(from.id);
    if (o && !this.origins.has(e.id)) this.origins.set(e.id, o);
  }

  private compute(e: Expr): number {
    switch (e.kind) {
      case 'NumberLiteral': {
        const p = placesOf(e.text);
        if (p <= KEPT) return 0;
        this.origins.set(e.id, { what: e.text, places: p });
        return this.k;
      }
      case 'NameRef': {
        const r = this.ctx.names.get(e.id);
        if (r?.kind === 'parameter' && this.parameters.has(r.decl.name.text)) {
          this.origins.set(e.id, this.paramOrigin.get(r.decl.name.text)!);
          return this.k;
        }
        if (r?.kind === 'let') {
          const s = this.scaleOf(r.decl.value);
          if (s > 0) this.inherit(e, r.decl.value);
          return s;
        }
        return 0;
      }
      case 'Unary':
        if (e.op === 'not') return this.exact(e.operand, 'a `not`'), 0;
        return this.through(e, e.operand);
      case 'Binary': {
        if (e.op === 'and' || e.op === 'or') {
          this.exact(e.left, `an \`${e.op}\``);
          this.exact(e.right, `an \`${e.op}\``);
          return 0;
        }
        const a = this.scaleOf(e.left), b = this.scaleOf(e.right);
        if (e.op === '*') {
          if (a > 0 && b > 0) {
            this.exact(e.right, 'a product of two such values (their places would add up)');
            return a;
          }
          this.inherit(e, a > 0 ? e.left : e.right);
          return a + b;
        }
        if (e.op === '/') {
          if (b > 0) this.exact(e.right, 'a divisor');
          this.inherit(e, e.left);
          return a;
        }
        return this.same(e, [e.left, e.right], `${e.op === '+' ? 'a sum' : 'a difference'} with a value of at most ${KEPT} places`);
      }
      case 'IfExpr':
        this.exact(e.condition, 'the condition of an `if`');
        return this.same(e, [e.then, e.otherwise], 'an `if` whose other branch has at most 6 places');
      case 'PointsSum':
        return this.same(e, e.terms.map((t) => t.value), `a \`sum of\` with a term of at most ${KEPT} places`);
      case 'Call': {
        const target = this.ctx.calls.get(e.id);
        const entry = target?.kind === 'builtin' ? operation(target.name) : undefined;
        if (entry?.kind === 'function' && entry.floating && e.args.length === 1) {
          const s = this.scaleOf(e.args[0]);
          if (s > 0) this.floatingArgs.set(e.id, s);
          return 0;
        }
        for (const a of e.args) this.exact(a, `\`${e.callee?.text ?? 'a function'}\``);
        return 0;
      }
      default:
        for (const c of children(e)) this.exact(c, WHERE[e.kind] ?? 'an exact use');
        return 0;
    }
  }

  private through(e: Expr, inner: Expr): number {
    const s = this.scaleOf(inner);
    this.inherit(e, inner);
    return s;
  }

  /** Operands that must share one scale (+, −, `if` branches, `sum of` terms): a plain number among
   *  them is written in the region's units instead (`else 0`, `+ 1`), any other is an error. */
  private same(e: Expr, parts: Expr[], where: string): number {
    const scales = parts.map((p) => this.scaleOf(p));
    const top = Math.max(0, ...scales);
    if (top === 0) return 0;
    const from = parts[scales.indexOf(top)]!;
    this.inherit(e, from);
    parts.forEach((p, i) => {
      if (scales[i] === top || this.raise(p, top)) return;
      const o = this.originOf(from);
      error(this.ctx, 'E-COEFFICIENT-USE', p.range,
        `this term has at most ${KEPT} places but meets ${o.what}, which has ${o.places}: write it with ${o.places} places too, or multiply it by such a coefficient`,
        { hint: 'a term of a region with more places needs a number or a coefficient of its own to carry them' });
    });
    return top;
  }

  /** Written in the region's units where only literals stand in the way: literals, and `-`, `if`, `+`
   *  and products with one literal factor made of them. */
  private raise(e: Expr, to: number): boolean {
    const s = this.byExpr.get(e.id) ?? 0;
    if (s === to) return true;
    let ok = false;
    switch (e.kind) {
      case 'NumberLiteral':
        ok = s === 0; // a plain literal: lowered × 10^to, exactly
        break;
      case 'Unary':
        ok = e.op === '-' && this.raise(e.operand, to);
        break;
      case 'IfExpr':
        ok = this.raise(e.then, to) && this.raise(e.otherwise, to);
        break;
      case 'Binary':
        if (e.op === '+' || e.op === '-') ok = this.raise(e.left, to) && this.raise(e.right, to);
        else if (e.op === '*') ok = (e.left.kind === 'NumberLiteral' && this.raise(e.left, to - (this.byExpr.get(e.right.id) ?? 0)))
          || (e.right.kind === 'NumberLiteral' && this.raise(e.right, to - (this.byExpr.get(e.left.id) ?? 0)));
        else if (e.op === '/') ok = this.raise(e.left, to);
        break;
    }
    if (ok) this.byExpr.set(e.id, to);
    return ok;
  }
}

const EXPR_KINDS = new Set([
  'NumberLiteral', 'DateLiteral', 'BoolLiteral', 'TextLiteral', 'NameRef', 'FieldAccess', 'Unary', 'Binary', 'Compare', 'InRange',
  'InSet', 'IsEnum', 'IsKnown', 'IfExpr', 'Call', 'Aggregate', 'PointsSum', 'ProgramDecision', 'ProgramLiteral',
]);

function isExpr(x: object): x is Expr {
  return EXPR_KINDS.has((x as { kind?: string }).kind ?? '');
}

/** The direct sub-expressions of an expression (range bounds included: they are literals). */
function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'FieldAccess': return [e.object];
    case 'Unary': return [e.operand];
    case 'Binary': case 'Compare': return [e.left, e.right];
    case 'InRange': return [e.value, e.bounds?.low, e.bounds?.high].filter((x): x is NonNullable<typeof x> => !!x);
    case 'InSet': case 'IsEnum': case 'IsKnown': return [e.value];
    case 'IfExpr': return [e.condition, e.then, e.otherwise];
    case 'Call': return e.args;
    case 'Aggregate': return [e.filter, e.value].filter((x): x is Expr => !!x);
    case 'PointsSum': return e.terms.map((t) => t.value);
    default: return [];
  }
}
