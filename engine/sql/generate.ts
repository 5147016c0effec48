// The SQL backend of the IR: a resolved IrRuleset (every parameter fixed for one date) → one SELECT
// over the registry's `households` and `members` tables (layout.ts) giving one row per subject:
// household_id, subject, member_index, eligible (NULL when undetermined: SQL's AND/OR/NOT are Kleene
// logic, the engine's three values), benefit, outcome, one column per score and one per top-level
// criterion. Numbers are computed as BIGINT micro-units with the engine's rounding (dialect.ts) and
// written as DECIMAL(18,6). What a dialect cannot express is a diagnostic with the rule's line, and no
// query — never a query that answers differently from the engine.
import { toMicros, formatIsoDate } from '../values';
import type { IrAggregate, IrCondition, IrExpr, IrLet, IrRuleset, IrType } from '../ir/types';
import type { Dialect } from './dialect';
import { householdTable, memberTable } from './layout';

export interface SqlDiagnostic {
  rulesetId: string;
  line: number;
  column: number;
  code: 'E-SQL-UNSUPPORTED';
  message: string;
}

export interface SqlQuery {
  sql: string;
  /** Output columns, in order, with what each holds. */
  columns: { name: string; label: string }[];
}

class Unsupported extends Error {
  constructor(readonly node: { at: IrExpr['at'] }, message: string) {
    super(message);
  }
}

/** Which member row an expression's member refers to: an alias in scope, or `head`/`spouse`. */
type MemberRef = { alias: string };

interface Scope {
  household: string;
  subject: MemberRef | undefined;
  binders: Map<number, MemberRef>;
}

const MICRO = 1_000_000;
/** The member rows of the per-household GROUP BY, and a marker that shows an aggregate reads the subject. */
const HOISTED_BINDER = 'hb';
const SUBJECT_PROBE = '__subject__';

