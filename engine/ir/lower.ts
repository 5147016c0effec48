// Lowering: CheckedRuleset (AST + the checker's side tables) → IrRuleset, once per loaded ruleset.
// Every name, field, call and type the checker resolved is written into the node itself, so no backend
// reads the AST or those tables again. Node ids are the AST ids (see types.ts).
import type { ConditionItem, Expr, LetDecl, Provenance as AstProvenance, Range } from '../../dsl/ast';
import type { CheckedRuleset, Type } from '../../dsl/check/types';
import { currenciesOf, unitFromExpr } from '../../dsl/check/units';
import { operation } from '../../ops/registry';
import type { ParameterDecl } from '../../dsl/ast';
import { literalDate, literalNumber, tableShape } from '../semantics';
import { localizedName, localizedText, outcomeTexts, rulesetLanguage } from './labels';
import { shiftedLiteral } from './scale';
import type {
  IrCondition, IrExpr, IrLet, IrNode, IrParameter, IrRuleset, IrSubject, IrTable, IrType, LocalizedText, Location, Provenance,
} from './types';

const cache = new WeakMap<CheckedRuleset, IrRuleset>();

/** The IR of a checked ruleset (memoised: a ruleset is lowered once). */
export function lower(checked: CheckedRuleset): IrRuleset {
  let ir = cache.get(checked);
  if (!ir) cache.set(checked, (ir = new Lowering(checked).ruleset()));
  return ir;
}

const extra = new WeakMap<CheckedRuleset, Map<number, IrExpr>>();

/** Any expression of a checked ruleset as IR, also one outside the decision (a property's `when`, a
 *  record step such as `household.electricity` that the decision folds into the field after it). Its
 *  parameters are `param` nodes: evaluators resolve them for their date. */
export function lowerExpression(checked: CheckedRuleset, e: Expr): IrExpr {
  const inDecision = lower(checked).nodes.get(e.id);
  if (inDecision && 'type' in inDecision && inDecision.kind !== 'parameter' && inDecision.kind !== 'table' && inDecision.kind !== 'let') {
    return inDecision as IrExpr;
  }
  let byId = extra.get(checked);
  if (!byId) extra.set(checked, (byId = new Map()));
  let n = byId.get(e.id);
  if (!n) byId.set(e.id, (n = new Lowering(checked).expr(e)));
  return n;
}

export function irType(t: Type | undefined): IrType {
  switch (t?.kind) {
    case 'number':
      return { kind: 'number', unit: t.unit, currency: t.unit === 'any' ? undefined : currenciesOf(t.unit)[0] };
    case 'enum':
      return { kind: 'enum', field: t.field, values: t.values };
    case 'bool': case 'text': case 'date': case 'household': case 'member': case 'members':
      return { kind: t.kind } as IrType;
    case 'record':
      return { kind: 'record', path: t.path };
    default:
      throw new Error(`internal: an expression the checker did not type reached the IR (${JSON.stringify(t)})`);
  }
}

function provenance(p: AstProvenance | undefined): Provenance | undefined {
  return p ? { type: p.type, text: p.text } : undefined;
}

const BOOL = { kind: 'bool' } as const;

/** A parameter's values in date order, each in force from its date to the day before the next; `until`
 *  ends the last. Open sides are undefined. (Which one is in force on a day: resolve.ts.) */
function periodsOf(decl: ParameterDecl, scale = 0) {
  const sorted = decl.values
    .map((v) => ({ v, from: v.from ? literalDate(v.from.text) : undefined }))
    .sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  const end = decl.until ? literalDate(decl.until.text) : undefined;
  return sorted.map(({ v, from }, i) => ({
    from,
    until: i + 1 < sorted.length ? sorted[i + 1].from! - 1 : end,
    value: v.value.kind === 'DateLiteral' ? literalDate(v.value.text) : scale ? shiftedLiteral(v.value.text, scale) : literalNumber(v.value),
    provenance: v.provenance,
    ...(v.fromAssumption !== undefined ? { fromAssumption: v.fromAssumption } : {}),
    range: v.range,
  }));
}

