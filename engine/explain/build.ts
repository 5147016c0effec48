// Builds a subject's explanation from the IR and the values of its nodes, by node id. Both evaluators feed
// it through `NodeValues` (compiled traces, interpreter values), so their explanations agree by
// construction. Output is language-neutral: reasons as codes with machine arguments (types.ts), and the
// tree in the decision contract's shape whose only words — labels — come from a `TreeWords` the renderer
// supplies for the chosen language.
import { functionEntry } from '../../ops/registry';
import { unscaled } from '../ir/scale';
import { formatUnit } from '../../dsl/check/units';
import type { ExplanationNode } from '../decision';
import { periodOn } from '../ir/resolve';
import type {
  IrAggregate, IrCondition, IrExpr, IrLet, IrRuleset, IrType, Location, Provenance,
} from '../ir/types';
import { sortPointers, type Unknown } from '../unknown';
import { formatIsoDate } from '../values';
import { missingFacts } from './facts';
import type { TemplateSession } from './template';
import type { Breakdown, BreakdownTerm, CompareOp, Detail, LabelRef, MissingFact, Quantity, Reason, Term } from './types';

/** The values of a subject's explained nodes: `value` is undefined when unknown; `origins` says why. */
export interface NodeValues {
  value(id: number): unknown;
  origins(id: number): Unknown | undefined;
  /** Each member's answer to an `any`/`all` condition over members (asked only for a condition's test). */
  members(aggregateId: number): readonly { id: string; holds: boolean | null }[];
  /** Whether each member passes an aggregate's `where` filter (asked for an `all` that held). */
  concerned(aggregateId: number): readonly (boolean | null)[];
  /** A number the writing only shows (the figure a comparison or a range saw): `value`, but the writing
   *  promises to do nothing with it but put it in that quantity (explain/template.ts). */
  shown(id: number): unknown;
  /** Set while a part is written as a template (the memo's recorder). */
  readonly template?: TemplateSession;
}

/** A part of a subject's reasons (ExplanationBuilder.reasonParts): which writing, of which item; `key`
 *  names it among the ruleset's parts. */
export interface ReasonPart {
  kind: 'filter_unknown' | 'failed' | 'decisive' | 'undecided' | 'amount' | 'components';
  item: IrCondition | undefined;
  key: string;
}

/** The words of the tree: labels in the chosen language (the renderer caches them per node). */
export interface TreeWords {
  label(ref: LabelRef): string;
  aboutMember(): string;
  group(combinator: 'all' | 'any' | 'none'): string;
  member(id: string): string;
  /** A compound test's part, written from the rule ("year at most max primary year"). */
  part(e: IrExpr): string;
  value(kind: 'let' | 'benefit' | 'score' | 'outcome' | 'outcome_when_eligible' | 'no_cash_benefit', name: string): string;
  termLabel(ref: LabelRef): string;
}

export interface SubjectContext {
  ir: IrRuleset;
  values: NodeValues;
  day: number;
  /** The household's members, to name the member a missing fact is about. */
  members: readonly Record<string, unknown>[];
}

/** What an explanation shows of one test that does not depend on the household, per ruleset. */
interface Statics {
  /** Per test node: its operands, the unit text shown and a comparison that does not depend on the household. */
  leaves: ({ seen: IrExpr | undefined; against: IrExpr | undefined; unit: string | undefined; compared: ExplanationNode['compared'] | undefined } | undefined)[];
  provenanceDay: number[];
  provenance: (Provenance | null | undefined)[];
  noCash: boolean | undefined;
  /** The reason parts of each (verdict, filter unknown, split) — see reasonParts. */
  parts: (readonly ReasonPart[] | undefined)[];
}
const staticsOf = new WeakMap<IrRuleset, Statics>();

export class ExplanationBuilder {
  private readonly ir: IrRuleset;
  private v: NodeValues;
  private readonly day: number;
  private dayText: string | undefined;
  private readonly statics: Statics;

  constructor(private readonly ctx: SubjectContext) {
    this.ir = ctx.ir;
    this.v = ctx.values;
    this.day = ctx.day;
    let st = staticsOf.get(ctx.ir);
    if (!st) staticsOf.set(ctx.ir, (st = { leaves: [], provenanceDay: [], provenance: [], noCash: undefined, parts: [] }));
    this.statics = st;
  }

  // ------------------------------------------------------------ the verdict

