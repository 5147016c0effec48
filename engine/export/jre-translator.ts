// The translation behind json-rules-engine.ts: the condition tree to rule JSON, operands to input facts,
// computed facts or folded constants, and the refusals. See json-rules-engine.ts for what is supported.
import { operation } from '../../ops/registry';
import type { ConditionItem, Expr } from '../../dsl/ast';
import type { CheckedRuleset, Unit } from '../../dsl/check/types';
import { expr as formatExpr } from '../../dsl/format';
import { lower } from '../ir/lower';
import { parameterOn } from '../ir/resolve';
import { programInForce } from '../semantics';
import { parseIsoDate } from '../values';
import { FactEvaluator, ownerRoot } from './fact-eval';
import type { ExportOptions, ExportPlan, FactDefinition, Unsupported } from './jre-types';
import { childExprs } from '../walk';

type Operand = { kind: 'const'; value: unknown } | { kind: 'fact'; fact: string };
type Cond = Record<string, unknown>;

const OPERATORS = { '<': 'lessThan', '<=': 'lessThanInclusive', '>': 'greaterThan', '>=': 'greaterThanInclusive', '=': 'equal', '!=': 'notEqual' } as const;
const FLIPPED = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' } as const;
const ALWAYS: Cond = { all: [] }; // json-rules-engine: an empty `all` (and an empty `any`!) is true
const NEVER: Cond = { not: { all: [] } };

export class Translator {
  private readonly unsupported: Unsupported[] = [];
  private readonly omitted: Unsupported[] = [];
  private readonly facts = new Map<string, FactDefinition>();
  private readonly computed = new Map<string, Expr>();
  private readonly day: number;
  private readonly alias: string | undefined;

  constructor(private readonly checked: CheckedRuleset, private readonly options: ExportOptions) {
    const day = parseIsoDate(options.date);
    if (day === undefined) throw new Error(`not an ISO date: ${options.date}`);
    this.day = day;
    this.alias = checked.subject.kind === 'MemberSubject' ? checked.subject.alias.text : undefined;
  }

  plan(): ExportPlan {
    const c = this.checked;
    const inForce = programInForce(c, this.day);
    const conditions: Cond[] = [];
    // The subject filter of `for each member as x where …` is not a condition: as a json-rules-engine user
    // would, the adapter computes facts only for the members it selects (one run per subject).
    if (inForce && c.eligible) {
      const e = this.item(c.eligible.condition);
      if (e) conditions.push(e);
    }
    const rules = inForce
      ? [{ name: `${c.id} eligible`, conditions: { all: flatten('all', conditions) }, event: { type: 'eligible', params: this.eventParams() } }]
      : [];
    const filter = c.subject.kind === 'MemberSubject' ? c.subject.filter : undefined;
    return {
      format: 'json-rules-engine',
      program: c.id,
      title: c.header.title,
      date: this.options.date,
      in_force: inForce,
      subject: this.alias
        ? { kind: 'member', alias: this.alias, ...(filter ? { where: formatExpr(filter, 0) } : {}) }
        : { kind: 'household' },
      rules,
      facts: [...this.facts.values()],
      unsupported: this.unsupported,
      omitted: this.omitted,
      computed: this.computed,
      filter,
    };
  }

  // ---------------------------------------------------------------- results → event params

  private eventParams(): Record<string, unknown> {
    const c = this.checked;
    const params: Record<string, unknown> = { program: c.id, subject: this.alias ?? 'household' };
    if (c.benefit && c.payment) {
      // A constant amount in the event would pay months the condition of payment fails: refuse it.
      const message = `line ${c.payment.range.start.line}: the benefit has a condition of payment (\`paid when\`); ` +
        'json-rules-engine events carry one constant amount, so the paid amount is not exported';
      (this.options.eligibilityOnly ? this.omitted : this.unsupported).push({ construct: 'condition of payment', range: c.payment.range, message });
    } else if (c.benefit) {
      const amount = this.resultConstant('benefit formula', c.benefit.amount);
      if (amount !== undefined) params.benefit = { amount, currency: c.currency, period: c.benefit.period };
    }
    const scores: Record<string, unknown> = {};
    for (const s of c.scores) {
      const v = this.resultConstant(`score ${s.name.text}`, s.value);
      if (v !== undefined) scores[s.name.text] = v;
    }
    if (Object.keys(scores).length > 0) params.scores = scores;
    if (c.outcome) {
      const v = this.resultConstant('outcome', c.outcome.value);
      if (v !== undefined) params.outcome = v;
    }
    return params;
  }

