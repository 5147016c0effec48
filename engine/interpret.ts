// The reference interpreter: a plain tree walk over the checked AST, written to be obviously right rather
// than fast. Values are plain JS values (number, boolean, string, day number, member object, member list,
// nested record) or an `Unknown` that carries where it came from. Logic is three-valued (Kleene).
// The compiled evaluator must agree with this file on every ruleset, household and date.
import type { Aggregate, ConditionItem, Expr, FieldAccess, LetDecl } from '../dsl/ast';
import type { CheckedRuleset } from '../dsl/check/types';
import {
  findRelation, literalDate, literalNumber, parameterInForce, programInForce, programParticipation, readPath, readValue,
  tableLookup, tableShape,
} from './semantics';
import { explainedNodes } from './trace-points';
import { membersOf, type EvalEnv, type LoadedRuleset, type RawHousehold, type RawMember } from './types';
import { Unknown, isUnknown, pointerSegment, unknownOf } from './unknown';
import { add, canon, div, monthsBetween, mul, neg, normalCdf, roundTo, sub, yearsBetween } from './values';

export type Value = unknown; // a known JS value, or an Unknown

/** Everything one subject's decision is made of, before it is turned into a Decision. */
export interface SubjectValues {
  memberIndex: number; // -1 for the household subject
  filter: Value; // true for the household subject
  eligible: Value;
  benefit: Value; // the benefit formula's value (not yet zeroed for ineligible subjects)
  scores: Value[];
  outcome: Value;
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
  for (const l of checked.lets) ev.let(l); // every let, as the compiled code does, so traces agree
  const subject = checked.subject;
  const filter = subject.kind === 'MemberSubject' && subject.filter ? ev.expr(subject.filter) : true;
  const condition = checked.eligible ? ev.item(checked.eligible.condition) : true;
  return {
    memberIndex,
    filter,
    eligible: and(filter, condition),
    benefit: checked.benefit ? ev.expr(checked.benefit.amount) : 0,
    scores: checked.scores.map((s) => ev.expr(s.value)),
    outcome: checked.outcome ? ev.expr(checked.outcome.value) : undefined,
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

// ---------------------------------------------------------------- three-valued logic

export function and(a: Value, b: Value): Value {
  if (a === false || b === false) return false;
  return isUnknown(a) || isUnknown(b) ? unknownOf(a, b) : true;
}
export function or(a: Value, b: Value): Value {
  if (a === true || b === true) return true;
  return isUnknown(a) || isUnknown(b) ? unknownOf(a, b) : false;
}
export function not(a: Value): Value {
  return isUnknown(a) ? a : !a;
}

/** Where one subject's unknown values come from, evaluating only the nodes asked about (and what they
 *  read). The compiled path asks this for `missing`, `not_in_force` and the explanation's unknown nodes. */
export class SubjectOrigins {
  private readonly ev: Interpreter;
  constructor(private readonly checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv = {}) {
    this.ev = new Interpreter(checked, h, day, memberIndex, env);
  }
  /** The value of an explained node (see trace-points.ts). */
  node(id: number): Value {
    if (this.ev.nodes.has(id)) return this.ev.nodes.get(id);
    const n = explainedNodes(this.checked).get(id);
    if (!n) return undefined;
    return n.kind === 'LabelledCondition' || n.kind === 'ConditionGroup' ? this.ev.item(n) : this.ev.expr(n);
  }
  eligible(): Value {
    const s = this.checked.subject;
    const filter = s.kind === 'MemberSubject' && s.filter ? this.node(s.filter.id) : true;
    return and(filter, this.checked.eligible ? this.node(this.checked.eligible.condition.id) : true);
  }
  benefit(): Value {
    return this.checked.benefit ? this.node(this.checked.benefit.amount.id) : 0;
  }
}

/** Any expression of a ruleset for one subject, one at a time, unknown as `undefined`: the values an
 *  exported json-rules-engine rule takes as facts, and constant folding at export. */
export class ExpressionValues {
  private readonly ev: Interpreter;
  constructor(checked: CheckedRuleset, h: RawHousehold, day: number, memberIndex: number, env: EvalEnv = {}) {
    this.ev = new Interpreter(checked, h, day, memberIndex, env);
  }
  value(e: Expr): unknown {
    const v = this.ev.expr(e);
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
  return new Interpreter(checked, h, day, subjectIndex, env).memberTruths(agg);
}

// ---------------------------------------------------------------- the tree walk

class Interpreter {
  readonly nodes = new Map<number, Value>();
  private readonly members: RawMember[];
  private readonly lets = new Map<number, Value>();
  private readonly binders = new Map<number, number>(); // aggregate id → member index
  private readonly programs = new Map<string, Value>();

  constructor(
    private readonly checked: CheckedRuleset,
    private readonly h: RawHousehold,
    private readonly day: number,
    private readonly subjectIndex: number,
    private readonly env: EvalEnv,
  ) {
    this.members = membersOf(h);
  }

  item(item: ConditionItem): Value {
    let v: Value;
    if (item.kind === 'LabelledCondition') {
      v = this.expr(item.test);
    } else {
      const values = item.items.map((i) => this.item(i)); // every item, so the explanation shows them all
      const anyOf = values.reduce<Value>((acc, x) => or(acc, x), false);
      v = item.combinator === 'all' ? values.reduce<Value>((acc, x) => and(acc, x), true) : item.combinator === 'any' ? anyOf : not(anyOf);
    }
    this.nodes.set(item.id, v);
    return v;
  }

  expr(e: Expr): Value {
    const v = this.eval(e);
    this.nodes.set(e.id, v);
    return v;
  }

  private eval(e: Expr): Value {
    switch (e.kind) {
      case 'NumberLiteral':
        return literalNumber(e);
      case 'DateLiteral':
        return literalDate(e.text);
      case 'BoolLiteral':
        return e.value;
      case 'TextLiteral':
        return e.value;
      case 'NameRef':
        return this.name(e.id);
      case 'FieldAccess':
        return this.field(e);
      case 'Unary': {
        const x = this.expr(e.operand);
        if (isUnknown(x)) return x;
        return e.op === 'not' ? !x : neg(x as number);
      }
      case 'Binary':
        return this.binary(e.op, e.left, e.right);
      case 'Compare': {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        if (isUnknown(a) || isUnknown(b)) return unknownOf(a, b);
        return compare(e.op, a, b);
      }
      case 'InRange': {
        const x = this.expr(e.value);
        if (isUnknown(x)) return x;
        const n = x as number;
        const lowOk = !e.bounds.low || n >= literalNumber(e.bounds.low);
        const highOk = !e.bounds.high || (e.bounds.highExclusive ? n < literalNumber(e.bounds.high) : n <= literalNumber(e.bounds.high));
        return (lowOk && highOk) !== e.negated;
      }
      case 'InSet': {
        const x = this.expr(e.value);
        if (isUnknown(x)) return x;
        return e.members.some((m) => m.text === x) !== e.negated;
      }
      case 'IsEnum': {
        const x = this.expr(e.value);
        if (isUnknown(x)) return x;
        return (x === e.enumValue.text) !== e.negated;
      }
      case 'IsKnown':
        return !isUnknown(this.expr(e.value)) !== e.negated;
      case 'IfExpr': {
        const c = this.expr(e.condition);
        if (c === true) return this.expr(e.then);
        if (c === false) return this.expr(e.otherwise);
        // Undecided: what would decide it is the condition's facts and those either branch still needs.
        return unknownOf(c, this.expr(e.then), this.expr(e.otherwise));
      }
      case 'Call':
        return this.call(e.id, e.args);
      case 'Aggregate':
        return this.aggregate(e);
      case 'PointsSum': {
        const terms = e.terms.map((t) => this.expr(t.value));
        if (terms.some(isUnknown)) return unknownOf(...terms);
        return terms.reduce<Value>((acc, x) => (isUnknown(acc) ? acc : arith(add(acc as number, x as number))), 0);
      }
      case 'ProgramDecision':
        return this.program(e.program.programId, e.program.version);
      case 'ProgramLiteral':
        return e.program.programId;
    }
  }

  private name(id: number): Value {
    const r = this.checked.names.get(id);
    if (!r) throw new Error(`internal: name ${id} was not resolved by the checker`);
    switch (r.kind) {
      case 'parameter': {
        const p = parameterInForce(r.decl, this.day);
        return p ? p.value : Unknown.notInForce(r.decl.name.text);
      }
      case 'let':
        return this.let(r.decl);
      case 'subject':
        return this.members[this.subjectIndex];
      case 'binder': {
        const i = this.binders.get(r.aggregateId);
        if (i === undefined) throw new Error('internal: binder used outside its aggregate');
        return this.members[i];
      }
      case 'builtin':
        switch (r.name) {
          case 'household':
            return this.h;
          case 'members':
            return this.members;
          case 'evaluation_date':
            return this.day;
          case 'head':
          case 'spouse': {
            const i = findRelation(this.members, r.name);
            return typeof i === 'number' ? this.members[i] : new Unknown(new Set(i.missing));
          }
        }
    }
  }

  let(decl: LetDecl): Value {
    if (!this.lets.has(decl.id)) this.lets.set(decl.id, this.expr(decl.value));
    return this.lets.get(decl.id);
  }

  private field(e: FieldAccess): Value {
    const ref = this.checked.fields.get(e.id);
    if (!ref) throw new Error(`internal: field ${e.id} was not resolved by the checker`);
    if (ref.kind === 'derived') {
      if (ref.name === 'size') return this.members.length;
      if (ref.name === 'residency_years') {
        const since = readValue(this.h.resident_since, { kind: 'date' });
        return since === undefined ? Unknown.missing('/resident_since') : yearsBetween(since as number, this.day);
      }
      const m = this.expr(e.object);
      if (isUnknown(m)) return m;
      const member = m as RawMember;
      const birth = readValue(member.birth_date, { kind: 'date' });
      if (birth !== undefined) return yearsBetween(birth as number, this.day);
      const age = readValue(member.age, { kind: 'number', unit: {} });
      return age !== undefined ? age : Unknown.missing(`${this.pointerOf(member)}/birth_date`);
    }
    // A stored path is counted from the owner (household or member): skip the record steps in between.
    let root: Expr = e.object;
    while (root.kind === 'FieldAccess' && this.checked.types.get(root.id)?.kind === 'record') root = root.object;
    const owner = this.expr(root);
    if (isUnknown(owner)) return owner;
    const v = readValue(readPath(owner, ref.path), this.checked.types.get(e.id));
    if (v !== undefined) return v;
    const base = ref.owner === 'household' ? '' : this.pointerOf(owner as RawMember);
    return Unknown.missing(base + ref.path.map((p) => '/' + pointerSegment(p)).join(''));
  }

  private pointerOf(member: RawMember): string {
    return `/members/${this.members.indexOf(member)}`;
  }

  private binary(op: '+' | '-' | '*' | '/' | 'and' | 'or', left: Expr, right: Expr): Value {
    const a = this.expr(left);
    if (op === 'and' && a === false) return false;
    if (op === 'or' && a === true) return true;
    const b = this.expr(right);
    if (op === 'and') return and(a, b);
    if (op === 'or') return or(a, b);
    if (isUnknown(a) || isUnknown(b)) return unknownOf(a, b);
    const x = a as number;
    const y = b as number;
    switch (op) {
      case '+':
        return arith(add(x, y));
      case '-':
        return arith(sub(x, y));
      case '*':
        return arith(mul(x, y));
      case '/':
        return y === 0 ? Unknown.error('division by zero') : arith(div(x, y));
    }
  }

  private call(id: number, argExprs: Expr[]): Value {
    const target = this.checked.calls.get(id);
    if (!target) throw new Error(`internal: call ${id} was not resolved by the checker`);
    if (target.kind === 'builtin' && (target.name === 'in_program' || target.name === 'years_in_program' || target.name === 'recertified')) {
      return this.participation(target.name, argExprs[0]!.kind === 'ProgramLiteral' ? argExprs[0]!.program.programId : '');
    }
    const args = argExprs.map((a) => this.expr(a));
    if (args.some(isUnknown)) return unknownOf(...args);
    const n = args as number[];
    if (target.kind === 'table') {
      const r = tableLookup(tableShape(target.decl), args[0]);
      return r !== undefined ? r : Unknown.error(`no row of ${target.decl.name.text} matches ${String(args[0])}`);
    }
    switch (target.name) {
      case 'min':
        return Math.min(...n);
      case 'max':
        return Math.max(...n);
      case 'clamp':
        return Math.min(Math.max(n[0], n[1]), n[2]);
      case 'round':
        return roundTo(n[0], n.length > 1 ? n[1] : 0) ?? Unknown.error('round: places must be a whole number');
      case 'floor':
        return arith(canon(Math.floor(n[0])));
      case 'ceil':
        return arith(canon(Math.ceil(n[0])));
      case 'abs':
        return arith(canon(Math.abs(n[0])));
      case 'normal_cdf':
        return normalCdf(n[0]);
      case 'years_between':
        return yearsBetween(n[0], n[1]);
      case 'months_between':
        return monthsBetween(n[0], n[1]);
    }
  }

  /** The household's participation in a program, from its `programs` record (semantics.ts). */
  private participation(fn: 'in_program' | 'years_in_program' | 'recertified', programId: string): Value {
    const p = programParticipation(this.h, programId, this.day);
    if (p === undefined) return Unknown.missing('/programs');
    if (fn === 'in_program') return p !== null;
    if (fn === 'years_in_program') return p === null ? 0 : yearsBetween(p.since, this.day);
    if (p === null) return false;
    return typeof p.recertified === 'boolean' ? p.recertified : Unknown.missing(`/programs/${p.index}/recertified`);
  }

  /** For `any`/`all` over members: whether each member meets the aggregate's condition (filter and value). */
  memberTruths(e: Aggregate): MemberTruth[] {
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

  private aggregate(e: Aggregate): Value {
    const per: { filter: Value; value: Value }[] = [];
    this.members.forEach((_, i) => {
      this.binders.set(e.id, i);
      const filter = e.filter ? this.expr(e.filter) : true;
      // The value is only read where the member may count (filter true or unknown).
      const value = e.value && filter !== false ? this.expr(e.value) : undefined;
      per.push({ filter, value });
    });
    this.binders.delete(e.id);
    const counted = per.filter((p) => p.filter !== false);
    switch (e.op) {
      case 'count':
        // Strict: one member whose filter is unknown makes the count unknown.
        return counted.some((p) => isUnknown(p.filter)) ? unknownOf(...counted.map((p) => p.filter)) : counted.length;
      case 'any':
        return per.reduce<Value>((acc, p) => or(acc, and(p.filter, p.value)), false);
      case 'all':
        return per.reduce<Value>((acc, p) => and(acc, or(not(p.filter), p.value)), true);
      default: {
        // sum, min, max: strict in both the filter and the value.
        const unknowns = counted.flatMap((p) => [p.filter, p.value]).filter(isUnknown);
        if (unknowns.length > 0) return unknownOf(...unknowns);
        const xs = counted.map((p) => p.value as number);
        if (e.op === 'sum') return xs.reduce<Value>((acc, x) => (isUnknown(acc) ? acc : arith(add(acc as number, x))), 0);
        if (xs.length === 0) return Unknown.error(`${e.op} over no members`);
        return e.op === 'min' ? Math.min(...xs) : Math.max(...xs);
      }
    }
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
    return interpretProgramEligibility(other, this.h, this.day, { ...this.env, stack: [...stack, id] });
  }
}

/** An exact arithmetic result, or an evaluation error when it leaves the exact range. */
function arith(r: number | undefined): Value {
  return r === undefined ? Unknown.error('number out of range') : r;
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