  eligible(): boolean | null {
    const f = this.filter() ? this.holds(this.filter()!.id) : true;
    const e = this.ir.eligible ? this.holds(this.ir.eligible.id) : true;
    if (f === false || e === false) return false;
    return f === null || e === null ? null : true;
  }

  private filter(): IrExpr | undefined {
    const s = this.ir.subject;
    return s.kind === 'member' ? s.filter : undefined;
  }

  /** A program that pays nothing: no benefit, or a benefit that is the constant 0. */
  noCashBenefit(): boolean {
    if (this.statics.noCash === undefined) {
      const b = this.ir.benefit;
      this.statics.noCash = !b || (b.amount.kind === 'const' && b.amount.value === 0);
    }
    return this.statics.noCash;
  }

  // ------------------------------------------------------------ reasons

  reasons(): Reason[] {
    const out: Reason[] = [];
    for (const part of this.reasonParts()) this.writePart(part, out);
    return out;
  }

  /** The reasons in parts, in order (`reasons()` writes them one after the other): the verdict picks the
   *  parts, and each part reads only the values it says. A batch remembers each part's texts by what it
   *  read (explain/memo.ts): parts repeat across subjects far more often than whole lists of reasons. */
  reasonParts(): readonly ReasonPart[] {
    const verdict = this.eligible();
    const filter = this.filter();
    const filterUnknown = verdict === null && filter !== undefined && this.holds(filter.id) === null;
    const root = this.ir.eligible;
    // The items of a top-level `all of` that has the verdict's value are parts of their own (each writes
    // what the whole would: an `all` is false when an item is, true when all are, unknown otherwise);
    // any other root is one part.
    const split = root !== undefined && root.kind === 'group' && root.combinator === 'all' && this.holds(root.id) === verdict;
    // Which parts depends on three answers only, so each list is made once per ruleset.
    const slot = (verdict === false ? 0 : verdict === true ? 1 : 2) * 4 + (filterUnknown ? 2 : 0) + (split ? 1 : 0);
    return (this.statics.parts[slot] ??= partsOf(root, verdict, filterUnknown, split));
  }

  /** One part's reasons, appended to `out`. */
  writePart(part: ReasonPart, out: Reason[]): void {
    switch (part.kind) {
      case 'filter_unknown': {
        const filter = this.filter()!;
        out.push({ code: 'filter_unknown', node: filter.id, ...this.unknownOf(filter.id) });
        return;
      }
      case 'failed':
        return this.failed(part.item!, out);
      case 'decisive':
        return this.decisive(part.item!, out);
      case 'undecided':
        return this.undecided(part.item!, out);
      case 'amount': {
        const amount = this.amount();
        if (amount) out.push(amount);
        return;
      }
      case 'components':
        out.push(...this.components());
    }
  }

  /** The same builder reading other values for the length of `f` (the memo's recorder). */
  readingFrom<T>(values: NodeValues, f: () => T): T {
    const saved = this.v;
    this.v = values;
    try {
      return f();
    } finally {
      this.v = saved;
    }
  }

  /** Ineligible: each failed leaf; a failed `any of` as one reason listing its alternatives. */
  private failed(i: IrCondition, out: Reason[]): void {
    if (this.holds(i.id) !== false) return;
    if (i.kind === 'condition') {
      out.push({ code: 'not_met', node: i.id, label: labelRef(i), detail: this.detail(i.test, false, true) });
    } else if (i.combinator === 'none') {
      for (const c of i.items) if (this.holds(c.id) === true) out.push(this.itemReason('must_not_hold', c, true));
    } else if (i.combinator === 'any') {
      const items: Reason[] = [];
      for (const c of i.items) items.push(this.itemReason('not_met', c, false));
      out.push({ code: 'none_of_alternatives', node: i.id, label: i.label === undefined ? undefined : labelRef(i), items });
    } else {
      for (const c of i.items) this.failed(c, out);
    }
  }

  /** Eligible: the conditions that decided it. */
  private decisive(i: IrCondition, out: Reason[]): void {
    if (this.holds(i.id) !== true) return;
    if (i.kind === 'condition') out.push({ code: 'met', node: i.id, label: labelRef(i), detail: this.detail(i.test, true, true) });
    else if (i.combinator === 'none') for (const c of i.items) out.push(this.itemReason('does_not_hold', c, false));
    else for (const c of i.items) this.decisive(c, out);
  }

  /** Undetermined: the leaves still unknown, with what each needs. */
  private undecided(i: IrCondition, out: Reason[]): void {
    if (this.holds(i.id) !== null) return;
    if (i.kind === 'condition') out.push({ code: 'cannot_decide', node: i.id, label: labelRef(i), ...this.unknownOf(i.test.id) });
    else for (const c of i.items) this.undecided(c, out);
  }

