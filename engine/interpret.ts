// The reference interpreter: a plain tree walk over the IR (engine/ir/), resolved for the evaluation date,
// written to be obviously right rather than fast. Built-ins and operators are the registry's (ops/). Values are plain JS values (number, boolean, string, day number, member object, member list,
// nested record) or an `Unknown` that carries where it came from. Logic is three-valued (Kleene).
// The compiled evaluator must agree with this file on every ruleset, household and date.
import type { Aggregate, Expr } from '../dsl/ast';
import type { CheckedRuleset, Type } from '../dsl/check/types';
import type { ParticipationMeasure } from '../ops/registry';
import { lower, lowerExpression } from './ir/lower';
import { periodOn, resolveForDate } from './ir/resolve';
import type { IrAggregate, IrCondition, IrExpr, IrLet, IrRuleset, IrTable } from './ir/types';
import { kit } from './runtime';
import { findRelation, programInForce, programParticipation, readPath, readValue } from './semantics';
import { membersOf, type EvalEnv, type LoadedRuleset, type RawHousehold, type RawMember } from './types';
import { withheldParameter, withheldTable } from './withheld';
import { aggregateValue, and, applyFunction, applyOperator, callUnknown, compareUnknown, inRangeUnknown, not, or, uncertain, type Uncertain } from './three-valued';
import { Unknown, isUnknown, pointerSegment, unknownOf } from './unknown';
import { yearsBetween } from './values';

export type Value = unknown; // a known JS value, or an Unknown

/** Everything one subject's decision is made of, before it is turned into a Decision. */
export interface SubjectValues {
  memberIndex: number; // -1 for the household subject
  filter: Value; // true for the household subject
  eligible: Value;
  benefit: Value; // the benefit formula's value (not yet zeroed for ineligible subjects)
  scores: Value[];
  outcome: Value;
  /** The components' formulas (`component … = …`), in declaration order (not yet zeroed). */
  components: Value[];
  /** The value of every expression and condition item evaluated for this subject, by node id. */
  nodes: Map<number, Value>;
}

/** One SubjectValues per subject: the household, or each member whose filter is true or unknown. */
export function interpretSubjects(checked: CheckedRuleset, h: RawHousehold, day: number, env: EvalEnv = {}): SubjectValues[] {
  if (checked.subject.kind === 'HouseholdSubject') return [interpretSubject(checked, h, day, -1, env)];
  const out: SubjectValues[] = [];
  membersOf(h).forEach((_, i) => {
    const s = interpretSubject(checked, h, day, i, env);
    if (s.filter !== false) out.push(s);
  });
  return out;
}

/** The decision values of one subject (memberIndex -1: the household). */
export function interpretSubject(checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv = {}): SubjectValues {
  const ev = new Interpreter(checked, h, day, memberIndex, env);
  const ir = ev.ir;
  for (const l of ir.lets) ev.let(l); // every let, as the compiled code does, so traces agree
  const filter = ir.subject.kind === 'member' && ir.subject.filter ? ev.expr(ir.subject.filter) : true;
  const condition = ir.eligible ? ev.item(ir.eligible) : true;
  return {
    memberIndex,
    filter,
    eligible: and(filter, condition),
    benefit: ir.benefit ? ev.expr(ir.benefit.amount) : 0,
    scores: ir.scores.map((s) => ev.expr(s.value)),
    outcome: ir.outcome ? ev.expr(ir.outcome.value) : undefined,
    components: (ir.components ?? []).map((k) => ev.expr(k.amount)),
    nodes: ev.nodes,
  };
}

/** `eligible(other)`: true when some subject is eligible, unknown when none is but some is undetermined.
 *  A program not in force on the date makes no one eligible. */
export function interpretProgramEligibility(other: LoadedRuleset, h: RawHousehold, day: number, env: EvalEnv): Value {
  if (!programInForce(other.checked, day)) return false;
  const values = interpretSubjects(other.checked, h, day, env).map((s) => s.eligible);
  if (values.includes(true)) return true;
  return values.some(isUnknown) ? unknownOf(...values) : false;
}

// Three-valued logic and the bounds-aware operations: one implementation, shared with generated code.
export { and, or, not } from './three-valued';

/** Where one subject's unknown values come from, evaluating only the nodes asked about (and what they
 *  read). The compiled path asks this for `missing`, `not_in_force` and the explanation's unknown nodes. */