  private resultConstant(construct: string, e: Expr): unknown {
    if (this.isConstant(e)) return this.fold(e);
    const message =
      `line ${e.range.start.line}: ${construct} \`${short(e)}\` depends on the household; json-rules-engine ` +
      `computes no values (its events carry constant params)`;
    (this.options.eligibilityOnly ? this.omitted : this.unsupported).push({ construct, range: e.range, message });
    return undefined;
  }

  // ---------------------------------------------------------------- conditions

  private item(item: ConditionItem): Cond | undefined {
    if (item.kind === 'LabelledCondition') {
      const t = this.test(item.test);
      return t && { ...t, name: item.label };
    }
    const parts = item.items.map((i) => this.item(i));
    if (parts.some((p) => p === undefined)) return undefined;
    // Groups only where the logic needs one: an `all` inside an `all` (or `any` in `any`) is spliced into
    // its parent, as a json-rules-engine user writes one flat list; the leaves keep their labels as `name`.
    // An empty `any` is true in json-rules-engine but false in the language.
    const anyOf = parts.length === 0 ? NEVER : group('any', parts as Cond[]);
    if (item.combinator === 'all') return group('all', parts as Cond[]);
    return item.combinator === 'any' ? anyOf : { not: anyOf };
  }

  /** A boolean expression as a condition; undefined (with the reason recorded) when it cannot be one. */
  private test(e: Expr): Cond | undefined {
    if (this.isConstant(e)) return this.fold(e) === true ? ALWAYS : NEVER;
    switch (e.kind) {
      case 'Binary': {
        if (e.op !== 'and' && e.op !== 'or') break;
        const l = this.test(e.left);
        const r = this.test(e.right);
        return l && r && group(e.op === 'and' ? 'all' : 'any', [l, r]);
      }
      case 'Unary': {
        const x = e.op === 'not' ? this.test(e.operand) : undefined;
        return x && { not: x };
      }
      case 'Compare': {
        const l = this.operand(e.left);
        const r = this.operand(e.right);
        if (!l || !r) return undefined;
        if (l.kind === 'const') return r.kind === 'fact' ? leaf(r, OPERATORS[FLIPPED[e.op]], l.value) : undefined;
        return leaf(l, OPERATORS[e.op], r.kind === 'const' ? r.value : { fact: r.fact });
      }
      case 'InRange': {
        const x = this.operand(e.value);
        if (!x || x.kind !== 'fact') return undefined;
        const { low, high, highExclusive } = e.bounds;
        const parts: Cond[] = [];
        if (low) parts.push(leaf(x, 'greaterThanInclusive', this.fold(low)));
        if (high) parts.push(leaf(x, highExclusive ? 'lessThan' : 'lessThanInclusive', this.fold(high)));
        const c = group('all', parts);
        return e.negated ? { not: c } : c;
      }
      case 'InSet': {
        const x = this.operand(e.value);
        return x?.kind === 'fact' ? leaf(x, e.negated ? 'notIn' : 'in', e.members.map((m) => m.text)) : undefined;
      }
      case 'IsEnum': {
        const x = this.operand(e.value);
        return x?.kind === 'fact' ? leaf(x, e.negated ? 'notEqual' : 'equal', e.enumValue.text) : undefined;
      }
      case 'IfExpr': {
        // A condition chosen by a condition (`if kWh is known then kWh <= 70 else bill <= 40`): one
        // boolean fact the adapter computes, as a json-rules-engine user computes `dignityTariff`.
        const program = findExpr(e, (x) => x.kind === 'ProgramDecision', this.checked);
        if (program) return void this.refuseProgram(program);
        return leaf(this.computedFact(e, 'condition chosen by a condition', e, e.range.start.line), 'equal', true);
      }
      default:
        break;
    }
    // A boolean-valued operand: a boolean field, a `let`, `any(…)` / `all(…)`.
    const x = this.operand(e);
    return x?.kind === 'fact' ? leaf(x, 'equal', true) : undefined;
  }

  // ---------------------------------------------------------------- operands