  private itemReason(code: 'met' | 'not_met' | 'must_not_hold' | 'does_not_hold', i: IrCondition, held: boolean): Reason {
    const label = i.kind === 'condition' || i.label !== undefined ? labelRef(i) : { text: '' };
    const detail = i.kind === 'condition' ? this.detail(i.test, held, true) : undefined;
    return { code, node: i.id, label, detail };
  }

  private unknownOf(id: number): { missing: MissingFact[]; not_in_force: string[]; errors: string[]; day: string; label?: undefined } {
    const o = this.v.origins(id);
    return {
      missing: this.facts(o?.missing ?? []),
      not_in_force: [...(o?.notInForce ?? [])].sort(),
      errors: [...(o?.errors ?? [])].sort(),
      day: this.date(),
    };
  }

  /** JSON pointers, with the member each is about and the field's path, for the renderer to name. */
  facts(pointers: Iterable<string>): MissingFact[] {
    return missingFacts(pointers, this.ctx.members);
  }

  // ------------------------------------------------------------ details

  /** The figures behind a test's answer. `top`: a condition's own test (a plain yes/no says nothing there
   *  that the label does not). */
  private detail(t: IrExpr, held: boolean, top: boolean): Detail | undefined {
    switch (t.kind) {
      case 'compare':
        return this.comparison(t, held, false);
      case 'inRange':
        return { code: 'range', node: t.id, subject: this.subjectOf(t.value), seen: this.seen(t.value), low: t.low, high: t.high, high_exclusive: t.highExclusive, held: held !== t.negated };
      case 'inSet': {
        const type = t.value.type;
        return {
          code: 'set', node: t.id, subject: this.subjectOf(t.value), seen: this.quantity(t.value), values: t.values,
          field: type.kind === 'enum' ? type.field : undefined, held: held !== t.negated, single: t.written === 'is',
        };
      }
      case 'isKnown':
        return { code: 'known', node: t.id, subject: this.subjectOf(t.value), held: held !== t.negated };
      case 'logic':
      case 'not':
      case 'if': {
        const parts = this.deciding(t);
        const details: Detail[] = [];
        let previous: IrExpr | undefined;
        for (const p of parts) {
          if (t.kind === 'if' && p === t.condition) continue; // the branch taken carries the figures
          const v = this.holds(p.id);
          if (v === null) continue;
          const same = previous !== undefined && p.kind === 'compare' && sameValue(previous, p.left);
          const d = same && p.kind === 'compare' ? this.comparison(p, v, true) : this.detail(p, v, false);
          previous = p.kind === 'compare' ? p.left : undefined;
          if (d) details.push(d);
        }
        if (details.length === 0) return undefined;
        return details.length === 1 ? details[0] : { code: 'parts', node: t.id, op: t.kind === 'logic' ? t.op : 'and', parts: details };
      }
      case 'aggregate':
        if (top && (t.op === 'any' || t.op === 'all')) return this.quantifier(t);
        return undefined;
    }
    if (top) return undefined;
    const v = this.v.value(t.id);
    return { code: 'flag', node: t.id, subject: this.subjectOf(t), value: typeof v === 'boolean' ? v : null };
  }

  private comparison(t: Extract<IrExpr, { kind: 'compare' }>, held: boolean, repeat: boolean): Detail {
    const name = t.right.kind === 'param' || t.right.kind === 'paramValue' || t.right.kind === 'letRef' ? t.right.name : undefined;
    const d: Detail = {
      code: 'compare', node: t.id, subject: this.subjectOf(t.left), seen: this.seen(t.left), op: t.op,
      threshold: this.quantity(t.right, t.left.type), held,
    };
    if (name !== undefined) d.threshold_name = name;
    if (repeat) d.repeat = true;
    return d;
  }

  /** `any(members as m: …)`: who meets it; `all(…)`: who does not, or that it concerns no one. */
  private quantifier(t: IrAggregate): Detail {
    const members = this.v.members(t.id);
    const any = t.op === 'any';
    const deciding = members.filter((m) => m.holds === any);
    if (deciding.length > 0) return { code: 'members', node: t.id, op: any ? 'any' : 'all', members: deciding.map((m) => m.id) };
    if (any) return { code: 'no_member', node: t.id };
    if (t.filter && this.holds(t.id) === true && !this.v.concerned(t.id).some((c) => c !== false)) {
      return { code: 'not_applicable', node: t.id, filter: this.filterShape(t.filter) };
    }
    return { code: 'every_member', node: t.id };
  }

