// The explanation tree and the reasons, built from the AST plus the values of the explained nodes.
// Both evaluators feed this one builder (compiled traces and interpreter values through `NodeTrace`), so
// their explanations agree by construction.
import type { ConditionItem, Expr, LabelledCondition, ParameterDecl, Provenance } from '../dsl/ast';
import type { CheckedRuleset, Type } from '../dsl/check/types';
import { formatUnit } from '../dsl/check/units';
import type { ExplanationNode } from './decision';
import { parameterInForce } from './semantics';
import { operandsOf } from './trace-points';
import { sortPointers, type Unknown } from './unknown';
import { formatIsoDate } from './values';

/** The values of a subject's explained nodes: `value` is undefined when unknown; `origins` says why. */
export interface NodeTrace {
  value(id: number): unknown;
  origins(id: number): Unknown | undefined;
}

export interface Explained {
  explanation: ExplanationNode | undefined;
  reasons: string[];
}

export function explainSubject(checked: CheckedRuleset, trace: NodeTrace, day: number, withTree: boolean): Explained {
  const b = new Builder(checked, trace, day);
  return { reasons: b.reasons(), explanation: withTree ? b.tree() : undefined };
}

interface LeafInfo {
  seen: Expr | undefined;
  unit: string | undefined;
  compared: ExplanationNode['compared'] | undefined; // when it does not depend on the household
  name: string | undefined; // the parameter or let a comparison's threshold names
  parameter: ParameterDecl | undefined; // whose provenance a condition without its own shows
}

const leafInfos = new WeakMap<Expr, LeafInfo>();

const OP_WORDS: Record<string, string> = {
  '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least', '=': 'equal to', '!=': 'different from',
};

class Builder {
  constructor(
    private readonly checked: CheckedRuleset,
    private readonly trace: NodeTrace,
    private readonly day: number,
  ) {}

  // ------------------------------------------------------------ the tree

  tree(): ExplanationNode {
    const c = this.checked;
    const children: ExplanationNode[] = [];
    const filter = this.filterExpr();
    if (filter) children.push(this.leaf(filter, 'the program is about this member', filter.range.start.line, undefined));
    if (c.eligible) children.push(this.item(c.eligible.condition));
    for (const l of c.lets) children.push(this.valueNode(l.name.text, l.value, l.range.start.line));
    if (c.benefit) children.push(this.valueNode('benefit', c.benefit.amount, c.benefit.range.start.line));
    for (const s of c.scores) children.push(this.valueNode(`score ${s.name.text}`, s.value, s.range.start.line));
    if (c.outcome) children.push(this.valueNode('outcome', c.outcome.value, c.outcome.range.start.line));
    return {
      kind: 'all',
      label: c.header.title,
      holds: this.eligible(),
      line: c.eligible?.range.start.line ?? c.header.range.start.line,
      children,
    };
  }

  private eligible(): boolean | null {
    const filter = this.filterExpr();
    const f = filter ? this.holds(filter.id) : true;
    const e = this.checked.eligible ? this.holds(this.checked.eligible.condition.id) : true;
    if (f === false || e === false) return false;
    return f === null || e === null ? null : true;
  }

  private filterExpr(): Expr | undefined {
    const s = this.checked.subject;
    return s.kind === 'MemberSubject' ? s.filter : undefined;
  }

  private item(i: ConditionItem): ExplanationNode {
    if (i.kind === 'LabelledCondition') return this.leaf(i.test, i.label, i.range.start.line, i.provenance);
    const node: ExplanationNode = {
      kind: i.combinator,
      label: i.label ?? `${i.combinator} of`,
      holds: this.holds(i.id),
      line: i.range.start.line,
      children: i.items.map((c) => this.item(c)),
    };
    return this.withOrigins(node, i.id);
  }

  private leaf(test: Expr, label: string, line: number, provenance: Provenance | undefined): ExplanationNode {
    const info = this.leafInfo(test);
    const node: ExplanationNode = { kind: 'condition', label, holds: this.holds(test.id), line };
    if (info.seen) {
      node.value = this.display(info.seen.id);
      if (info.unit) node.unit = info.unit;
    }
    if (info.compared) node.compared = info.compared;
    else if (test.kind === 'Compare') {
      node.compared = info.name
        ? { op: test.op, threshold: this.display(test.right.id), name: info.name }
        : { op: test.op, threshold: this.display(test.right.id) };
    }
    const prov = provenance ?? (info.parameter && parameterInForce(info.parameter, this.day)?.provenance);
    if (prov) node[prov.type] = prov.text;
    return this.withOrigins(node, test.id);
  }

  /** What a condition shows that does not depend on the household, worked out once per test. */
  private leafInfo(test: Expr): LeafInfo {
    let info = leafInfos.get(test);
    if (info) return info;
    const [seen, against] = operandsOf(test);
    info = {
      seen,
      unit: (seen && this.unitText(seen.id)) ?? (against && this.unitText(against.id)),
      compared: this.staticCompared(test),
      name: test.kind === 'Compare' ? this.nameOf(test.right) : undefined,
      parameter: against && this.parameterOf(against),
    };
    leafInfos.set(test, info);
    return info;
  }