export function generateSql(ir: IrRuleset, dialect: Dialect): { query?: SqlQuery; diagnostics: SqlDiagnostic[] } {
  if (ir.resolvedFor === undefined) throw new Error('internal: the SQL backend needs an IR resolved for a date');
  try {
    return { query: new Generator(ir, dialect).query(), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const start = error.node.at.range.start;
    return {
      diagnostics: [{ rulesetId: error.node.at.rulesetId, line: start.line, column: start.column, code: 'E-SQL-UNSUPPORTED', message: `${error.message} (${dialect.name})` }],
    };
  }
}

class Generator {
  private readonly lets = new Map<number, IrLet>();
  /** Household-level aggregates, computed once per household in one GROUP BY over its members and
   *  read as columns of `agg` (a correlated subquery per use is far slower, and the helpers would
   *  repeat it). Aggregates that read the subject stay correlated subqueries. */
  private readonly hoisted = new Map<string, string>();
  /** `head` / `spouse` rows joined to the household (the position is a column of `agg`). */
  private readonly relations = new Set<'head' | 'spouse'>();
  private readonly day: number;
  private readonly dateLiteral: string;

  constructor(private readonly ir: IrRuleset, private readonly d: Dialect) {
    ir.lets.forEach((l) => this.lets.set(l.id, l));
    this.day = ir.resolvedFor!;
    this.dateLiteral = d.date(formatIsoDate(this.day));
  }

  query(): SqlQuery {
    const { ir, d } = this;
    const q = (id: string) => d.quote(id);
    const subject = ir.subject;
    const scope: Scope = { household: 'h', subject: subject.kind === 'member' ? { alias: 's' } : undefined, binders: new Map() };
    const inForce = (ir.inForce.from === undefined || ir.inForce.from <= this.day) && (ir.inForce.until === undefined || this.day <= ir.inForce.until);
    const where = subject.kind === 'member' && subject.filter ? this.bool(subject.filter, scope) : 'TRUE';
    const condition = ir.eligible ? this.condition(ir.eligible, scope) : 'TRUE';
    const criteria = this.criteria().map((c, i) => ({ name: `criterion_${i + 1}`, label: c.label, sql: this.condition(c.node, scope) }));
    const benefit = ir.benefit ? this.num(ir.benefit.amount, scope) : '0';
    const scores = ir.scores.map((s) => ({ name: `score_${s.name}`, label: s.name, sql: this.num(s.value, scope) }));
    const outcome = ir.outcome ? this.expr(ir.outcome.value, scope) : 'CAST(NULL AS VARCHAR)';

    const inner = [
      `h.${q('id')} AS household_id`,
      subject.kind === 'member' ? `s.${q('id')} AS subject` : `'household' AS subject`,
      subject.kind === 'member' ? 's.member_index AS member_index' : 'CAST(NULL AS INTEGER) AS member_index',
      `(${where}) AND (${condition}) AS eligible_raw`,
      `${benefit} AS benefit_raw`,
      `${outcome} AS outcome_raw`,
      ...scores.map((s) => `${s.sql} AS ${q(s.name)}`),
      ...criteria.map((c) => `${c.sql} AS ${q(c.name)}`),
    ];
    const perHousehold = [...this.hoisted.entries()].map(([name, sql]) => `${sql} AS ${q(name)}`);
    const aggregates = perHousehold.length
      ? ` JOIN (SELECT h.${q('id')} AS household_id, ${perHousehold.join(', ')} FROM ${householdTable} h JOIN ${memberTable} ${HOISTED_BINDER} ON ${HOISTED_BINDER}.household_id = h.${q('id')} GROUP BY h.${q('id')}) agg ON agg.household_id = h.${q('id')}`
      : '';
    const relations = [...this.relations].map((r) => ` LEFT JOIN ${memberTable} rel_${r} ON rel_${r}.household_id = h.${q('id')} AND rel_${r}.member_index = agg.${q(`${r}_index`)}`).join('');
    const from = subject.kind === 'member'
      ? `${householdTable} h${aggregates}${relations} JOIN ${memberTable} s ON s.household_id = h.${q('id')}`
      : `${householdTable} h${aggregates}${relations}`;
    // Members whose filter is false are not subjects; true or unknown ones are (an unknown filter leaves
    // the decision undetermined unless a condition fails).
    const filter = subject.kind === 'member' && subject.filter ? `\nWHERE (${where}) IS NOT FALSE` : '';
    const eligible = inForce ? 'eligible_raw' : 'FALSE';
    const outcomeOut = !inForce ? 'CAST(NULL AS VARCHAR)' : ir.outcome?.whenEligible ? 'CASE WHEN eligible_raw THEN outcome_raw END' : 'outcome_raw';
    const outer = [
      'household_id', 'subject', 'member_index',
      `${eligible} AS eligible`,
      `elig_decimal(CASE WHEN ${eligible} THEN benefit_raw WHEN NOT ${eligible} THEN 0 END) AS benefit`,
      `${outcomeOut} AS outcome`,
      ...scores.map((s) => `${inForce ? `elig_decimal(${q(s.name)})` : 'CAST(NULL AS DECIMAL(18, 6))'} AS ${q(s.name)}`),
      ...criteria.map((c) => q(c.name)),
    ];
    const sql = `SELECT\n  ${outer.join(',\n  ')}\nFROM (\nSELECT\n  ${inner.join(',\n  ')}\nFROM ${from}${filter}\n) decided`;
    return {
      sql,
      columns: [
        { name: 'household_id', label: 'household id' }, { name: 'subject', label: 'subject' }, { name: 'member_index', label: 'member position from 0' },
        { name: 'eligible', label: 'eligible (NULL: undetermined)' }, { name: 'benefit', label: 'benefit' }, { name: 'outcome', label: 'outcome' },
        ...scores.map((s) => ({ name: s.name, label: `score ${s.label}` })),
        ...criteria.map((c) => ({ name: c.name, label: c.label })),
      ],
    };
  }

  /** The top-level criteria of `eligible when all of { … }` (or the one condition), for the funnel. */
  private criteria(): { label: string; node: IrCondition }[] {
    const root = this.ir.eligible;
    if (!root) return [];
    const items = root.kind === 'group' && root.combinator === 'all' ? root.items : [root];
    return items.map((node) => ({ label: node.kind === 'condition' ? node.label : node.label ?? `${node.combinator} of`, node }));
  }

  private condition(c: IrCondition, scope: Scope): string {
    if (c.kind === 'condition') return this.bool(c.test, scope);
    const items = c.items.map((i) => `(${this.condition(i, scope)})`);
    if (c.combinator === 'all') return items.length ? items.join(' AND ') : 'TRUE';
    const any = items.length ? items.join(' OR ') : 'FALSE';
    return c.combinator === 'any' ? any : `NOT (${any})`;
  }

  private bool(e: IrExpr, scope: Scope): string {
    return this.expr(e, scope);
  }

  private num(e: IrExpr, scope: Scope): string {
    return this.expr(e, scope);
  }

  private nullOf(t: IrType): string {
    return t.kind === 'bool' ? 'CAST(NULL AS BOOLEAN)' : t.kind === 'text' || t.kind === 'enum' ? 'CAST(NULL AS VARCHAR)' : 'CAST(NULL AS BIGINT)';
  }

  private literal(value: number | boolean | string, t: IrType): string {
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
    // Dates are day numbers; numbers are micro-units (the IR's constants are canonical decimals).
    return t.kind === 'date' ? String(value) : String(toMicros(value));
  }

  /** A member's field: the row alias in scope. */
  private member(owner: IrExpr, scope: Scope): MemberRef {
    switch (owner.kind) {
      case 'subjectMember':
        return scope.subject!;
      case 'binderMember': {
        const ref = scope.binders.get(owner.aggregateId);
        if (!ref) throw new Unsupported(owner, 'internal: a member binder outside its aggregate');
        return ref;
      }
      case 'relation': {
        if (scope.binders.size > 0) throw new Unsupported(owner, `\`${owner.relationship}\` inside an aggregate over members is not translated to SQL yet`);
        // The first member with that relationship; unknown (no row) when a member listed before it has
        // no relationship, or when there is none.
        const r = owner.relationship;
        const rel = `${HOISTED_BINDER}.${this.d.quote('relationship')}`;
        const first = `min(${HOISTED_BINDER}.member_index) FILTER (WHERE ${rel} = '${r}')`;
        this.hoist(`${r}_index`, `CASE WHEN min(${HOISTED_BINDER}.member_index) FILTER (WHERE ${rel} IS NULL) < ${first} THEN NULL ELSE ${first} END`);
        this.relations.add(r);
        return { alias: `rel_${r}` };
      }
      default:
        throw new Unsupported(owner, 'this member expression is not translated to SQL');
    }
  }

  private column(alias: string, path: readonly string[]): string {
    return `${alias}.${this.d.quote(path.join('.'))}`;
  }

  /** A stored value in the engine's run-time form: numbers as micro-units, dates as day numbers. */
  private stored(col: string, t: IrType): string {
    // Beyond ±10⁹ a stored number is unknown, as the engine reads it.
    if (t.kind === 'number') return `elig_chk(${col} * ${MICRO})`;
    if (t.kind === 'date') return `elig_day(${col})`;
    return col;
  }

  private expr(e: IrExpr, scope: Scope): string {
    const x = (y: IrExpr) => this.expr(y, scope);
    switch (e.kind) {
      case 'const':
        return this.literal(e.value, e.type);
      case 'paramValue':
        return e.inForce ? this.literal(e.inForce.value, e.type) : this.nullOf(e.type);
      case 'param':
        throw new Unsupported(e, 'internal: a parameter not resolved for the date');
      case 'letRef': {
        const l = this.lets.get(e.letId);
        if (!l) throw new Unsupported(e, `internal: no let ${e.name}`);
        return `(${x(l.value)})`;
      }
      case 'evaluationDate':
        return String(this.day);
      case 'field': {
        const alias = e.ownerKind === 'household' ? scope.household : this.member(e.owner, scope).alias;
        return this.stored(this.column(alias, e.path), e.type);
      }
      case 'age': {
        const m = this.member(e.member, scope).alias;
        return `(CASE WHEN ${this.column(m, ['birth_date'])} IS NOT NULL THEN CAST(elig_years(${this.column(m, ['birth_date'])}, ${this.dateLiteral}) AS BIGINT) ELSE ${this.column(m, ['age'])} END * ${MICRO})`;
      }
      case 'residencyYears':
        return `(CAST(elig_years(${this.column(scope.household, ['resident_since'])}, ${this.dateLiteral}) AS BIGINT) * ${MICRO})`;
      case 'householdSize':
        return this.hoist('size', `count(*) * ${MICRO}`);
      case 'negate':
        return `(-${x(e.operand)})`;
      case 'not':
        return `(NOT ${x(e.operand)})`;
      case 'arith': {
        const a = x(e.left), b = x(e.right);
        if (e.op === '+') return `elig_chk(CAST(${a} AS BIGINT) + ${b})`;
        if (e.op === '-') return `elig_chk(CAST(${a} AS BIGINT) - ${b})`;
        if (e.op === '*') return `elig_mul(${a}, ${b})`;
        return `elig_div(${a}, ${b})`;
      }
      case 'logic':
        return `(${x(e.left)} ${e.op === 'and' ? 'AND' : 'OR'} ${x(e.right)})`;
      case 'compare': {
        const op = e.op === '!=' ? '<>' : e.op;
        return `(${x(e.left)} ${op} ${x(e.right)})`;
      }
      case 'inRange': {
        const v = x(e.value);
        const parts: string[] = [];
        if (e.low !== undefined) parts.push(`${v} >= ${toMicros(e.low)}`);
        if (e.high !== undefined) parts.push(`${v} ${e.highExclusive ? '<' : '<='} ${toMicros(e.high)}`);
        const test = parts.length ? `(${parts.join(' AND ')})` : `(${v} = ${v})`;
        return e.negated ? `(NOT ${test})` : test;
      }
      case 'inSet': {
        const list = e.values.map((v) => this.literal(v, { kind: 'text' })).join(', ');
        return `(${x(e.value)} ${e.negated ? 'NOT IN' : 'IN'} (${list}))`;
      }
      case 'isKnown':
        return `(${x(e.value)} IS ${e.negated ? '' : 'NOT '}NULL)`;
      case 'if':
        // An unknown condition gives unknown (CASE would take the else branch).
        return `(CASE WHEN ${x(e.condition)} THEN ${x(e.then)} WHEN NOT ${x(e.condition)} THEN ${x(e.otherwise)} END)`;
      case 'call':
        return this.call(e, scope);
      case 'tableLookup':
        return this.table(e, scope);
      case 'aggregate':
        return this.aggregate(e, scope);
      case 'points': {
        // Every term strict; the total checked once (each partial sum of in-range terms stays in BIGINT).
        const terms = e.terms.map((t) => `CAST(${x(t.value)} AS BIGINT)`);
        return terms.length ? `elig_chk(${terms.join(' + ')})` : '0';
      }
      case 'participation':
        throw new Unsupported(e, `\`${e.op}(${e.program})\` (the household's programs record) is not translated to SQL yet`);
      case 'programEligible':
        throw new Unsupported(e, `\`eligible(${e.program})\` (another program's decision) is not translated to SQL yet`);
      case 'paymentGate': {
        // `paid when …`: 0 for the period when the condition of payment fails, unknown while it is unknown.
        if (!this.ir.payment) throw new Unsupported(e, 'a condition of payment without its condition');
        const paid = this.condition(this.ir.payment, scope);
        return `(CASE WHEN (${paid}) IS NULL THEN NULL WHEN (${paid}) THEN ${x(e.amount)} ELSE 0 END)`;
      }
      default:
        throw new Unsupported(e, `\`${e.kind}\` is not translated to SQL`);
    }
  }

  private call(e: Extract<IrExpr, { kind: 'call' }>, scope: Scope): string {
    const args = e.args.map((a) => this.expr(a, scope));
    const fold = (fn: string) => args.reduce((acc, a) => `${fn}(${acc}, ${a})`);
    switch (e.op) {
      case 'min':
        return fold('elig_least');
      case 'max':
        return fold('elig_greatest');
      case 'clamp':
        return `elig_least(elig_greatest(${args[0]}, ${args[1]}), ${args[2]})`;
      case 'abs':
        return `abs(${args[0]})`;
      case 'floor':
        return `elig_floor(${args[0]})`;
      case 'ceil':
        return `elig_ceil(${args[0]})`;
      case 'round': {
        const places = e.args[1];
        if (places && places.kind !== 'const') throw new Unsupported(e, '`round` with places that are not a literal is not translated to SQL');
        const p = places ? Number(places.value) : 0;
        if (!Number.isInteger(p)) return 'CAST(NULL AS BIGINT)'; // the engine: "places must be a whole number"
        if (p >= 6) return args[0]!;
        const step = 10 ** (6 - p);
        return `elig_chk(elig_divround(${args[0]}, ${step}) * ${step})`;
      }
      case 'years_between':
        return `(CAST(elig_years(elig_date(${args[0]}), elig_date(${args[1]})) AS BIGINT) * ${MICRO})`;
      case 'months_between':
        return `(CAST(elig_months(elig_date(${args[0]}), elig_date(${args[1]})) AS BIGINT) * ${MICRO})`;
      case 'normal_cdf':
        return `elig_normal_cdf(${args[0]})`;
      case 'days_between':
        return `((${args[1]} - ${args[0]}) * ${MICRO})`;
      default:
        throw new Unsupported(e, `the built-in \`${e.op}\` is not translated to SQL yet`);
    }
  }

  /** Rows as CASE arms, first match wins; no row and no `otherwise` → NULL (the engine's error). */
  private table(e: Extract<IrExpr, { kind: 'tableLookup' }>, scope: Scope): string {
    const t = this.ir.tables.get(e.table);
    if (!t) throw new Unsupported(e, `internal: no table ${e.table}`);
    const key = this.expr(e.key, scope);
    const arms = t.rows.map((r) => {
      const result = toMicros(r.result);
      if (r.kind === 'enum') return `WHEN ${key} = ${this.literal(r.value, { kind: 'text' })} THEN ${result}`;
      if (r.kind === 'point') return `WHEN ${key} = ${toMicros(r.value)} THEN ${result}`;
      const parts = [r.low !== undefined ? `${key} >= ${toMicros(r.low)}` : '', r.high !== undefined ? `${key} ${r.highExclusive ? '<' : '<='} ${toMicros(r.high)}` : ''].filter(Boolean);
      return `WHEN ${parts.length ? parts.join(' AND ') : 'TRUE'} THEN ${result}`;
    });
    const otherwise = t.otherwise === undefined ? '' : ` ELSE ${toMicros(t.otherwise)}`;
    return `(CASE WHEN ${key} IS NULL THEN NULL ${arms.join(' ')}${otherwise} END)`;
  }

  /** An aggregate over the household's members, as a correlated subquery. count/sum/min/max are strict
   *  (one member whose filter — or, where it may count, value — is unknown makes the result unknown);
   *  any/all are Kleene over the members. */
  private aggregate(e: IrAggregate, scope: Scope): string {
    // At the top level (not inside another aggregate) and without the subject: one column of `agg`.
    if (scope.binders.size === 0) {
      const probe: Scope = { ...scope, subject: { alias: SUBJECT_PROBE }, binders: new Map([[e.id, { alias: HOISTED_BINDER }]]) };
      const body = this.aggregateBody(e, probe, HOISTED_BINDER);
      if (!body.includes(SUBJECT_PROBE)) return this.hoist(`a${e.id}`, body);
    }
    const alias = `b${e.id}`;
    const inner: Scope = { ...scope, binders: new Map(scope.binders).set(e.id, { alias }) };
    return `(SELECT ${this.aggregateBody(e, inner, alias)} FROM ${memberTable} ${alias} WHERE ${alias}.household_id = ${scope.household}.${this.d.quote('id')})`;
  }

  private hoist(name: string, body: string): string {
    this.hoisted.set(name, body);
    return `agg.${this.d.quote(name)}`;
  }

  /** The aggregate over the member rows bound to `alias` (a GROUP BY or a correlated subquery). */
  private aggregateBody(e: IrAggregate, inner: Scope, alias: string): string {
    void alias;
    const filter = e.filter ? this.expr(e.filter, inner) : 'TRUE';
    const value = e.value ? this.expr(e.value, inner) : undefined;
    const unknownFilter = `bool_or((${filter}) IS NULL)`;
    switch (e.op) {
      case 'count':
        return `CASE WHEN ${unknownFilter} THEN NULL ELSE count(*) FILTER (WHERE ${filter}) * ${MICRO} END`;
      case 'sum': case 'min': case 'max': {
        const strict = `bool_or((${filter}) IS NULL OR ((${filter}) AND (${value}) IS NULL))`;
        const agg = e.op === 'sum' ? `coalesce(sum(${value}) FILTER (WHERE ${filter}), 0)` : `${e.op}(${value}) FILTER (WHERE ${filter})`;
        return `CASE WHEN ${strict} THEN NULL ELSE elig_chk(${agg}) END`;
      }
      case 'any': {
        const each = `((${filter}) AND (${value ?? 'TRUE'}))`;
        return `CASE WHEN bool_or(${each}) THEN TRUE WHEN bool_or(${each} IS NULL) THEN NULL ELSE FALSE END`;
      }
      case 'all': {
        const each = `((NOT (${filter})) OR (${value ?? 'TRUE'}))`;
        return `CASE WHEN bool_or(${each} IS FALSE) THEN FALSE WHEN bool_or(${each} IS NULL) THEN NULL ELSE TRUE END`;
      }
    }
  }
}