  /** An aggregate's `where` as a detail without values ("age below 5 years"), for "does not apply". */
  private filterShape(f: IrExpr): Detail | undefined {
    switch (f.kind) {
      case 'compare': {
        // `1950-01-01 < m.birth_date` is said as "born after 1950-01-01": the member's side is the subject.
        const flip = isStatic(f.left) && !isStatic(f.right);
        const [subject, threshold] = flip ? [f.right, f.left] : [f.left, f.right];
        const op = flip ? FLIPPED[f.op] : f.op;
        return { code: 'compare', node: f.id, subject: this.subjectOf(subject), seen: { value: null }, op, threshold: this.staticQuantity(threshold, subject.type), held: true, ...(threshold.kind === 'param' || threshold.kind === 'paramValue' ? { threshold_name: threshold.name } : {}) };
      }
      case 'inRange':
        return { code: 'range', node: f.id, subject: this.subjectOf(f.value), seen: { value: null }, low: f.low, high: f.high, high_exclusive: f.highExclusive, held: !f.negated };
      case 'inSet':
        return { code: 'set', node: f.id, subject: this.subjectOf(f.value), seen: { value: null }, values: f.values, field: f.value.type.kind === 'enum' ? f.value.type.field : undefined, held: !f.negated, single: f.written === 'is' };
      case 'logic': {
        const parts = [this.filterShape(f.left), this.filterShape(f.right)].filter((d): d is Detail => d !== undefined);
        return { code: 'parts', node: f.id, op: f.op, parts };
      }
      default:
        return { code: 'flag', node: f.id, subject: this.subjectOf(f), value: true };
    }
  }

  /** The parts of a compound test that decided its value, as the evaluation went (both evaluators skip the
   *  right of `a and b` when `a` is false, and every branch not taken):
   *  - `a and b`: the false one when false, both when true, those not true when unknown; `or` dually;
   *  - `not a`: `a`;  `if c then x else y`: `c` and the branch taken (only `c` when it is unknown).
   *  A chain of the same operator is flattened (`a and b and c` gives up to three parts). */
  deciding(e: IrExpr): IrExpr[] {
    const out: IrExpr[] = [];
    this.collectDeciding(e, out);
    return out;
  }

  private collectDeciding(e: IrExpr, out: IrExpr[]): void {
    if (e.kind === 'not') {
      out.push(e.operand);
    } else if (e.kind === 'if') {
      out.push(e.condition);
      const c = this.holds(e.condition.id);
      if (c !== null) out.push(c ? e.then : e.otherwise);
    } else if (e.kind === 'logic') {
      const decided = e.op === 'or';
      const v = this.holds(e.id);
      for (const side of [e.left, e.right]) {
        const s = this.holds(side.id);
        const shown = v === decided ? s === decided : v === null ? s !== !decided : true;
        if (!shown) continue;
        if (side.kind === 'logic' && side.op === e.op) this.collectDeciding(side, out);
        else out.push(side);
        if (v === decided) return;
      }
    }
  }

  // ------------------------------------------------------------ amounts

  /** The amount of an eligible subject, term by term; "no cash benefit" for a program that pays none. */
  private amount(): Reason | undefined {
    const b = this.ir.benefit;
    if (this.noCashBenefit()) return { code: 'no_cash_benefit', node: b?.id };
    if (!b) return undefined;
    const total = this.quantity(b.amount);
    if (total.value === null) return undefined;
    const breakdown = this.breakdown(b.amount);
    return { code: 'amount', node: b.id, total, period: b.period, breakdown: breakdown && !isTrivial(breakdown) ? breakdown : undefined };
  }

  /** Each component an eligible subject is given, term by term; one that gives nothing is not said. */
  private components(): Reason[] {
    const out: Reason[] = [];
    for (const k of this.ir.components ?? []) {
      const total = this.quantity(k.amount);
      if (total.value === null || total.value === 0) continue;
      // One named figure is still worth saying: "delivery: Bs 120 once = Bs 120 (delivery payment)".
      const breakdown = this.breakdown(k.amount);
      const said = breakdown && (!isTrivial(breakdown) || (breakdown.kind === 'term' && breakdown.term.subject?.kind === 'name'));
      out.push({ code: 'component', node: k.id, name: k.name, total, period: k.period, breakdown: said ? breakdown : undefined });
    }
    return out;
  }