class Lowering {
  private readonly nodes = new Map<number, IrNode>();
  private readonly dependsOn = new Map<number, IrLet['dependsOn']>(); // let decl id → what it reads

  constructor(private readonly checked: CheckedRuleset) {}

  ruleset(): IrRuleset {
    const c = this.checked;
    const f = c.header.inForce;
    const lets = c.lets.map((l) => this.let(l));
    const payment = c.payment ? this.condition(c.payment.condition) : undefined;
    const ir: IrRuleset = {
      id: c.id,
      title: c.header.title,
      language: rulesetLanguage(c),
      titles: localizedText(c, c.header.title),
      ...(outcomeTexts(c) ? { outcomeTexts: outcomeTexts(c) } : {}),
      currency: c.currency,
      country: c.country,
      inForce: { from: f ? literalDate(f.from.text) : undefined, until: f?.until ? literalDate(f.until.text) : undefined },
      parameters: this.parameters(),
      tables: this.tables(),
      subject: this.subject(),
      lets,
      eligible: c.eligible ? this.condition(c.eligible.condition) : undefined,
      benefit: c.benefit
        ? this.add({ kind: 'benefit', id: c.benefit.id, at: this.at(c.benefit.range), period: c.benefit.period, amount: this.paidAmount(this.expr(c.benefit.amount)) })
        : undefined,
      payment,
      components: (c.components ?? []).map((k) => this.add({
        kind: 'component', id: k.id, at: this.at(k.range), name: k.name.text, ...this.nameLabels(k.name.text), period: k.period, amount: this.expr(k.amount), provenance: provenance(k.provenance),
      })),
      scores: c.scores.map((s) => this.add({ kind: 'score', id: s.id, at: this.at(s.range), name: s.name.text, ...this.nameLabels(s.name.text), value: this.expr(s.value) })),
      outcome: c.outcome
        ? this.add({ kind: 'outcome', id: c.outcome.id, at: this.at(c.outcome.range), value: this.expr(c.outcome.value), whenEligible: c.outcome.whenEligible })
        : undefined,
      programDependencies: c.programDependencies,
      nodes: this.nodes,
    };
    return ir;
  }

  /** `labels` for a declaration a translation names; nothing when none does. */
  private nameLabels(name: string): { labels?: LocalizedText } {
    const labels = localizedName(this.checked, name);
    return labels ? { labels } : {};
  }

  /** The benefit under `paid when …`: a gate with the declaration's id, reading the payment condition. */
  private paidAmount(amount: IrExpr): IrExpr {
    const p = this.checked.payment;
    if (!p) return amount;
    return this.add({ kind: 'paymentGate', id: p.id, at: this.at(p.range), type: amount.type, conditionId: p.condition.id, amount });
  }

  private add<N extends IrNode>(n: N): N {
    this.nodes.set(n.id, n);
    return n;
  }

  private at(range: Range): Location {
    return { range, rulesetId: this.checked.inheritedFrom?.(range) ?? this.checked.id };
  }

  private parameters(): Map<string, IrParameter> {
    const out = new Map<string, IrParameter>();
    for (const [name, decl] of this.checked.parameters) {
      const unit = decl.type.kind === 'UnitExpr' ? unitFromExpr(decl.type, () => {}) ?? {} : undefined;
      const k = this.checked.coefficients?.parameters.has(name) ? this.checked.coefficients.places : 0;
      const type: IrType = unit ? { kind: 'number', unit, currency: currenciesOf(unit)[0], ...(k ? { scale: k } : {}) } : { kind: 'date' };
      const periods = periodsOf(decl, k).map((p) => ({ ...p, provenance: provenance(p.provenance), at: this.at(p.range) }));
      out.set(name, this.add({ kind: 'parameter', id: decl.id, at: this.at(decl.range), name, ...this.nameLabels(name), type, periods }));
    }
    return out;
  }

