// Which household facts a subject's decision reads, and where its thresholds are, found by walking the IR
// (resolved for the date) from the subject filter and the eligibility conditions, through `let`s.
//
// A fact is a stored field: `household.monthly_income` is one fact (`/monthly_income`); a member field
// read through the subject is the subject's (`/members/2/employment`), read through an aggregate binder,
// `head` or `spouse` it is every member's. Thresholds are the numbers a fact (or a quantity derived from
// it) is compared with: the search probes around them, so a narrow band is not stepped over.
import type { IrCondition, IrExpr, IrLabelledCondition, IrRuleset, IrType } from '../ir/types';
import { irChildren } from '../ir/lower';

/** A field as the rules read it: owner kind and path from the owner ("enrollment.attendance_rate"). */
export interface FieldRef {
  owner: 'household' | 'member';
  path: readonly string[];
  type: IrType;
  /** Read only through the subject member (`youth.x`), not through binders, head or spouse. */
  subjectOnly: boolean;
}

/** A comparison outside any aggregate whose one side reads facts and whose other side does not. */
export interface OuterComparison {
  id: number;
  /** The side that reads facts (a let, a field, an expression). */
  side: IrExpr;
  /** The other side: a parameter, a literal or a fact-free expression. */
  other: IrExpr;
  /** The fields the side reads. */
  reads: ReadonlySet<string>;
  /** The `let` the side reads directly, for the sentence ("per_capita_income"). */
  quantity: string | undefined;
  thresholdName: string | undefined;
  /** The labelled condition it is part of (undefined in the subject filter). */
  condition: string | undefined;
}

export interface DecisionFacts {
  fields: Map<string, FieldRef>; // by key "household:monthly_income"
  /** Numbers compared with each field directly (or bounding it in a range or a band). */
  hints: Map<string, number[]>;
  outer: OuterComparison[];
  conditions: IrLabelledCondition[];
  /** Derived facts read: `age` (birth_date / age of members), `residency` (resident_since), `size`. */
  readsAge: boolean;
  readsResidency: boolean;
}

export function fieldKey(owner: 'household' | 'member', path: readonly string[]): string {
  return `${owner}:${path.join('.')}`;
}

export function decisionFacts(ir: IrRuleset): DecisionFacts {
  const out: DecisionFacts = { fields: new Map(), hints: new Map(), outer: [], conditions: [], readsAge: false, readsResidency: false };
  const readsMemo = new Map<number, Set<string>>();
  const seenLets = new Set<number>();
  let label: string | undefined;

  const addHint = (key: string, v: number | undefined) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    const list = out.hints.get(key) ?? [];
    if (!list.includes(v)) list.push(v);
    out.hints.set(key, list);
  };

  /** The fields an expression reads (through lets too). */
  const reads = (e: IrExpr): Set<string> => {
    const memo = readsMemo.get(e.id);
    if (memo) return memo;
    const s = new Set<string>();
    readsMemo.set(e.id, s); // before recursing: a let read twice is walked once
    if (e.kind === 'field') s.add(fieldKey(e.ownerKind, e.path));
    if (e.kind === 'age') s.add('derived:age');
    if (e.kind === 'residencyYears') s.add('derived:residency');
    if (e.kind === 'letRef') {
      const l = ir.nodes.get(e.letId);
      if (l?.kind === 'let') for (const k of reads(l.value)) s.add(k);
    }
    for (const c of irChildren(e)) for (const k of reads(c)) s.add(k);
    return s;
  };

  const constantOf = (e: IrExpr): { value: number | undefined; name: string | undefined } => {
    if (e.kind === 'paramValue') return { value: e.inForce && typeof e.inForce.value === 'number' ? e.inForce.value : undefined, name: e.name };
    if (e.kind === 'const' && typeof e.value === 'number') return { value: e.value, name: undefined };
    if (e.kind === 'negate') {
      const c = constantOf(e.operand);
      return { value: c.value === undefined ? undefined : -c.value, name: c.name };
    }
    return { value: undefined, name: undefined };
  };

  /** The field an expression is, directly (or through a let that is just that field). */
  const directField = (e: IrExpr): string | undefined => {
    if (e.kind === 'field') return fieldKey(e.ownerKind, e.path);
    if (e.kind === 'letRef') {
      const l = ir.nodes.get(e.letId);
      return l?.kind === 'let' ? directField(l.value) : undefined;
    }
    return undefined;
  };

  const walk = (e: IrExpr, inAggregate: boolean): void => {
    switch (e.kind) {
      case 'field': {
        const key = fieldKey(e.ownerKind, e.path);
        const subjectOnly = e.ownerKind === 'member' && e.owner.kind === 'subjectMember';
        const known = out.fields.get(key);
        out.fields.set(key, { owner: e.ownerKind, path: e.path, type: e.type, subjectOnly: (known?.subjectOnly ?? true) && subjectOnly });
        break;
      }
      case 'age': out.readsAge = true; break;
      case 'residencyYears': out.readsResidency = true; break;
      case 'letRef': {
        const l = ir.nodes.get(e.letId);
        if (l?.kind === 'let' && !seenLets.has(l.id)) {
          seenLets.add(l.id);
          walk(l.value, inAggregate);
        }
        break;
      }
      case 'compare': {
        for (const [side, other] of [[e.left, e.right], [e.right, e.left]] as const) {
          const c = constantOf(other);
          const direct = directField(side);
          if (direct && c.value !== undefined) addHint(direct, c.value);
          if (!inAggregate && reads(side).size > 0 && reads(other).size === 0) {
            out.outer.push({
              id: e.id, side, other, reads: reads(side), thresholdName: c.name, condition: label,
              quantity: side.kind === 'letRef' ? side.name : undefined,
            });
          }
        }
        break;
      }
      case 'inRange': {
        const direct = directField(e.value);
        if (direct) {
          addHint(direct, e.low);
          addHint(direct, e.high);
        }
        break;
      }
      case 'tableLookup': {
        const direct = directField(e.key);
        const table = ir.tables.get(e.table);
        if (direct && table) {
          for (const row of table.rows) {
            if (row.kind === 'point') addHint(direct, row.value);
            if (row.kind === 'range') {
              addHint(direct, row.low);
              addHint(direct, row.high);
            }
          }
        }
        break;
      }
      default: break;
    }
    const inner = inAggregate || e.kind === 'aggregate';
    for (const c of irChildren(e)) walk(c, inner);
  };

  const item = (c: IrCondition): void => {
    if (c.kind === 'condition') {
      out.conditions.push(c);
      label = c.label;
      walk(c.test, false);
      label = undefined;
    } else c.items.forEach(item);
  };

  if (ir.subject.kind === 'member' && ir.subject.filter) walk(ir.subject.filter, false);
  if (ir.eligible) item(ir.eligible);
  return out;
}
