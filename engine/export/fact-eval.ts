// Values of the computed facts an exported json-rules-engine ruleset needs (lets, derived fields, inline
// aggregates): one expression at a time, with the engine's value semantics — exact 6-place decimals,
// birthday ages, parameters in force on the date, table rows in order, Kleene logic. `undefined` is
// unknown. It mirrors engine/interpret.ts but evaluates only what is asked (the interpreter computes a
// whole decision), so the json-rules-engine runtime is not charged for our own evaluation.
import type { Aggregate, Expr, FieldAccess, TableDecl } from '../../dsl/ast';
import type { CheckedRuleset } from '../../dsl/check/types';
import {
  findRelation, literalDate, literalNumber, parameterInForce, readPath, readValue, tableLookup, tableShape,
  type TableShape,
} from '../semantics';
import { canon, monthsBetween, normalCdf, roundTo, yearsBetween } from '../values';
import { runtime } from '../runtime';

type Rec = Record<string, unknown>;

export class FactEvaluator {
  private readonly members: Rec[];
  private readonly lets = new Map<number, unknown>();
  private readonly binders = new Map<number, number>(); // aggregate id → member index

  constructor(
    private readonly checked: CheckedRuleset,
    private readonly h: Rec,
    private readonly day: number,
    private readonly subject: number, // member index, -1 for a household subject
  ) {
    this.members = Array.isArray(h.members) ? (h.members as Rec[]) : [];
  }

  eval(e: Expr): unknown {
    switch (e.kind) {
      case 'NumberLiteral':
        return literalNumber(e);
      case 'DateLiteral':
        return literalDate(e.text);
      case 'BoolLiteral':
      case 'TextLiteral':
        return e.value;
      case 'NameRef':
        return this.name(e.id);
      case 'FieldAccess':
        return this.field(e);
      case 'Unary': {
        const x = this.eval(e.operand);
        if (x === undefined) return undefined;
        return e.op === 'not' ? !x : canon(-(x as number));
      }
      case 'Binary': {
        const a = this.eval(e.left);
        if (e.op === 'and' && a === false) return false;
        if (e.op === 'or' && a === true) return true;
        const b = this.eval(e.right);
        if (e.op === 'and') return and(a, b);
        if (e.op === 'or') return or(a, b);
        if (a === undefined || b === undefined) return undefined;
        const x = a as number;
        const y = b as number;
        if (e.op === '+') return canon(x + y);
        if (e.op === '-') return canon(x - y);
        if (e.op === '*') return canon(x * y);
        return y === 0 ? undefined : canon(x / y);
      }
      case 'Compare': {
        const a = this.eval(e.left);
        const b = this.eval(e.right);
        if (a === undefined || b === undefined) return undefined;
        return compare(e.op, a, b);
      }
      case 'InRange': {
        const x = this.eval(e.value) as number | undefined;
        if (x === undefined) return undefined;
        const { low, high, highExclusive } = e.bounds;
        const ok = (!low || x >= literalNumber(low)) && (!high || (highExclusive ? x < literalNumber(high) : x <= literalNumber(high)));
        return ok !== e.negated;
      }
      case 'InSet': {
        const x = this.eval(e.value);
        return x === undefined ? undefined : e.members.some((m) => m.text === x) !== e.negated;
      }
      case 'IsEnum': {
        const x = this.eval(e.value);
        return x === undefined ? undefined : (x === e.enumValue.text) !== e.negated;
      }
      case 'IsKnown':
        return (this.eval(e.value) !== undefined) !== e.negated;
      case 'IfExpr': {
        const c = this.eval(e.condition);
        return c === true ? this.eval(e.then) : c === false ? this.eval(e.otherwise) : undefined;
      }
      case 'Call':
        return this.call(e.id, e.args);
      case 'Aggregate':
        return this.aggregate(e);
      case 'PointsSum': {
        let acc: number | undefined = 0;
        for (const t of e.terms) {
          const x = this.eval(t.value) as number | undefined;
          if (x === undefined) return undefined;
          acc = canon(acc + x);
          if (acc === undefined) return undefined;
        }
        return acc;
      }
      case 'ProgramDecision':
        return undefined; // another ruleset's decision: the exporter refuses it before we get here
    }
  }

  private name(id: number): unknown {
    const r = this.checked.names.get(id);
    if (!r) throw new Error(`internal: name ${id} was not resolved by the checker`);
    switch (r.kind) {
      case 'parameter':
        return parameterInForce(r.decl, this.day)?.value;
      case 'let':
        if (!this.lets.has(r.decl.id)) this.lets.set(r.decl.id, this.eval(r.decl.value));
        return this.lets.get(r.decl.id);
      case 'subject':
        return this.members[this.subject];
      case 'binder': {
        const i = this.binders.get(r.aggregateId);
        return i === undefined ? undefined : this.members[i];
      }
      case 'builtin':
        if (r.name === 'household') return this.h;
        if (r.name === 'members') return this.members;
        if (r.name === 'evaluation_date') return this.day;
        return relation(this.members, r.name);
    }
  }