  private operand(e: Expr): Operand | undefined {
    if (this.isConstant(e)) {
      const value = this.fold(e);
      return value === undefined ? undefined : { kind: 'const', value };
    }
    const stored = this.storedInput(e);
    if (stored) return stored;
    const r = e.kind === 'NameRef' ? this.checked.names.get(e.id) : undefined;
    if (r?.kind === 'let') {
      // A let may hold anything the adapter can compute; only another program's decision is out of reach.
      const program = findExpr(r.decl.value, (x) => x.kind === 'ProgramDecision', this.checked);
      if (program) return void this.refuseProgram(program);
      return this.computedFact(e, `let ${r.decl.name.text}`, r.decl.value, r.decl.range.start.line);
    }
    // Inline, the refused constructs stay refused; the lets it reads are computed facts' business, except
    // another program's decision, which the adapter can never compute.
    const program = findExpr(e, (x) => x.kind === 'ProgramDecision', this.checked);
    if (program) return void this.refuseProgram(program);
    const refused = findExpr(e, (x) => refusedConstruct(this.checked, x) !== undefined);
    if (refused) {
      const name = refusedConstruct(this.checked, refused)!;
      this.refuse(refused, name, 'json-rules-engine cannot express it inside a condition; move it into a `let` to export it as a computed fact');
      return undefined;
    }
    const description = e.kind === 'FieldAccess' ? 'derived field' : e.kind === 'IsKnown' ? 'presence test' : 'inline expression';
    return this.computedFact(e, description, e, e.range.start.line);
  }

  /** `household.a.b`, `youth.employment`, `head.schooling`: a flat input fact, the field's value (null
   *  when absent) — no JSONPath into a nested record, which json-rules-engine evaluates per condition. */
  private storedInput(e: Expr): Operand | undefined {
    if (e.kind !== 'FieldAccess') return undefined;
    const ref = this.checked.fields.get(e.id);
    const kind = this.checked.types.get(e.id)?.kind;
    if (ref?.kind !== 'stored' || !(kind === 'number' || kind === 'bool' || kind === 'enum' || kind === 'text')) return undefined;
    const root = ownerRoot(this.checked, e);
    const r = root.kind === 'NameRef' ? this.checked.names.get(root.id) : undefined;
    let owner: string | undefined;
    if (r?.kind === 'subject') owner = 'the member the decision is about';
    else if (r?.kind === 'builtin' && r.name === 'household') owner = 'the household';
    else if (r?.kind === 'builtin' && (r.name === 'head' || r.name === 'spouse')) owner = `the first member whose relationship is ${r.name} (null when there is none)`;
    if (!owner) return undefined;
    const id = formatExpr(e, 0);
    if (!this.facts.has(id)) {
      this.computed.set(id, e);
      this.facts.set(id, {
        id, kind: 'input', description: `${owner}: field ${ref.path.join('.')} (null when absent; numbers to 6 decimal places)`,
        field: ref.path.join('.'), type: kind,
      });
    }
    return { kind: 'fact', fact: id };
  }

  private computedFact(e: Expr, description: string, value: Expr, line: number): { kind: 'fact'; fact: string } {
    const id = formatExpr(e, 0);
    if (!this.facts.has(id)) {
      const type = this.checked.types.get(e.id);
      this.computed.set(id, e);
      this.facts.set(id, {
        id,
        kind: 'computed',
        description,
        expression: formatExpr(value, 0),
        type: type?.kind === 'date' ? 'date (days since 1970-01-01)' : (type?.kind ?? 'unknown'),
        ...(type?.kind === 'number' && type.unit !== 'any' ? { unit: unitText(type.unit) } : {}),
        line,
      });
    }
    return { kind: 'fact', fact: id };
  }

  // ---------------------------------------------------------------- constants

  private readonly constant = new Map<number, boolean>();

  /** True when `e` reads nothing from the household: literals, parameters, the date, lets of those. */
  private isConstant(e: Expr): boolean {
    let c = this.constant.get(e.id);
    if (c === undefined) this.constant.set(e.id, (c = this.computeIsConstant(e)));
    return c;
  }

  private computeIsConstant(e: Expr): boolean {
    switch (e.kind) {
      case 'NameRef': {
        const r = this.checked.names.get(e.id);
        if (r?.kind === 'parameter') return true;
        if (r?.kind === 'let') return this.isConstant(r.decl.value);
        return r?.kind === 'builtin' && r.name === 'evaluation_date';
      }
      case 'FieldAccess':
      case 'Aggregate':
      case 'ProgramDecision':
      case 'IsKnown':
        return false;
      default:
        return childExprs(e).every((c) => this.isConstant(c));
    }
  }