  private tables(): Map<string, IrTable> {
    const out = new Map<string, IrTable>();
    for (const [name, decl] of this.checked.tables) {
      const shape = tableShape(decl);
      const rows = shape.rows.map((r) =>
        r.kind === 'enum' ? { kind: 'enum' as const, value: r.name, result: r.result }
        : r.kind === 'point' ? r
        : { kind: 'range' as const, low: Number.isFinite(r.low) ? r.low : undefined, high: Number.isFinite(r.high) ? r.high : undefined, highExclusive: r.highExclusive, result: r.result });
      let type: IrType = { kind: 'number', unit: {}, currency: undefined };
      for (const [id, t] of this.checked.calls) {
        if (t.kind === 'table' && t.decl === decl) type = irType(this.checked.types.get(id));
      }
      out.set(name, this.add({
        kind: 'table', id: decl.id, at: this.at(decl.range), name, ...this.nameLabels(name), type,
        keyKind: rows.some((r) => r.kind === 'enum') ? 'enum' : 'number',
        rows, otherwise: shape.otherwise, provenance: decl.provenance.map((p) => provenance(p)!),
      }));
    }
    return out;
  }

  private subject(): IrSubject {
    const s = this.checked.subject;
    if (s.kind === 'HouseholdSubject') return { kind: 'household', id: s.id, at: this.at(s.range) };
    return { kind: 'member', id: s.id, at: this.at(s.range), alias: s.alias.text, filter: s.filter ? this.expr(s.filter) : undefined };
  }

  private let(l: LetDecl): IrLet {
    const value = this.expr(l.value);
    const dependsOn = this.reads(value);
    this.dependsOn.set(l.id, dependsOn);
    return this.add({ kind: 'let', id: l.id, at: this.at(l.range), name: l.name.text, ...this.nameLabels(l.name.text), type: value.type, value, dependsOn });
  }

  /** The widest thing an expression reads: the subject, the household, or the date alone. */
  private reads(e: IrExpr): IrLet['dependsOn'] {
    let widest: IrLet['dependsOn'] = 'date';
    const visit = (x: IrExpr): void => {
      switch (x.kind) {
        case 'subjectMember':
          widest = 'subject';
          return;
        case 'letRef': {
          const d = this.dependsOn.get(x.letId);
          if (d === 'subject') widest = 'subject';
          else if (d === 'household' && widest === 'date') widest = 'household';
          return;
        }
        case 'household': case 'members': case 'relation': case 'field': case 'age': case 'residencyYears':
        case 'householdSize': case 'aggregate': case 'participation': case 'programEligible': case 'binderMember':
          if (widest === 'date') widest = 'household';
          break;
      }
      for (const c of irChildren(x)) visit(c);
    };
    visit(e);
    return widest;
  }

  private condition(item: ConditionItem): IrCondition {
    const at = this.at(item.range);
    if (item.kind === 'LabelledCondition') {
      return this.add({
        kind: 'condition', id: item.id, at, label: item.label, labels: localizedText(this.checked, item.label),
        test: this.expr(item.test), provenance: provenance(item.provenance),
      });
    }
    const labels = item.label === undefined ? {} : { labels: localizedText(this.checked, item.label) };
    return this.add({ kind: 'group', id: item.id, at, combinator: item.combinator, label: item.label, ...labels, items: item.items.map((i) => this.condition(i)) });
  }

  expr(e: Expr): IrExpr {
    const n = this.lowerExpr(e);
    this.nodes.set(n.id, n);
    return n;
  }