export class SubjectOrigins {
  private readonly ev: Interpreter;
  constructor(checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv = {}) {
    this.ev = new Interpreter(checked, h, day, memberIndex, env);
  }
  /** The value of an explained node (see trace-points.ts), by its IR id. */
  node(id: number): Value {
    return this.ev.node(id);
  }
  eligible(): Value {
    const ir = this.ev.ir;
    const filter = ir.subject.kind === 'member' && ir.subject.filter ? this.node(ir.subject.filter.id) : true;
    return and(filter, ir.eligible ? this.node(ir.eligible.id) : true);
  }
  benefit(): Value {
    const ir = this.ev.ir;
    return ir.benefit ? this.node(ir.benefit.amount.id) : 0;
  }
  components(): Value[] {
    return (this.ev.ir.components ?? []).map((k) => this.node(k.amount.id));
  }
  scores(): Value[] {
    return this.ev.ir.scores.map((s) => this.node(s.value.id));
  }
  outcome(): Value {
    const ir = this.ev.ir;
    return ir.outcome ? this.node(ir.outcome.value.id) : undefined;
  }
}

/** Any expression of a ruleset for one subject, one at a time, unknown as `undefined`: the values an
 *  exported json-rules-engine rule takes as facts, and constant folding at export. */
export class ExpressionValues {
  private readonly ev: Interpreter;
  constructor(private readonly checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv = {}) {
    this.ev = new Interpreter(checked, h, day, memberIndex, env);
  }
  value(e: Expr): unknown {
    const v = this.ev.expr(lowerExpression(this.checked, e));
    return isUnknown(v) ? undefined : v;
  }
}

/** One member's answer to an `any(members as m: …)` or `all(…)` condition. */
export interface MemberTruth {
  id: string;
  holds: boolean | null;
}

/** Which members meet an `any`/`all` condition, for the explanation of that condition. */
export function aggregateMembers(checked: CheckedRuleset, h: RawHousehold, day: number, subjectIndex: number, agg: Aggregate, env: EvalEnv = {}): MemberTruth[] {
  const ev = new Interpreter(checked, h, day, subjectIndex, env);
  const n = ev.ir.nodes.get(agg.id);
  if (n?.kind !== 'aggregate') throw new Error(`internal: node ${agg.id} is not an aggregate`);
  return ev.memberTruths(n);
}

/** Whether each member passes an aggregate's `where` filter (true when it has none): whom a condition
 *  about "every child under 5" concerns, so an explanation can say it does not apply to anyone. */
export function aggregateConcerned(checked: CheckedRuleset, h: RawHousehold, day: number, subjectIndex: number, aggregateId: number, env: EvalEnv = {}): (boolean | null)[] {
  const ev = new Interpreter(checked, h, day, subjectIndex, env);
  const n = ev.ir.nodes.get(aggregateId);
  if (n?.kind !== 'aggregate') throw new Error(`internal: node ${aggregateId} is not an aggregate`);
  return ev.memberFilters(n);
}

// ---------------------------------------------------------------- the tree walk (over the IR)

/** The IR of a checked ruleset with its parameters resolved for `day`. */
function irOn(checked: CheckedRuleset, day: number): IrRuleset {
  return resolveForDate(lower(checked), day);
}

class Interpreter {
  readonly nodes = new Map<number, Value>();
  private readonly members: RawMember[];
  private readonly lets = new Map<number, Value>();
  private readonly binders = new Map<number, number>(); // aggregate id → member index
  private readonly programs = new Map<string, Value>();
  readonly ir: IrRuleset;

  constructor(
    private readonly checked: CheckedRuleset,
    private readonly h: RawHousehold,
    private readonly day: number,
    private readonly subjectIndex: number,
    private readonly env: EvalEnv,
  ) {
    this.members = membersOf(h);
    this.ir = irOn(checked, day);
  }

  /** The value of an IR node of this ruleset by id (a condition or an expression). */
  node(id: number): Value {
    if (this.nodes.has(id)) return this.nodes.get(id);
    const n = this.ir.nodes.get(id);
    if (!n) throw new Error(`internal: node ${id} is not in the IR`);
    if (n.kind === 'condition' || n.kind === 'group') return this.item(n);
    if (n.kind === 'let') return this.let(n);
    if (n.kind === 'benefit' || n.kind === 'component') return this.expr(n.amount);
    if (n.kind === 'score' || n.kind === 'outcome') return this.expr(n.value);
    if (n.kind === 'parameter' || n.kind === 'table') throw new Error(`internal: node ${id} is a declaration`);
    return this.expr(n);
  }