  /** How an amount is made: through lets and the branch taken, into products and sums of named figures. */
  private breakdown(e: IrExpr, depth = 0): Breakdown | undefined {
    if (depth > 12) return undefined;
    switch (e.kind) {
      case 'letRef': {
        const l = this.letOf(e.letId);
        const inner = l && this.breakdown(l.value, depth + 1);
        return inner && !isTrivial(inner) ? inner : this.termOf(e);
      }
      case 'if': {
        const c = this.holds(e.condition.id);
        return c === null ? undefined : this.breakdown(c ? e.then : e.otherwise, depth + 1);
      }
      case 'arith': {
        if (e.op === '*') {
          const factors: BreakdownTerm[] = [];
          for (const side of [e.left, e.right]) {
            const inner = this.breakdown(side, depth + 1);
            if (inner?.kind === 'product') factors.push(...inner.factors);
            else if (inner?.kind === 'term') factors.push(inner.term);
            else return this.termOf(e);
          }
          return { kind: 'product', node: e.id, factors };
        }
        if (e.op === '+') {
          const terms: Breakdown[] = [];
          for (const side of [e.left, e.right]) {
            const inner = this.breakdown(side, depth + 1);
            if (!inner) return this.termOf(e);
            if (inner.kind === 'sum') terms.push(...inner.terms);
            else if (!(inner.kind === 'term' && inner.term.value.value === 0)) terms.push(inner); // nothing earned: not said
          }
          if (terms.length === 0) return this.termOf(e);
          return terms.length === 1 ? terms[0] : { kind: 'sum', node: e.id, terms };
        }
        return this.termOf(e);
      }
      case 'call': {
        // `min(x, cap)`: the value paid for, and the cap when it capped.
        if (e.op === 'min' && e.args.length === 2) {
          const [x, cap] = e.args;
          const vx = this.v.value(x.id);
          const vc = this.v.value(cap.id);
          if (typeof vx === 'number' && typeof vc === 'number') {
            const t = this.termOf(x)!;
            if (vx <= vc) return t;
            return { kind: 'term', term: { ...this.termOf(cap)!.term, subject: this.subjectOf(x), capped_from: this.quantity(x) } };
          }
        }
        return this.termOf(e);
      }
      default:
        return this.termOf(e);
    }
  }

  private termOf(e: IrExpr): Extract<Breakdown, { kind: 'term' }> {
    const value = this.quantity(e);
    return { kind: 'term', term: { node: e.id, subject: e.kind === 'const' ? undefined : this.subjectOf(e), value } };
  }

  private letOf(id: number): IrLet | undefined {
    const n = this.ir.nodes.get(id);
    return n?.kind === 'let' ? n : undefined;
  }

  // ------------------------------------------------------------ the tree

  tree(words: TreeWords, decided: boolean): ExplanationNode {
    const ir = this.ir;
    const children: ExplanationNode[] = [];
    const filter = this.filter();
    if (filter) children.push(this.leaf(words, filter, words.aboutMember(), filter.id, filter.at, undefined, true));
    if (ir.eligible) children.push(this.item(words, ir.eligible));
    for (const l of ir.lets) {
      // A let another role's decision reads (the mother's payments in the child's tree) is unknown here;
      // once the decision is settled it says nothing, so it is left out.
      if (decided && this.v.value(l.value.id) === undefined) continue;
      children.push(this.valueNode(words, words.value('let', l.name), l.value, l.id, l.at));
    }
    if (ir.benefit) {
      const label = this.noCashBenefit() ? words.value('no_cash_benefit', 'benefit') : words.value('benefit', 'benefit');
      children.push(this.valueNode(words, label, ir.benefit.amount, ir.benefit.id, ir.benefit.at));
    }
    for (const k of ir.components ?? []) children.push(this.valueNode(words, words.value('let', k.name), k.amount, k.id, k.at));
    for (const s of ir.scores) children.push(this.valueNode(words, words.value('score', s.name), s.value, s.id, s.at));
    if (ir.outcome) {
      const label = words.value(ir.outcome.whenEligible ? 'outcome_when_eligible' : 'outcome', 'outcome');
      children.push(this.valueNode(words, label, ir.outcome.value, ir.outcome.id, ir.outcome.at));
    }
    const at = ir.eligible?.at ?? ir.subject.at;
    const root = this.placeOn({ kind: 'all', label: words.label({ text: ir.title, labels: titleLabels(ir) }), holds: this.eligible() } as ExplanationNode, at);
    root.children = children;
    return root;
  }