  private staticCompared(test: Expr): ExplanationNode['compared'] | undefined {
    switch (test.kind) {
      case 'InRange':
        return Object.freeze({ op: test.negated ? 'not in' : 'in', threshold: this.rangeText(test) });
      case 'InSet':
        return Object.freeze({ op: test.negated ? 'not in' : 'in', threshold: Object.freeze(test.members.map((m) => m.text)) });
      case 'IsEnum':
        return Object.freeze({ op: test.negated ? 'is not' : 'is', threshold: test.enumValue.text });
      case 'IsKnown':
        return Object.freeze({ op: test.negated ? 'is unknown' : 'is known', threshold: null });
      default:
        return undefined; // a comparison's threshold is a value of this evaluation
    }
  }

  private valueNode(label: string, e: Expr, line: number): ExplanationNode {
    const node: ExplanationNode = { kind: 'value', label, value: this.display(e.id), line };
    const unit = this.unitText(e.id);
    if (unit) node.unit = unit;
    if (e.kind === 'PointsSum') {
      node.children = e.terms.map((t) => {
        const term: ExplanationNode = { kind: 'term', label: t.label, value: this.display(t.value.id), line: t.range.start.line };
        return this.withOrigins(term, t.value.id);
      });
    }
    return this.withOrigins(node, e.id);
  }

  /** Adds what an unknown value would need: absent facts, parameters not in force, evaluation errors. */
  private withOrigins(node: ExplanationNode, id: number): ExplanationNode {
    if (this.trace.value(id) !== undefined) return node;
    const o = this.trace.origins(id);
    if (!o) return node;
    if (o.missing.size > 0) node.missing = sortPointers(o.missing);
    if (o.notInForce.size > 0) node.not_in_force = [...o.notInForce].sort();
    if (o.errors.size > 0) node.errors = [...o.errors].sort();
    return node;
  }

  // ------------------------------------------------------------ reasons

  reasons(): string[] {
    const verdict = this.eligible();
    const c = this.checked;
    const filter = this.filterExpr();
    const out: string[] = [];
    if (verdict === null && filter && this.holds(filter.id) === null) {
      out.push(this.cannotDecide('whether the program is about this member', filter.id));
    }
    if (!c.eligible) return out;
    const root = c.eligible.condition;
    if (verdict === false) this.failed(root, out);
    if (verdict === true) this.decisive(root, out);
    if (verdict === null) this.undecided(root, out);
    return out;
  }

  /** Ineligible: each failed leaf. */
  private failed(i: ConditionItem, out: string[]): void {
    if (this.holds(i.id) !== false) return;
    if (i.kind === 'LabelledCondition') {
      out.push(this.sentence('Not met', i, false));
    } else if (i.combinator === 'none') {
      for (const c of i.items) if (this.holds(c.id) === true) out.push(this.sentence('Not met', c, true, 'must not hold'));
    } else {
      for (const c of i.items) this.failed(c, out);
    }
  }

  /** Eligible: the conditions that decided it. */
  private decisive(i: ConditionItem, out: string[]): void {
    if (this.holds(i.id) !== true) return;
    if (i.kind === 'LabelledCondition') out.push(this.sentence('Met', i, true));
    else if (i.combinator === 'none') for (const c of i.items) out.push(this.sentence('Met', c, false, 'does not hold'));
    else for (const c of i.items) this.decisive(c, out);
  }

  /** Undetermined: the leaves still unknown, with what each needs. */
  private undecided(i: ConditionItem, out: string[]): void {
    if (this.holds(i.id) !== null) return;
    if (i.kind === 'LabelledCondition') out.push(this.cannotDecide(i.label, i.test.id));
    else for (const c of i.items) this.undecided(c, out);
  }

  private sentence(prefix: string, i: ConditionItem, held: boolean, verb?: string): string {
    const name = i.label ?? (i.kind === 'ConditionGroup' ? `${i.combinator} of` : '');
    const label = verb ? `${name} ${verb}` : name;
    const detail = i.kind === 'LabelledCondition' ? this.detail(i, held) : undefined;
    return detail ? `${prefix}: ${label} — ${detail}` : `${prefix}: ${label}`;
  }

  private cannotDecide(label: string, id: number): string {
    const o = this.trace.origins(id);
    const needs = [...sortPointers(o?.missing ?? []), ...[...(o?.notInForce ?? [])].sort().map((p) => `${p} (not in force on ${formatIsoDate(this.day)})`)];
    const errors = [...(o?.errors ?? [])].sort();
    let s = `Cannot decide: ${label}`;
    if (needs.length > 0) s += ` needs ${needs.join(', ')}`;
    if (errors.length > 0) s += ` — ${errors.join('; ')}`;
    return s;
  }