  item(item: IrCondition): Value {
    let v: Value;
    if (item.kind === 'condition') {
      v = this.expr(item.test);
      // An assumption-marked condition that holds holds by the assumption's reading (engine/assumptions.ts).
      if (v === true && this.env.withholdAssumptions && item.provenance?.type === 'assumption') v = Unknown.assumed(item.label);
    } else {
      const values = item.items.map((i) => this.item(i)); // every item, so the explanation shows them all
      const anyOf = values.reduce<Value>((acc, x) => or(acc, x), false);
      v = item.combinator === 'all' ? values.reduce<Value>((acc, x) => and(acc, x), true) : item.combinator === 'any' ? anyOf : not(anyOf);
    }
    this.nodes.set(item.id, v);
    return v;
  }

  expr(e: IrExpr): Value {
    const v = this.eval(e);
    this.nodes.set(e.id, v);
    return v;
  }

  let(l: IrLet): Value {
    if (!this.lets.has(l.id)) this.lets.set(l.id, this.expr(l.value));
    return this.lets.get(l.id);
  }

  private eval(e: IrExpr): Value {
    switch (e.kind) {
      case 'const':
        return e.value;
      case 'param': {
        // Only in expressions lowered apart from the decision (lowerExpression): resolve here.
        const p = this.ir.parameters.get(e.name);
        const inForce = p ? periodOn(p.periods, this.day) : undefined;
        if (!inForce) return Unknown.notInForce(e.name);
        const withheld = this.env.withholdAssumptions ? withheldParameter(e.name, inForce, this.day) : undefined;
        return withheld ? Unknown.assumed(withheld) : inForce.value;
      }
      case 'paramValue': {
        if (!e.inForce) return Unknown.notInForce(e.name);
        const withheld = this.env.withholdAssumptions ? withheldParameter(e.name, e.inForce, this.day) : undefined;
        return withheld ? Unknown.assumed(withheld) : e.inForce.value;
      }
      case 'letRef': {
        const l = this.ir.nodes.get(e.letId);
        if (l?.kind !== 'let') throw new Error(`internal: let ${e.name} is not in the IR`);
        return this.let(l);
      }
      case 'household':
        return this.h;
      case 'members':
        return this.members;
      case 'evaluationDate':
        return this.day;
      case 'subjectMember':
        return this.members[this.subjectIndex];
      case 'binderMember': {
        const i = this.binders.get(e.aggregateId);
        if (i === undefined) throw new Error('internal: binder used outside its aggregate');
        return this.members[i];
      }
      case 'relation': {
        const i = findRelation(this.members, e.relationship);
        return typeof i === 'number' ? this.members[i] : new Unknown(new Set(i.missing));
      }
      case 'field':
        return this.field(e);
      case 'age': {
        const m = this.expr(e.member);
        if (isUnknown(m)) return m;
        const member = m as RawMember;
        const birth = readValue(member.birth_date, { kind: 'date' });
        if (birth !== undefined) return yearsBetween(birth as number, this.day);
        const age = readValue(member.age, { kind: 'number', unit: {} });
        return age !== undefined ? age : Unknown.missing(`${this.pointerOf(member)}/birth_date`);
      }
      case 'residencyYears': {
        const since = readValue(this.h.resident_since, { kind: 'date' });
        return since === undefined ? Unknown.missing('/resident_since') : yearsBetween(since as number, this.day);
      }
      case 'householdSize':
        return this.members.length;
      case 'negate': {
        const x = this.expr(e.operand);
        return isUnknown(x) ? unknownOf(x) : this.arith('neg', [x as number]); // an interval's bounds do not carry over
      }
      case 'not':
        return not(this.expr(e.operand));
      case 'arith': {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        if (isUnknown(a) || isUnknown(b)) return unknownOf(a, b);
        return this.arith(e.op, [a as number, b as number]);
      }
      case 'logic': {
        const a = this.expr(e.left);
        if (e.op === 'and' && a === false) return false;
        if (e.op === 'or' && a === true) return true;
        const b = this.expr(e.right);
        return e.op === 'and' ? and(a, b) : or(a, b);
      }
      case 'compare': {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        if (isUnknown(a) || isUnknown(b)) return compareUnknown(e.op, a, b);
        return compare(e.op, a, b);
      }
      case 'inRange': {
        const x = this.expr(e.value);
        if (isUnknown(x)) return inRangeUnknown(x, e.low, e.high, e.highExclusive, e.negated);
        const n = x as number;
        const lowOk = e.low === undefined || n >= e.low;
        const highOk = e.high === undefined || (e.highExclusive ? n < e.high : n <= e.high);
        return (lowOk && highOk) !== e.negated;
      }
      case 'inSet': {
        const x = this.expr(e.value);
        if (isUnknown(x)) return x;
        return e.values.includes(x as string) !== e.negated;
      }
      case 'isKnown': {
        // A withheld assumption is known in fact: only missing facts, parameters and errors make it unknown.
        const x = this.expr(e.value);
        const known = !isUnknown(x) || (x.missing.size === 0 && x.notInForce.size === 0 && x.errors.size === 0);
        return known !== e.negated;
      }
      case 'if': {
        const c = this.expr(e.condition);
        if (c === true) return this.expr(e.then);
        if (c === false) return this.expr(e.otherwise);
        // Undecided: what would decide it is the condition's facts and those either branch still needs.
        return unknownOf(c, this.expr(e.then), this.expr(e.otherwise));
      }
      case 'call': {
        const args = e.args.map((a) => this.expr(a));
        if (args.some(isUnknown)) return callUnknown(e.op, args); // strict, but min/max/clamp read bounds
        return applyFunction(e.op, args as number[], kit);
      }
      case 'tableLookup': {
        const key = this.expr(e.key);
        if (isUnknown(key)) return unknownOf(key); // strict: the key's interval says nothing of the row
        const table = this.ir.tables.get(e.table)!;
        if (this.env.withholdAssumptions && withheldTable(table)) return Unknown.assumed(table.name);
        const r = lookupRow(table, key);
        return r !== undefined ? r : Unknown.error(`no row of ${e.table} matches ${String(key)}`);
      }
      case 'aggregate':
        return this.aggregate(e);
      case 'points': {
        const terms = e.terms.map((t) => this.expr(t.value));
        if (terms.some(isUnknown)) return unknownOf(...terms);
        return terms.reduce<Value>((acc, x) => (isUnknown(acc) ? acc : this.arith('+', [acc as number, x as number])), 0);
      }
      case 'participation':
        return this.participation(e.measure, e.program);
      case 'programEligible':
        return this.program(e.program, e.version);
      case 'paymentGate': {
        // A failed condition of payment pays 0 for the period; the subject stays eligible. The formula is
        // evaluated either way, so the explanation shows it (as the traced compiled code does).
        const paid = this.node(e.conditionId);
        const amount = this.expr(e.amount);
        if (paid === false) return 0;
        return paid === true ? amount : unknownOf(paid, amount);
      }
    }
  }