  /** Where a node is written: its line, and the program when another ruleset's (`extends`). Set on the
   *  node in place of a spread of a fresh object (the tree's nodes are the bulk of an explanation's cost). */
  private placeOn(node: ExplanationNode, at: Location): ExplanationNode {
    node.line = at.range.start.line;
    if (at.rulesetId !== this.ir.id) node.program = at.rulesetId;
    return node;
  }

  private item(words: TreeWords, i: IrCondition): ExplanationNode {
    if (i.kind === 'condition') return this.leaf(words, i.test, words.label(labelRef(i)), i.id, i.at, i.provenance);
    const children: ExplanationNode[] = [];
    for (const c of i.items) children.push(this.item(words, c));
    const node = this.placeOn({
      kind: i.combinator,
      id: i.id,
      label: i.label !== undefined ? words.label(labelRef(i)) : words.group(i.combinator),
      holds: this.holds(i.id),
    } as ExplanationNode, i.at);
    node.children = children;
    return this.withOrigins(node, i.id);
  }

  private leaf(words: TreeWords, test: IrExpr, label: string, id: number, at: Location, provenance: Provenance | undefined, isFilter = false): ExplanationNode {
    const node = this.placeOn({ kind: 'condition', id, label, holds: this.holds(test.id) } as ExplanationNode, at);
    let info = this.statics.leaves[test.id];
    if (!info) {
      const [seen, against] = operandsOf(test);
      const compared = staticCompared(test);
      if (compared) Object.freeze(compared);
      this.statics.leaves[test.id] = info = { seen, against, unit: seen && (unitText(seen.type) ?? (against && unitText(against.type))), compared };
    }
    const { seen, against, compared } = info;
    if (seen) {
      node.value = this.display(seen);
      if (info.unit) node.unit = info.unit;
    }
    if (compared) node.compared = compared;
    else if (test.kind === 'compare') {
      const r = test.right;
      node.compared = r.kind === 'param' || r.kind === 'paramValue' || r.kind === 'letRef'
        ? { op: test.op, threshold: this.display(r), name: r.name }
        : { op: test.op, threshold: this.display(r) };
    }
    const prov = provenance ?? (against ? this.parameterProvenance(against) : undefined);
    if (prov) {
      if (prov.type === 'source') node.source = prov.text;
      else node.assumption = prov.text;
    }
    if (test.kind === 'aggregate' && (test.op === 'any' || test.op === 'all') && node.holds !== null && !isFilter) {
      node.children = this.v.members(test.id).map((m) => ({ kind: 'condition', label: words.member(m.id), holds: m.holds }));
    }
    if (test.kind === 'logic' || test.kind === 'not' || test.kind === 'if') {
      const parts = this.deciding(test);
      if (parts.length > 0) node.children = parts.map((p) => this.leaf(words, p, words.part(p), p.id, p.at, undefined));
    }
    return this.withOrigins(node, test.id);
  }

  private parameterProvenance(e: IrExpr): Provenance | undefined {
    if (e.kind !== 'param' && e.kind !== 'paramValue') return undefined;
    const st = this.statics;
    if (st.provenanceDay[e.id] !== this.day) {
      const p = this.ir.parameters.get(e.name);
      st.provenance[e.id] = (p && periodOn(p.periods, this.day)?.provenance) ?? null;
      st.provenanceDay[e.id] = this.day;
    }
    return st.provenance[e.id] ?? undefined;
  }

  private valueNode(words: TreeWords, label: string, e: IrExpr, id: number, at: Location): ExplanationNode {
    const node = this.placeOn({ kind: 'value', id, label, value: this.display(e) } as ExplanationNode, at);
    const unit = unitText(e.type);
    if (unit) node.unit = unit;
    if (e.kind === 'points') {
      node.children = e.terms.map((t) => this.withOrigins(this.placeOn({ kind: 'term', label: words.termLabel({ text: t.label, labels: (t as { labels?: LabelRef['labels'] }).labels }), value: this.display(t.value) } as ExplanationNode, t.at), t.value.id));
    }
    return this.withOrigins(node, e.id);
  }

  private withOrigins(node: ExplanationNode, id: number): ExplanationNode {
    if (this.v.value(id) !== undefined) return node;
    const o = this.v.origins(id);
    if (!o) return node;
    if (o.missing.size > 0) node.missing = sortPointers(o.missing);
    if (o.notInForce.size > 0) node.not_in_force = [...o.notInForce].sort();
    if (o.errors.size > 0) node.errors = [...o.errors].sort();
    return node;
  }