  /** A floating function's argument computed in units of 10⁻ᵏ is divided by 10ᵏ once, here (the only
   *  rounding of the region). The two nodes have negative ids: no AST node stands for them. */
  private floatingArgs(callId: number, args: IrExpr[]): IrExpr[] {
    const k = this.checked.coefficients?.floatingArgs.get(callId);
    if (!k || args.length !== 1) return args;
    const arg = args[0]!;
    const plain = arg.type.kind === 'number' ? { kind: 'number' as const, unit: arg.type.unit, currency: arg.type.currency } : arg.type;
    const divisor = this.add<IrExpr>({ id: -2 * callId - 2, at: arg.at, kind: 'const', type: { kind: 'number', unit: {}, currency: undefined }, value: 10 ** k });
    return [this.add<IrExpr>({ id: -2 * callId - 1, at: arg.at, kind: 'arith', type: plain, op: '/', left: arg, right: divisor })];
  }

  private lowerExpr(e: Expr): IrExpr {
    const c = this.checked;
    const base = { id: e.id, at: this.at(e.range) };
    // The bounds of a range are literals the checker reads without typing them one by one.
    const scale = c.coefficients?.byExpr.get(e.id);
    const type = (): IrType => {
      const t = irType(c.types.get(e.id) ?? (e.kind === 'NumberLiteral' ? { kind: 'number', unit: 'any' } : undefined));
      return scale && t.kind === 'number' ? { ...t, scale } : t;
    };
    switch (e.kind) {
      case 'NumberLiteral':
        return { ...base, kind: 'const', type: type(), value: scale ? shiftedLiteral(e.text, scale) : literalNumber(e) };
      case 'DateLiteral':
        return { ...base, kind: 'const', type: { kind: 'date' }, value: literalDate(e.text) };
      case 'BoolLiteral':
        return { ...base, kind: 'const', type: BOOL, value: e.value };
      case 'TextLiteral':
        return { ...base, kind: 'const', type: { kind: 'text' }, value: e.value };
      case 'ProgramLiteral':
        return { ...base, kind: 'const', type: { kind: 'text' }, value: e.program.programId };
      case 'NameRef': {
        const r = c.names.get(e.id);
        if (!r) throw new Error(`internal: name ${e.id} was not resolved by the checker`);
        switch (r.kind) {
          case 'parameter':
            return { ...base, kind: 'param', type: type(), name: r.decl.name.text };
          case 'let':
            return { ...base, kind: 'letRef', type: type(), name: r.decl.name.text, letId: r.decl.id };
          case 'subject':
            return { ...base, kind: 'subjectMember', type: { kind: 'member' } };
          case 'binder':
            return { ...base, kind: 'binderMember', type: { kind: 'member' }, aggregateId: r.aggregateId };
          case 'builtin':
            switch (r.name) {
              case 'household': return { ...base, kind: 'household', type: { kind: 'household' } };
              case 'members': return { ...base, kind: 'members', type: { kind: 'members' } };
              case 'evaluation_date': return { ...base, kind: 'evaluationDate', type: { kind: 'date' } };
              case 'head': case 'spouse': return { ...base, kind: 'relation', type: { kind: 'member' }, relationship: r.name };
            }
        }
        break;
      }
      case 'FieldAccess': {
        const ref = c.fields.get(e.id);
        if (!ref) throw new Error(`internal: field ${e.id} was not resolved by the checker`);
        if (ref.kind === 'derived') {
          if (ref.name === 'size') return { ...base, kind: 'householdSize', type: type() };
          if (ref.name === 'residency_years') return { ...base, kind: 'residencyYears', type: type() };
          return { ...base, kind: 'age', type: type(), member: this.expr(e.object) };
        }
        // A stored path is counted from the owner (household or member): skip the record steps between.
        let root: Expr = e.object;
        while (root.kind === 'FieldAccess' && c.types.get(root.id)?.kind === 'record') root = root.object;
        return { ...base, kind: 'field', type: type(), ownerKind: ref.owner, owner: this.expr(root), path: ref.path };
      }
      case 'Unary':
        return e.op === 'not'
          ? { ...base, kind: 'not', type: BOOL, operand: this.expr(e.operand) }
          : { ...base, kind: 'negate', type: type(), operand: this.expr(e.operand) };
      case 'Binary':
        return e.op === 'and' || e.op === 'or'
          ? { ...base, kind: 'logic', type: BOOL, op: e.op, left: this.expr(e.left), right: this.expr(e.right) }
          : { ...base, kind: 'arith', type: type(), op: e.op, left: this.expr(e.left), right: this.expr(e.right) };
      case 'Compare':
        return { ...base, kind: 'compare', type: BOOL, op: e.op, left: this.expr(e.left), right: this.expr(e.right) };
      case 'InRange':
        return {
          ...base, kind: 'inRange', type: BOOL, value: this.expr(e.value),
          low: e.bounds.low ? literalNumber(e.bounds.low) : undefined,
          high: e.bounds.high ? literalNumber(e.bounds.high) : undefined,
          highExclusive: e.bounds.highExclusive, negated: e.negated,
        };
      case 'InSet':
        return { ...base, kind: 'inSet', type: BOOL, value: this.expr(e.value), values: e.members.map((m) => m.text), negated: e.negated, written: 'in' };
      case 'IsEnum':
        return { ...base, kind: 'inSet', type: BOOL, value: this.expr(e.value), values: [e.enumValue.text], negated: e.negated, written: 'is' };
      case 'IsKnown':
        return { ...base, kind: 'isKnown', type: BOOL, value: this.expr(e.value), negated: e.negated };
      case 'IfExpr':
        return { ...base, kind: 'if', type: type(), condition: this.expr(e.condition), then: this.expr(e.then), otherwise: this.expr(e.otherwise) };
      case 'Call': {
        const target = c.calls.get(e.id);
        if (!target) throw new Error(`internal: call ${e.id} was not resolved by the checker`);
        if (target.kind === 'table') {
          return { ...base, kind: 'tableLookup', type: type(), table: target.decl.name.text, key: this.expr(e.args[0]) };
        }
        const entry = operation(target.name);
        if (entry?.kind === 'participation') {
          const arg = e.args[0];
          return { ...base, kind: 'participation', type: type(), op: entry.name, measure: entry.measure, program: arg?.kind === 'ProgramLiteral' ? arg.program.programId : '' };
        }
        return { ...base, kind: 'call', type: type(), op: target.name, args: this.floatingArgs(e.id, e.args.map((a) => this.expr(a))) };
      }
      case 'Aggregate':
        return {
          ...base, kind: 'aggregate', type: type(), op: e.op, binder: e.binder?.text,
          filter: e.filter ? this.expr(e.filter) : undefined, value: e.value ? this.expr(e.value) : undefined,
        };
      case 'PointsSum':
        return {
          ...base, kind: 'points', type: type(),
          terms: e.terms.map((t) => ({ label: t.label, labels: localizedText(c, t.label), value: this.expr(t.value), at: this.at(t.range) })),
        };
      case 'ProgramDecision':
        return { ...base, kind: 'programEligible', type: BOOL, program: e.program.programId, version: e.program.version };
    }
    throw new Error(`internal: cannot lower ${(e as Expr).kind}`);
  }
}

/** The direct sub-expressions of an IR expression. */
export function irChildren(e: IrExpr): IrExpr[] {
  switch (e.kind) {
    case 'field': return [e.owner];
    case 'age': return [e.member];
    case 'negate': case 'not': return [e.operand];
    case 'arith': case 'logic': case 'compare': return [e.left, e.right];
    case 'inRange': case 'inSet': case 'isKnown': return [e.value];
    case 'if': return [e.condition, e.then, e.otherwise];
    case 'call': return e.args;
    case 'tableLookup': return [e.key];
    case 'aggregate': return [e.filter, e.value].filter((x): x is IrExpr => x !== undefined);
    case 'points': return e.terms.map((t) => t.value);
    case 'paymentGate': return [e.amount];
    default: return [];
  }
}