  private field(e: Extract<IrExpr, { kind: 'field' }>): Value {
    const owner = this.expr(e.owner);
    if (isUnknown(owner)) return owner;
    const v = readValue(readPath(owner, e.path), e.type.kind === 'enum' ? { kind: 'enum', values: e.type.values, field: e.type.field } : (e.type as Type));
    if (v !== undefined) return v;
    const base = e.ownerKind === 'household' ? '' : this.pointerOf(owner as RawMember);
    return Unknown.missing(base + e.path.map((p) => '/' + pointerSegment(p)).join(''));
  }

  private pointerOf(member: RawMember): string {
    return `/members/${this.members.indexOf(member)}`;
  }

  /** An arithmetic operator of the registry on known operands; an error makes the value unknown. */
  private arith(op: '+' | '-' | '*' | '/' | 'neg', args: number[]): Value {
    return applyOperator(op, args, kit);
  }

  /** The household's participation in a program, from its `programs` record (semantics.ts). */
  private participation(fn: ParticipationMeasure, programId: string): Value {
    const p = programParticipation(this.h, programId, this.day);
    if (p === undefined) return Unknown.missing('/programs');
    if (fn === 'member') return p !== null;
    if (fn === 'years') return p === null ? 0 : yearsBetween(p.since, this.day);
    if (p === null) return false;
    return typeof p.recertified === 'boolean' ? p.recertified : Unknown.missing(`/programs/${p.index}/recertified`);
  }