  // ------------------------------------------------------------ values and names

  date(): string {
    return (this.dayText ??= formatIsoDate(this.day));
  }

  holds(id: number): boolean | null {
    const v = this.v.value(id);
    return v === true || v === false ? v : null;
  }

  /** A value as JSON shows it: numbers, text, booleans; dates as ISO text; a member as its id. */
  display(e: IrExpr): unknown {
    const v = e.kind === 'const' ? e.value : this.v.value(e.id);
    if (v === undefined) return null;
    if (typeof v === 'boolean' || typeof v === 'string') return v;
    const t = e.type;
    if (typeof v === 'number') return t.kind === 'date' ? formatIsoDate(v) : t.kind === 'number' ? unscaled(v, t.scale) : v;
    if (t.kind === 'member' || t.kind === 'household') return (v as { id?: unknown }).id ?? null;
    if (t.kind === 'members') return Array.isArray(v) ? v.length : null;
    return v;
  }

  /** A value with what the renderer needs to say it: its unit, currency, whether a date or an enum. */
  quantity(e: IrExpr, context?: IrType): Quantity {
    return this.quantityOf(e, this.display(e) as Quantity['value'], context);
  }

  /** The figure a comparison or a range saw. A computed number is read as shown: the writing does nothing
   *  with it but this quantity, so a template (explain/template.ts) can leave its text as a hole. */
  private seen(e: IrExpr): Quantity {
    // A scaled number (a coefficient's region) never reaches a comparison (E-COEFFICIENT-USE).
    if (e.kind === 'const' || e.type.kind !== 'number' || e.type.scale) return this.quantity(e);
    const v = this.v.shown(e.id);
    const q = this.quantityOf(e, v === undefined ? null : (v as Quantity['value']));
    this.v.template?.showing(q, e.id);
    return q;
  }

  private quantityOf(e: IrExpr, value: Quantity['value'], context?: IrType): Quantity {
    const t = e.type.kind === 'number' && e.type.unit === 'any' && context ? context : e.type;
    if (t.kind === 'number') {
      const q: Quantity = { value };
      if (t.unit !== 'any' && hasKeys(t.unit)) q.unit = t.unit;
      if (t.currency) q.currency = t.currency;
      return q;
    }
    if (t.kind === 'date') return { value, date: true };
    if (t.kind === 'enum') return { value, enum_field: t.field };
    return { value };
  }

  /** A value that does not depend on the household (a literal, a parameter in force on the day), read
   *  from the IR: inside an aggregate's filter nothing is traced. */
  private staticQuantity(e: IrExpr, context: IrType): Quantity {
    const q = this.quantity(e, context);
    // A traced value here would be the last member's (the reference keeps it, generated code does not).
    if (e.kind !== 'const') q.value = null;
    if (e.kind === 'param' || e.kind === 'paramValue') {
      const p = this.ir.parameters.get(e.name);
      const period = p && periodOn(p.periods, this.day);
      if (period) q.value = e.type.kind === 'date' ? formatIsoDate(period.value) : unscaled(period.value, e.type.kind === 'number' ? e.type.scale : undefined);
    }
    return q;
  }

  /** What a value is called in a sentence: the field, let or parameter, the function called. */
  subjectOf(e: IrExpr): Term {
    return subjectTerm(e);
  }
}

// ---------------------------------------------------------------- shapes read from the IR alone

const FLIPPED: Record<CompareOp, CompareOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '!=': '!=' };

/** A value that does not depend on the household: a literal or a parameter. */
function isStatic(e: IrExpr): boolean {
  return e.kind === 'const' || e.kind === 'param' || e.kind === 'paramValue';
}

export function subjectTerm(e: IrExpr): Term {
  switch (e.kind) {
    case 'field':
      return { kind: 'field', owner: e.ownerKind, path: e.path };
    case 'age':
      return { kind: 'field', owner: 'member', path: ['age'] };
    case 'residencyYears':
      return { kind: 'field', owner: 'household', path: ['residency_years'] };
    case 'householdSize':
      return { kind: 'field', owner: 'household', path: ['size'] };
    case 'letRef':
      return { kind: 'name', name: e.name, of: 'let' };
    case 'param':
    case 'paramValue':
      return { kind: 'name', name: e.name, of: 'parameter' };
    case 'participation':
      return e.measure === 'years' ? { kind: 'years_in_program', program: e.program } : { kind: 'call', op: e.op };
    case 'call': {
      const [a, b] = e.args;
      const meaning = functionEntry(e.op).meaning;
      if (meaning.kind === 'elapsed' && a && b) {
        const unit = meaning.unit;
        return b.kind === 'evaluationDate' ? { kind: 'elapsed', unit, since: subjectTerm(a) } : { kind: 'elapsed', unit, since: subjectTerm(a), until: subjectTerm(b) };
      }
      return { kind: 'call', op: e.op };
    }
    case 'aggregate':
      return { kind: 'aggregate', op: e.op };
    case 'tableLookup':
      return { kind: 'name', name: e.table, of: 'let' };
    default:
      return { kind: 'value' };
  }
}

