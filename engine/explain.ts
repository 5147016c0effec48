// The explanation tree and the reasons, built from the AST plus the values of the explained nodes.
// Both evaluators feed this one builder (compiled traces and interpreter values through `NodeTrace`), so
// their explanations agree by construction.
import { operation } from '../ops/registry';
import type { Aggregate, ConditionItem, Expr, ParameterDecl, Provenance, Range } from '../dsl/ast';
import type { CheckedRuleset, Type } from '../dsl/check/types';
import { formatUnit } from '../dsl/check/units';
import type { ExplanationNode } from './decision';
import { lower } from './ir/lower';
import { parameterOn } from './ir/resolve';
import { compoundPartsOf, memberQuantifierIds, operandsOf } from './trace-points';
import { sortPointers, type Unknown } from './unknown';
import type { MemberTruth } from './interpret';
import { formatIsoDate } from './values';

/** The values of a subject's explained nodes: `value` is undefined when unknown; `origins` says why. */
export interface NodeTrace {
  value(id: number): unknown;
  origins(id: number): Unknown | undefined;
  /** Which members meet an `any`/`all` condition (asked only for a condition's own test). */
  members(agg: Aggregate): MemberTruth[];
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
  compound: boolean; // `and`, `or`, `not`, `if`: the node shows the deciding parts as children
  provenanceDay: number; // the day `parameterProvenance` is for
  parameterProvenance: Pick<Provenance, 'type' | 'text'> | undefined;
}

const partLabels = new WeakMap<Expr, string>();

const OP_WORDS: Record<string, string> = {
  '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least', '=': 'equal to', '!=': 'different from',
};

/** Per ruleset: what the sentences print after a node's value, by node id (worked out on first use). */
interface Statics {
  units: (string | null)[]; // the unit text, null for none
  sentenceUnits: (string | null)[];
  leaves: (LeafInfo | undefined)[];
}

const staticsOf = new WeakMap<CheckedRuleset, Statics>();

class Builder {
  private dateText: string | undefined;
  private readonly statics: Statics;

  constructor(
    private readonly checked: CheckedRuleset,
    private readonly trace: NodeTrace,
    private readonly day: number,
  ) {
    let st = staticsOf.get(checked);
    if (!st) staticsOf.set(checked, (st = { units: [], sentenceUnits: [], leaves: [] }));
    this.statics = st;
  }

  // ------------------------------------------------------------ the tree

  tree(): ExplanationNode {
    const c = this.checked;
    const children: ExplanationNode[] = [];
    const filter = this.filterExpr();
    if (filter) children.push(this.leaf(filter, 'the program is about this member', filter.range, undefined));
    if (c.eligible) children.push(this.item(c.eligible.condition));
    for (const l of c.lets) children.push(this.valueNode(l.name.text, l.value, l.range));
    if (c.benefit) children.push(this.valueNode('benefit', c.benefit.amount, c.benefit.range));
    for (const s of c.scores) children.push(this.valueNode(`score ${s.name.text}`, s.value, s.range));
    if (c.outcome) children.push(this.valueNode(c.outcome.whenEligible ? 'outcome (reported when eligible)' : 'outcome', c.outcome.value, c.outcome.range));
    return {
      kind: 'all',
      label: c.header.title,
      holds: this.eligible(),
      ...this.place(c.eligible?.range ?? c.header.range),
      children,
    };
  }

  /** Where a rule is written: its line, and for a variant's inherited rule the ruleset it is written in. */
  private place(range: Range): { line: number; program?: string } {
    const from = this.checked.inheritedFrom?.(range);
    return from ? { line: range.start.line, program: from } : { line: range.start.line };
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
    if (i.kind === 'LabelledCondition') return this.leaf(i.test, i.label, i.range, i.provenance);
    const children: ExplanationNode[] = [];
    for (const c of i.items) children.push(this.item(c));
    const node: ExplanationNode = {
      kind: i.combinator,
      label: i.label ?? `${i.combinator} of`,
      holds: this.holds(i.id),
      ...this.place(i.range),
      children,
    };
    return this.withOrigins(node, i.id);
  }