  /** For `any`/`all` over members: whether each member meets the aggregate's condition (filter and value). */
  memberFilters(e: IrAggregate): (boolean | null)[] {
    const out = this.members.map((_, i) => {
      this.binders.set(e.id, i);
      const f = e.filter ? this.expr(e.filter) : true;
      return isUnknown(f) ? null : (f as boolean);
    });
    this.binders.delete(e.id);
    return out;
  }

  memberTruths(e: IrAggregate): MemberTruth[] {
    const out: MemberTruth[] = [];
    this.members.forEach((m, i) => {
      this.binders.set(e.id, i);
      const filter = e.filter ? this.expr(e.filter) : true;
      const value = e.value && filter !== false ? this.expr(e.value) : true;
      const v = e.op === 'all' ? or(not(filter), value) : and(filter, value);
      out.push({ id: String(m.id), holds: isUnknown(v) ? null : (v as boolean) });
    });
    this.binders.delete(e.id);
    return out;
  }

  private aggregate(e: IrAggregate): Value {
    const per: { filter: Value; value: Value }[] = [];
    this.members.forEach((_, i) => {
      this.binders.set(e.id, i);
      const filter = e.filter ? this.expr(e.filter) : true;
      // The value is only read where the member may count (filter true or unknown).
      const value = e.value && filter !== false ? this.expr(e.value) : undefined;
      per.push({ filter, value });
    });
    this.binders.delete(e.id);
    switch (e.op) {
      case 'any':
        return per.reduce<Value>((acc, p) => or(acc, and(p.filter, p.value)), false);
      case 'all':
        return per.reduce<Value>((acc, p) => and(acc, or(not(p.filter), p.value)), true);
      default:
        return this.bounded(e.op, per);
    }
  }

  /** count, sum, min, max: exact over the members certainly counted with a known value, bounded by the
   *  members whose filter or value is unknown (ops/bounds.ts, through three-valued.ts). */
  private bounded(op: 'count' | 'sum' | 'min' | 'max', per: { filter: Value; value: Value }[]): Value {
    let exact: number | undefined = op === 'count' || op === 'sum' ? 0 : undefined;
    let u: Uncertain | undefined;
    const origins: Value[] = [];
    for (const p of per) {
      if (p.filter === false) continue;
      const x = op === 'count' ? 1 : p.value;
      if (p.filter === true && !isUnknown(x)) {
        const n = x as number;
        if (op === 'count') exact = exact! + 1;
        else if (op === 'sum') exact = exact === undefined ? undefined : kit.add(exact, n);
        else exact = exact === undefined ? n : op === 'min' ? Math.min(exact, n) : Math.max(exact, n);
      } else {
        u = uncertain(op, u, p.filter === true, x);
        origins.push(p.filter, x);
      }
    }
    return aggregateValue(op, exact, u, origins);
  }

  private program(id: string, version: string | undefined): Value {
    const key = version ? `${id}@${version}` : id;
    if (!this.programs.has(key)) this.programs.set(key, this.programUncached(id, key, version));
    return this.programs.get(key);
  }

  private programUncached(id: string, key: string, version: string | undefined): Value {
    const stack = this.env.stack ?? [this.checked.id];
    if (stack.includes(id)) return Unknown.error(`${id} depends on itself`);
    const other = this.env.resolve?.(key);
    if (!other) return Unknown.error(`${key} is not available`);
    if (version && other.version !== version) return Unknown.error(`${id} is not at version ${version}`);
    // Another program's assumptions are reported on that program's decisions, not withheld here.
    return interpretProgramEligibility(other, this.h, this.day, { ...this.env, withholdAssumptions: false, stack: [...stack, id] });
  }
}

/** The first row of the table that matches `key`, else its `otherwise`, else undefined. */
function lookupRow(table: IrTable, key: unknown): number | undefined {
  for (const r of table.rows) {
    if (r.kind === 'enum') {
      if (key === r.value) return r.result;
    } else if (typeof key === 'number') {
      if (r.kind === 'point' ? key === r.value
        : (r.low === undefined || key >= r.low) && (r.high === undefined || (r.highExclusive ? key < r.high : key <= r.high))) return r.result;
    }
  }
  return table.otherwise;
}

function compare(op: '<' | '<=' | '>' | '>=' | '=' | '!=', a: Value, b: Value): boolean {
  switch (op) {
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    case '>=':
      return (a as number) >= (b as number);
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}