/** The parts of a verdict's reasons, in order (ExplanationBuilder.reasonParts). */
function partsOf(root: IrCondition | undefined, verdict: boolean | null, filterUnknown: boolean, split: boolean): readonly ReasonPart[] {
  const parts: ReasonPart[] = [];
  if (filterUnknown) parts.push({ kind: 'filter_unknown', item: undefined, key: 'f' });
  if (root) {
    const kind = verdict === false ? 'failed' : verdict === true ? 'decisive' : 'undecided';
    const items = split && root.kind === 'group' ? root.items : [root];
    for (const item of items) parts.push({ kind, item, key: `${kind[0]}${item.id}` });
  }
  if (verdict === true) {
    parts.push({ kind: 'amount', item: undefined, key: 'a' });
    parts.push({ kind: 'components', item: undefined, key: 'c' });
  }
  return parts;
}

function labelRef(i: IrCondition): LabelRef {
  const labels = (i as { labels?: LabelRef['labels'] }).labels;
  return labels ? { text: i.label ?? '', labels } : { text: i.label ?? '' };
}

function titleLabels(ir: IrRuleset): LabelRef['labels'] {
  return (ir as { titles?: LabelRef['labels'] }).titles;
}

/** The sub-expressions a condition's tree node shows: the value seen and what it was compared with. */
export function operandsOf(test: IrExpr): IrExpr[] {
  switch (test.kind) {
    case 'compare':
      return [test.left, test.right];
    case 'inRange':
    case 'inSet':
    case 'isKnown':
      return [test.value];
    default:
      return [];
  }
}

function staticCompared(test: IrExpr): ExplanationNode['compared'] | undefined {
  switch (test.kind) {
    case 'inRange':
      return { op: test.negated ? 'not in' : 'in', threshold: rangeText(test) };
    case 'inSet': {
      // The enum's field, so a reading in another language can say the values in words.
      const field = test.value.type.kind === 'enum' ? { field: test.value.type.field } : {};
      return test.written === 'is'
        ? { op: test.negated ? 'is not' : 'is', threshold: test.values[0], ...field }
        : { op: test.negated ? 'not in' : 'in', threshold: test.values, ...field };
    }
    case 'isKnown':
      return { op: test.negated ? 'is unknown' : 'is known', threshold: null };
    default:
      return undefined;
  }
}

export function rangeText(t: { low?: number; high?: number; highExclusive: boolean }): string {
  return `${t.low ?? ''}..${t.highExclusive ? '<' : ''}${t.high ?? ''}`;
}

const unitTexts = new WeakMap<object, string>();

/** The contract's `unit` text ("BOB per person per month"), as the checker writes units. */
export function unitText(t: IrType): string | undefined {
  if (t.kind !== 'number' || t.unit === 'any' || Object.keys(t.unit).length === 0) return undefined;
  let s = unitTexts.get(t.unit);
  if (s === undefined) unitTexts.set(t.unit, (s = formatUnit(t.unit)));
  return s;
}


function sameValue(a: IrExpr, b: IrExpr): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === 'letRef' || a.kind === 'param' || a.kind === 'paramValue') && 'name' in b) return a.name === b.name;
  if (a.kind === 'field' && b.kind === 'field') return a.path.join('.') === b.path.join('.') && sameValue(a.owner, b.owner);
  if (a.kind === 'age' && b.kind === 'age') return sameValue(a.member, b.member);
  return a.kind === 'subjectMember' || a.kind === 'household' || a.kind === 'residencyYears' || a.kind === 'householdSize';
}

function isTrivial(b: Breakdown): boolean {
  return b.kind === 'term' && b.term.capped_from === undefined;
}

/** Whether an object has an own key, without the array `Object.keys` makes (quantities are built for every
 *  condition of every explained decision). Units are plain objects: nothing enumerable is inherited. */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