  /** The value of a constant expression on the date; records why when there is none. */
  private fold(e: Expr): unknown {
    const v = new FactEvaluator(this.checked, { members: [] }, this.day, -1).eval(e);
    if (v !== undefined) return v;
    const off = findExpr(e, (x) => {
      const r = x.kind === 'NameRef' ? this.checked.names.get(x.id) : undefined;
      return r?.kind === 'parameter' && !parameterOn(lower(this.checked), r.decl.name.text, this.day);
    }, this.checked);
    if (off?.kind === 'NameRef') this.refuse(off, 'parameter not in force', `${off.name} has no value in force on ${this.options.date}`);
    else this.refuse(e, 'constant without a value', 'division by zero, or no table row matches');
    return undefined;
  }

  // ---------------------------------------------------------------- refusals

  private refuse(e: Expr, construct: string, why: string): void {
    const message = `line ${e.range.start.line}: ${construct} (\`${short(e)}\`): ${why}`;
    if (!this.unsupported.some((u) => u.message === message)) this.unsupported.push({ construct, range: e.range, message });
  }

  private refuseProgram(e: Expr): void {
    this.refuse(e, 'eligible(…) of another program', 'another ruleset\'s decision cannot be exported; export that program and combine the events');
  }
}

/** The construct's name when json-rules-engine cannot take it inline in a condition. */
function refusedConstruct(checked: CheckedRuleset, e: Expr): string | undefined {
  switch (e.kind) {
    case 'PointsSum':
      return 'sum of';
    case 'IfExpr':
      return 'if … then … else';
    case 'ProgramDecision':
      return 'eligible(…) of another program';
    case 'Call': {
      const t = checked.calls.get(e.id);
      if (t?.kind === 'table') return `table ${t.decl.name.text} (bands/points)`;
      const entry = t ? operation(t.name) : undefined;
      return entry?.kind === 'function' && entry.floating ? entry.name : undefined;
    }
    default:
      return undefined;
  }
}

/** Depth-first search of `e` (itself included) for a node matching `test`; with `checked`, into lets too. */
function findExpr(e: Expr, test: (x: Expr) => boolean, checked?: CheckedRuleset, seen = new Set<number>()): Expr | undefined {
  if (test(e)) return e;
  for (const c of childExprs(e)) {
    const hit = findExpr(c, test, checked, seen);
    if (hit) return hit;
  }
  const r = checked && e.kind === 'NameRef' ? checked.names.get(e.id) : undefined;
  if (r?.kind === 'let' && !seen.has(r.decl.id)) {
    seen.add(r.decl.id);
    return findExpr(r.decl.value, test, checked, seen);
  }
  return undefined;
}

function leaf(x: { fact: string }, operator: string, value: unknown): Cond {
  return { fact: x.fact, operator, value };
}

/** `{all: […]}` with nested unnamed-or-named `all`s spliced in; one part alone is that part. */
function group(op: 'all' | 'any', parts: Cond[]): Cond {
  const flat = flatten(op, parts);
  return flat.length === 1 ? flat[0]! : { [op]: flat };
}

function flatten(op: 'all' | 'any', parts: Cond[]): Cond[] {
  const out: Cond[] = [];
  for (const p of parts) {
    const inner = p[op];
    // Not ALWAYS/NEVER's empty lists: `{all: []}` inside an `any` must stay true.
    if (Array.isArray(inner) && inner.length > 0 && Object.keys(p).every((k) => k === op || k === 'name')) {
      // A labelled group's label goes to the parts that have none (`"aged 18 to 24": a >= 18 and a <= 24`).
      const named = p.name === undefined ? (inner as Cond[]) : (inner as Cond[]).map((c) => (c.name === undefined ? { ...c, name: p.name } : c));
      out.push(...flatten(op, named));
    } else out.push(p);
  }
  return out;
}

function short(e: Expr): string {
  const text = formatExpr(e, 0);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `{BOB: 1, person: -1, month: -1}` → "BOB per person per month" (time units last, as rulesets write them). */
function unitText(u: Unit): string {
  const time = ['day', 'month', 'bimonth', 'year'];
  const keys = Object.keys(u).sort((a, b) => Number(time.includes(a)) - Number(time.includes(b)));
  const num = keys.filter((k) => u[k] > 0).flatMap((k) => Array<string>(u[k]).fill(k));
  const den = keys.filter((k) => u[k] < 0).flatMap((k) => Array<string>(-u[k]).fill(k));
  return [num.length ? num.join(' ') : 'number', ...den.map((d) => `per ${d}`)].join(' ');
}