  private leaf(test: Expr, label: string, range: Range, provenance: Provenance | undefined): ExplanationNode {
    const info = this.leafInfo(test);
    const node: ExplanationNode = { kind: 'condition', label, holds: this.holds(test.id), ...this.place(range) };
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
    let prov: Pick<Provenance, 'type' | 'text'> | undefined = provenance;
    if (!prov && info.parameter) {
      if (info.provenanceDay !== this.day) {
        info.parameterProvenance = parameterOn(lower(this.checked), info.parameter.name.text, this.day)?.provenance;
        info.provenanceDay = this.day;
      }
      prov = info.parameterProvenance;
    }
    if (prov) {
      if (prov.type === 'source') node.source = prov.text;
      else node.assumption = prov.text;
    }
    if (isMemberQuantifier(test) && node.holds !== null && memberQuantifierIds(this.checked).has(test.id)) {
      // `any(members as c: …)`: which members meet it, one line each, so the case worker sees who.
      node.children = this.trace.members(test).map((m) => ({ kind: 'condition', label: `member ${m.id}`, holds: m.holds }));
    }
    if (info.compound) {
      // The comparisons that decided a compound test, each with its figures.
      const parts = this.deciding(test);
      if (parts.length > 0) {
        const children: ExplanationNode[] = [];
        for (const p of parts) children.push(this.leaf(p, this.partLabel(p), p.range, undefined));
        node.children = children;
      }
    }
    return this.withOrigins(node, test.id);
  }

  /** What a condition shows that does not depend on the household, worked out once per test. */
  private leafInfo(test: Expr): LeafInfo {
    let info = this.statics.leaves[test.id];
    if (info) return info;
    const [seen, against] = operandsOf(test);
    info = {
      seen,
      unit: (seen && this.unitText(seen.id)) ?? (against && this.unitText(against.id)),
      compared: this.staticCompared(test),
      name: test.kind === 'Compare' ? this.nameOf(test.right) : undefined,
      parameter: against && this.parameterOf(against),
      compound: compoundPartsOf(test).length > 0,
      provenanceDay: NaN,
      parameterProvenance: undefined,
    };
    this.statics.leaves[test.id] = info;
    return info;
  }

  /** The parts of a compound test that decided its value, as the evaluation went (both evaluators skip the
   *  right of `a and b` when `a` is false, and every branch not taken):
   *  - `a and b`: the false one when false, both when true, those not true when unknown; `or` dually;
   *  - `not a`: `a`;  `if c then x else y`: `c` and the branch taken (only `c` when it is unknown).
   *  A chain of the same operator is flattened (`a and b and c` gives up to three parts). */
  private deciding(e: Expr): Expr[] {
    const out: Expr[] = [];
    this.collectDeciding(e, out);
    return out;
  }

  private collectDeciding(e: Expr, out: Expr[]): void {
    if (e.kind === 'Unary') {
      out.push(e.operand);
    } else if (e.kind === 'IfExpr') {
      out.push(e.condition);
      const c = this.holds(e.condition.id);
      if (c !== null) out.push(c ? e.then : e.otherwise);
    } else if (e.kind === 'Binary') {
      const decided = e.op === 'or'; // the value that settles it: true for `or`, false for `and`
      const v = this.holds(e.id);
      const sides = [e.left, e.right];
      for (const side of sides) {
        const s = this.holds(side.id);
        const shown = v === decided ? s === decided : v === null ? s !== !decided : true;
        if (!shown) continue;
        if (side.kind === 'Binary' && side.op === e.op) this.collectDeciding(side, out);
        else out.push(side);
        if (v === decided) return; // the first deciding side is the one the evaluation stopped at
      }
    }
  }

  /** A part's label, written from the rule: "year at most max primary year". */
  private partLabel(e: Expr): string {
    let label = partLabels.get(e);
    if (label === undefined) partLabels.set(e, (label = this.describe(e)));
    return label;
  }