  /** "per capita income 900 BOB per person per month is not below 700". */
  private detail(i: LabelledCondition, held: boolean): string | undefined {
    const t = i.test;
    const is = held ? 'is' : 'is not';
    switch (t.kind) {
      case 'Compare': {
        const threshold = this.text(t.right.id);
        const name = this.nameOf(t.right);
        const named = name && t.right.kind === 'NameRef' ? ` (${words(name)})` : '';
        return `${this.seen(t.left)} ${is} ${OP_WORDS[t.op]} ${threshold}${named}`;
      }
      case 'InRange':
        return `${this.seen(t.value)} ${held !== t.negated ? 'is' : 'is not'} in ${this.rangeText(t)}`;
      case 'InSet': {
        const inside = held !== t.negated;
        return `${words(this.subjectOf(t.value))} is ${this.text(t.value.id)}, ${inside ? '' : 'not '}one of ${t.members.map((m) => m.text).join(', ')}`;
      }
      case 'IsEnum':
        return `${words(this.subjectOf(t.value))} is ${this.text(t.value.id)}`;
      case 'IsKnown':
        return `${words(this.subjectOf(t.value))} is ${held !== t.negated ? 'known' : 'not known'}`;
      default:
        return undefined;
    }
  }

  /** "per capita income 900 BOB per person per month". */
  private seen(e: Expr): string {
    const unit = this.unitText(e.id);
    const value = this.display(e.id);
    return `${words(this.subjectOf(e))} ${this.text(e.id)}${unit ? ` ${value === 1 ? unit : plural(unit)}` : ''}`;
  }

  // ------------------------------------------------------------ values and names

  private holds(id: number): boolean | null {
    const v = this.trace.value(id);
    return v === true || v === false ? v : null;
  }

  /** A value as JSON shows it: numbers, text, booleans; dates as ISO text; a member as its id. */
  private display(id: number): unknown {
    const v = this.trace.value(id);
    if (v === undefined) return null;
    const t = this.checked.types.get(id);
    if (t?.kind === 'date' && typeof v === 'number') return formatIsoDate(v);
    if (t?.kind === 'member' || t?.kind === 'household') return (v as { id?: unknown }).id ?? null;
    if (t?.kind === 'members') return Array.isArray(v) ? v.length : null;
    return v;
  }

  private text(id: number): string {
    const v = this.display(id);
    if (v === null) return 'unknown';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  private unitText(id: number): string | undefined {
    const t: Type | undefined = this.checked.types.get(id);
    if (t?.kind !== 'number' || t.unit === 'any') return undefined;
    let text = unitTexts.get(t.unit);
    if (text === undefined) unitTexts.set(t.unit, (text = Object.keys(t.unit).length === 0 ? '' : formatUnit(t.unit)));
    return text || undefined;
  }

  private rangeText(t: Extract<Expr, { kind: 'InRange' }>): string {
    const r = t.bounds;
    return `${r.low?.text ?? ''}..${r.highExclusive ? '<' : ''}${r.high?.text ?? ''}`;
  }

  /** What a value is called in a sentence: the let, parameter or field name, the function called. */
  private subjectOf(e: Expr): string {
    switch (e.kind) {
      case 'NameRef':
        return e.name;
      case 'FieldAccess':
        return e.field.text;
      case 'Call':
        return e.callee.text;
      case 'Aggregate':
        return `${e.op} of members`;
      default:
        return 'the value';
    }
  }

  /** The parameter or let a threshold names. */
  private nameOf(e: Expr): string | undefined {
    if (e.kind !== 'NameRef') return undefined;
    const r = this.checked.names.get(e.id);
    return r?.kind === 'parameter' || r?.kind === 'let' ? e.name : undefined;
  }

  private parameterOf(e: Expr): ParameterDecl | undefined {
    if (e.kind !== 'NameRef') return undefined;
    const r = this.checked.names.get(e.id);
    return r?.kind === 'parameter' ? r.decl : undefined;
  }
}

const unitTexts = new WeakMap<object, string>();

const COUNTABLE = new Set(['year', 'month', 'bimonth', 'day', 'person', 'point', 'checkup', 'room', 'grade']);

const plurals = new Map<string, string>();

/** "21 years", "3 persons per room": the leading unit takes a plural. */
function plural(unit: string): string {
  let p = plurals.get(unit);
  if (p === undefined) {
    const [first, ...rest] = unit.split(' ');
    plurals.set(unit, (p = [COUNTABLE.has(first) ? `${first}s` : first, ...rest].join(' ')));
  }
  return p;
}

const wordings = new Map<string, string>();

/** `per_capita_income` → "per capita income". */
function words(name: string): string {
  let w = wordings.get(name);
  if (w === undefined) wordings.set(name, (w = name.replace(/_/g, ' ')));
  return w;
}