  private field(e: FieldAccess): unknown {
    const ref = this.checked.fields.get(e.id);
    if (!ref) throw new Error(`internal: field ${e.id} was not resolved by the checker`);
    if (ref.kind === 'derived') {
      if (ref.name === 'size') return this.members.length;
      if (ref.name === 'residency_years') {
        const since = readValue(this.h.resident_since, { kind: 'date' }) as number | undefined;
        return since === undefined ? undefined : yearsBetween(since, this.day);
      }
      const m = this.eval(e.object) as Rec | undefined;
      if (m === undefined) return undefined;
      const birth = readValue(m.birth_date, { kind: 'date' }) as number | undefined;
      if (birth !== undefined) return yearsBetween(birth, this.day);
      return readValue(m.age, { kind: 'number', unit: {} });
    }
    const owner = this.eval(ownerRoot(this.checked, e));
    if (owner === undefined) return undefined;
    return readValue(readPath(owner, ref.path), this.checked.types.get(e.id));
  }

  private call(id: number, argExprs: Expr[]): unknown {
    const target = this.checked.calls.get(id);
    if (!target) throw new Error(`internal: call ${id} was not resolved by the checker`);
    if (target.kind === 'builtin' && (target.name === 'in_program' || target.name === 'years_in_program' || target.name === 'recertified')) {
      const id = argExprs[0]!.kind === 'ProgramLiteral' ? argExprs[0]!.program.programId : '';
      return runtime[target.name === 'in_program' ? 'inProgram' : target.name === 'years_in_program' ? 'yearsInProgram' : 'recertified'](this.h, id, this.day);
    }
    const args = argExprs.map((a) => this.eval(a));
    if (args.some((a) => a === undefined)) return undefined;
    const n = args as number[];
    if (target.kind === 'table') return tableLookup(shapeOf(target.decl), args[0]);
    switch (target.name) {
      case 'min':
        return Math.min(...n);
      case 'max':
        return Math.max(...n);
      case 'clamp':
        return Math.min(Math.max(n[0], n[1]), n[2]);
      case 'round':
        return roundTo(n[0], n.length > 1 ? n[1] : 0);
      case 'floor':
        return canon(Math.floor(n[0]));
      case 'ceil':
        return canon(Math.ceil(n[0]));
      case 'abs':
        return canon(Math.abs(n[0]));
      case 'normal_cdf':
        return normalCdf(n[0]);
      case 'years_between':
        return yearsBetween(n[0], n[1]);
      case 'months_between':
        return monthsBetween(n[0], n[1]);
    }
  }

  private aggregate(e: Aggregate): unknown {
    let count = 0;
    let unknown = false; // a counted member whose filter or value is unknown
    let logic: unknown = e.op === 'all'; // Kleene fold for any/all
    const xs: number[] = [];
    for (let i = 0; i < this.members.length; i++) {
      this.binders.set(e.id, i);
      const f = e.filter ? this.eval(e.filter) : true;
      if (f === false) continue;
      const v = e.value ? this.eval(e.value) : undefined;
      if (e.op === 'any') logic = or(logic, and(f, v));
      else if (e.op === 'all') logic = and(logic, or(f === undefined ? undefined : !f, v));
      else if (f === undefined || (e.op !== 'count' && v === undefined)) unknown = true;
      else if (e.op === 'count') count++;
      else xs.push(v as number);
    }
    this.binders.delete(e.id);
    if (e.op === 'any' || e.op === 'all') return logic;
    if (unknown) return undefined;
    if (e.op === 'count') return count;
    if (e.op === 'sum') return xs.reduce<number | undefined>((acc, x) => (acc === undefined ? undefined : canon(acc + x)), 0);
    if (xs.length === 0) return undefined;
    return e.op === 'min' ? Math.min(...xs) : Math.max(...xs);
  }
}

/** The household/member expression a stored field path is counted from (record steps skipped). */
export function ownerRoot(checked: CheckedRuleset, e: FieldAccess): Expr {
  let root: Expr = e.object;
  while (root.kind === 'FieldAccess' && checked.types.get(root.id)?.kind === 'record') root = root.object;
  return root;
}

/** `head` / `spouse` as the engine finds them; undefined (unknown) when it cannot tell. */
export function relation(members: Rec[], relationship: string): Rec | undefined {
  const i = findRelation(members, relationship);
  return typeof i === 'number' ? members[i] : undefined;
}

const shapes = new WeakMap<TableDecl, TableShape>();
function shapeOf(decl: TableDecl): TableShape {
  let s = shapes.get(decl);
  if (!s) shapes.set(decl, (s = tableShape(decl)));
  return s;
}

function and(a: unknown, b: unknown): unknown {
  if (a === false || b === false) return false;
  return a === undefined || b === undefined ? undefined : true;
}
function or(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  return a === undefined || b === undefined ? undefined : false;
}

function compare(op: '<' | '<=' | '>' | '>=' | '=' | '!=', a: unknown, b: unknown): boolean {
  const x = a as number;
  const y = b as number;
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  if (op === '>=') return x >= y;
  return op === '=' ? a === b : a !== b;
}