  private describe(e: Expr): string {
    const subject = (x: Expr) => words(this.subjectOf(x));
    switch (e.kind) {
      case 'Compare': {
        const name = this.nameOf(e.right);
        const right = name ? words(name) : e.right.kind === 'NumberLiteral' || e.right.kind === 'DateLiteral' ? e.right.text : subject(e.right);
        return `${subject(e.left)} ${OP_WORDS[e.op]} ${right}`;
      }
      case 'InRange':
        return `${subject(e.value)} ${e.negated ? 'not ' : ''}in ${this.rangeText(e)}`;
      case 'InSet':
        return `${subject(e.value)} ${e.negated ? 'not ' : ''}one of ${e.members.map((m) => m.text).join(', ')}`;
      case 'IsEnum':
        return `${subject(e.value)} is ${e.negated ? 'not ' : ''}${e.enumValue.text}`;
      case 'IsKnown':
        return `${subject(e.value)} is ${e.negated ? 'not known' : 'known'}`;
      case 'Binary':
        if (e.op === 'and' || e.op === 'or') return `${this.describe(e.left)} ${e.op} ${this.describe(e.right)}`;
        return subject(e);
      case 'Unary':
        return e.op === 'not' ? `not ${this.describe(e.operand)}` : subject(e);
      case 'IfExpr':
        return `if ${this.describe(e.condition)} then ${this.describe(e.then)} else ${this.describe(e.otherwise)}`;
      default:
        return subject(e);
    }
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

  private valueNode(label: string, e: Expr, range: Range): ExplanationNode {
    const node: ExplanationNode = { kind: 'value', label, value: this.display(e.id), ...this.place(range) };
    const unit = this.unitText(e.id);
    if (unit) node.unit = unit;
    if (e.kind === 'PointsSum') {
      const children: ExplanationNode[] = [];
      for (const t of e.terms) {
        const term: ExplanationNode = { kind: 'term', label: t.label, value: this.display(t.value.id), ...this.place(t.range) };
        children.push(this.withOrigins(term, t.value.id));
      }
      node.children = children;
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
    const detail = i.kind === 'LabelledCondition' ? this.detail(i.test, held, true) : undefined;
    return detail ? `${prefix}: ${label} — ${detail}` : `${prefix}: ${label}`;
  }

  private cannotDecide(label: string, id: number): string {
    const o = this.trace.origins(id);
    const needs = [...sortPointers(o?.missing ?? []), ...[...(o?.notInForce ?? [])].sort().map((p) => `${p} (not in force on ${this.date()})`)];
    const errors = [...(o?.errors ?? [])].sort();
    let s = `Cannot decide: ${label}`;
    if (needs.length > 0) s += ` needs ${needs.join(', ')}`;
    if (errors.length > 0) s += ` — ${errors.join('; ')}`;
    return s;
  }

  /** "per capita income 900 BOB per person per month is not below 700 BOB per person per month (poverty
   *  line)"; for a compound test, the figures of the parts that decided it. `top`: a condition's own test
   *  (a plain true/false value there says nothing the label does not). */
  private detail(t: Expr, held: boolean, top: boolean): string | undefined {
    switch (t.kind) {
      case 'Compare':
        return this.comparison(t, held, true);
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
      case 'Binary':
      case 'Unary':
      case 'IfExpr': {
        if (compoundPartsOf(t).length === 0) break;
        const parts = this.deciding(t);
        let out: string | undefined;
        let previous: Expr | undefined; // "age 21 years is at least 18 years and at most 24 years"
        for (const p of parts) {
          if (t.kind === 'IfExpr' && p === t.condition) continue; // the branch taken carries the figures
          const v = this.holds(p.id);
          if (v === null) continue;
          const same = previous !== undefined && p.kind === 'Compare' && sameValue(previous, p.left);
          const d = same ? this.comparison(p as Extract<Expr, { kind: 'Compare' }>, v, false) : this.detail(p, v, false);
          previous = p.kind === 'Compare' ? p.left : undefined;
          if (d) out = out === undefined ? d : `${out} and ${d}`;
        }
        return out;
      }
    }
    if (top && isMemberQuantifier(t) && memberQuantifierIds(this.checked).has(t.id)) {
      // Who meets it (any), or who does not (all); the others are not worth a sentence.
      const members = this.trace.members(t);
      const deciding = members.filter((m) => m.holds === (t.op === 'any'));
      if (deciding.length === 0) return t.op === 'any' ? 'no member' : 'every member';
      const who = `member${deciding.length > 1 ? 's' : ''} ${deciding.map((m) => m.id).join(', ')}`;
      return t.op === 'any' ? who : `${who} ${deciding.length > 1 ? 'do' : 'does'} not`;
    }
    // A plain true/false: as a condition's own test the label says it all; an aggregate part neither.
    if (top || t.kind === 'Aggregate') return undefined;
    const v = this.display(t.id);
    return `${words(this.subjectOf(t))}: ${v === true ? 'yes' : v === false ? 'no' : this.text(t.id)}`;
  }

  /** "age 20 years is at least 18 years (minimum age)"; "at most 24 years (maximum age)" without the value
   *  seen (`withSeen` false), after a comparison of the same value. */
  private comparison(t: Extract<Expr, { kind: 'Compare' }>, held: boolean, withSeen: boolean): string {
    const name = this.nameOf(t.right);
    const named = name && t.right.kind === 'NameRef' ? ` (${words(name)})` : '';
    // The threshold repeats a short unit ("18 years"), not a long one the value just showed.
    const unit = this.sentenceUnit(t.right.id) ?? this.sentenceUnit(t.left.id);
    const threshold = unit && !unit.includes(' per ') ? this.withUnit(t.right.id, unit) : this.text(t.right.id);
    const what = `${OP_WORDS[t.op]} ${threshold}${named}`;
    if (!withSeen) return held ? what : `not ${what}`;
    return `${this.seen(t.left)} ${held ? 'is' : 'is not'} ${what}`;
  }

  /** "per capita income 900 BOB per person per month". */
  private seen(e: Expr): string {
    return `${words(this.subjectOf(e))} ${this.withUnit(e.id, this.sentenceUnit(e.id))}`;
  }

  /** The unit a sentence prints after a value: not an ordinal one ("year 6", not "year 6 grades"). */
  private sentenceUnit(id: number): string | undefined {
    let u = this.statics.sentenceUnits[id];
    if (u === undefined) {
      const unit = this.unitText(id);
      this.statics.sentenceUnits[id] = u = unit === undefined || UNPRINTED.has(unit.split(' ')[0]) ? null : unit;
    }
    return u ?? undefined;
  }

  /** "5 years", "1 year", "39.0425 BOB per month": a value as a person reads it. */
  private withUnit(id: number, unit: string | undefined): string {
    const text = this.text(id);
    if (!unit || this.display(id) === null) return text;
    return `${text} ${this.display(id) === 1 ? unit : plural(unit)}`;
  }

  // ------------------------------------------------------------ values and names

  private date(): string {
    return (this.dateText ??= formatIsoDate(this.day));
  }

  private holds(id: number): boolean | null {
    const v = this.trace.value(id);
    return v === true || v === false ? v : null;
  }

  /** A value as JSON shows it: numbers, text, booleans; dates as ISO text; a member as its id. */
  private display(id: number): unknown {
    const v = this.trace.value(id);
    if (v === undefined) return null;
    if (typeof v === 'boolean' || typeof v === 'string') return v;
    const t = this.checked.types.get(id);
    if (typeof v === 'number') return t?.kind === 'date' ? formatIsoDate(v) : v;
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
    let u = this.statics.units[id];
    if (u === undefined) this.statics.units[id] = u = this.computeUnitText(id) ?? null;
    return u ?? undefined;
  }

  private computeUnitText(id: number): string | undefined {
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
        return DERIVED_PHRASES[e.field.text] ?? e.field.text;
      case 'Call': {
        // "years since state resident since", "years in pe/juntos": what the number counts.
        const [a, b] = e.args;
        const name = e.callee.text;
        const entry = operation(name);
        if (entry?.kind === 'function' && entry.meaning.kind === 'elapsed' && a && b) {
          const counted = `${entry.meaning.unit}s`;
          const since = this.subjectOf(a);
          if (!(b.kind === 'NameRef' && b.name === 'evaluation_date')) return `${counted} from ${since} to ${this.subjectOf(b)}`;
          // `state_resident_since` → "years as state resident"; another date → "years since <date>".
          return since.endsWith('_since') ? `${counted} as ${since.slice(0, -'_since'.length)}` : `${counted} since ${since}`;
        }
        if (entry?.kind === 'participation' && entry.measure === 'years' && a?.kind === 'ProgramLiteral') return `years in ${a.program.programId}`;
        return name;
      }
      case 'Aggregate':
        return e.op === 'count' ? 'number of members' : `${e.op} of members`;
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

/** Two reads of the same value (`youth.age` twice): the same field or name of the same owner. */
function sameValue(a: Expr, b: Expr): boolean {
  if (a.kind === 'NameRef' && b.kind === 'NameRef') return a.name === b.name;
  if (a.kind === 'FieldAccess' && b.kind === 'FieldAccess') return a.field.text === b.field.text && sameValue(a.object, b.object);
  return false;
}

const unitTexts = new WeakMap<object, string>();

const UNPRINTED = new Set(['grade']);

const COUNTABLE = new Set(['year', 'month', 'bimonth', 'day', 'person', 'point', 'checkup', 'room', 'grade']);

const plurals = new Map<string, string>();

/** A value with its unit as a person reads it: "21 years", "1 year", "450 BOB per person per month". */
export function quantityText(value: unknown, unit: string | undefined): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (!unit || value === null || value === undefined) return text;
  return `${text} ${value === 1 ? unit : plural(unit)}`;
}

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

/** Derived fields as a sentence names them. */
const DERIVED_PHRASES: Record<string, string> = { residency_years: 'years_of_residency', size: 'household_size' };

/** `any(members as m: …)` / `all(members as m: …)`: a condition about some or every member. */
function isMemberQuantifier(e: Expr): e is Aggregate {
  return e.kind === 'Aggregate' && (e.op === 'any' || e.op === 'all');
}
