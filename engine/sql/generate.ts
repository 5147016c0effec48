// The SQL backend of the IR: a resolved IrRuleset (every parameter fixed for one date) → one SELECT
// over the registry's `households` and `members` tables (layout.ts) — or, for dialects with members as
// arrays on the household row (ClickHouse, DuckDB's lists form), over that one table — giving one row per subject:
// household_id, subject, member_index, eligible (NULL when undetermined: SQL's AND/OR/NOT are Kleene
// logic, the engine's three values), benefit, outcome, one column per score and one per top-level
// criterion. Numbers are computed as BIGINT micro-units with the engine's rounding (dialect.ts) and
// written as DECIMAL(18,6). What a dialect cannot express is a diagnostic with the rule's line, and no
// query — never a query that answers differently from the engine.
import { functionEntry } from '../../ops/registry';
import { toMicros, formatIsoDate } from '../values';
import type { IrAggregate, IrCondition, IrExpr, IrLet, IrRuleset, IrType } from '../ir/types';
import { irChildren } from '../ir/lower';
import { standardForms, type ArrayForms, type Dialect, type Forms } from './dialect';
import { householdTable, memberTable, programTable, PROGRAMS_RECORDED } from './layout';
import { IntervalNodes } from '../ir/intervals';

export interface SqlDiagnostic {
  rulesetId: string;
  line: number;
  column: number;
  code: 'E-SQL-UNSUPPORTED';
  message: string;
}

export interface SqlQuery {
  sql: string;
  /** One row — subjects, eligible, ineligible, undetermined, eligible_amount_unknown, cost (benefit
   *  summed over the eligible, exact) — computed where the data is (on a cluster: partial aggregates on
   *  each shard, merged by the one that was asked). */
  summary: string;
  /** Output columns, in order, with what each holds. */
  columns: { name: string; label: string }[];
}

/** Another program's query for `eligible(…)`, in the same dialect, or why there is none. */
export type ProgramQuery = (id: string, version: string | undefined) => { sql: string } | { error: string };

class Unsupported extends Error {
  constructor(readonly node: { at: IrExpr['at'] }, message: string) {
    super(message);
  }
}

/** A number known to lie between lo and hi (ops/bounds.ts), as two SQL expressions with NULL for an
 *  infinite side: lo = hi is a known number, both NULL is nothing known (plain unknown). lo is never
 *  +∞ and hi never −∞, so NULL is never ambiguous. */
interface Pair {
  lo: string;
  hi: string;
}

/** An aggregate's filter (TRUE when it has none) and value (TRUE for a count), as SQL. */
interface FilterValue {
  filter: string;
  value: string;
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

const noPrograms: ProgramQuery = (id) => ({ error: `${id} is not available to the SQL backend` });

/** `rowKeys`: the tables carry an integer `household_row` (households, members and programs alike, as the
 *  Parquet views of layout.ts do), and the joins of members to their household use it instead of the
 *  text id — a hash join on a 64-bit integer rather than on a string. The output is the same. */
export interface GenerateOptions { rowKeys?: boolean }

export function generateSql(ir: IrRuleset, dialect: Dialect, program: ProgramQuery = noPrograms, options: GenerateOptions = {}): { query?: SqlQuery; diagnostics: SqlDiagnostic[] } {
  if (ir.resolvedFor === undefined) throw new Error('internal: the SQL backend needs an IR resolved for a date');
  try {
    return { query: new Generator(ir, dialect, program, options.rowKeys === true).query(), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const start = error.node.at.range.start;
    return {
      diagnostics: [{ rulesetId: error.node.at.rulesetId, line: start.line, column: start.column, code: 'E-SQL-UNSUPPORTED', message: `${error.message} (${dialect.name})` }],
    };
  }
}

class Generator {
  private readonly f: Forms;
  /** Members as arrays on the household row (ClickHouse, DuckDB's lists) rather than rows of `members`:
   *  the dialect's list functions. */
  private readonly arrays: ArrayForms | undefined;
  private readonly lets = new Map<number, IrLet>();
  /** Household-level aggregates, computed once per household in one GROUP BY over its members and
   *  read as columns of `agg` (a correlated subquery per use is far slower, and the helpers would
   *  repeat it). Aggregates that read the subject stay correlated subqueries. With members as arrays
   *  (ArrayForms.hoists): values of the household row, computed on it before the member rows are made. */
  private readonly hoisted = new Map<string, string>();
  /** `head` / `spouse` rows joined to the household (the position is a column of `agg`). */
  private readonly relations = new Set<'head' | 'spouse'>();
  private readonly day: number;
  private readonly dateLiteral: string;

  /** Joins to the household row: the programs record's entry per program, other programs' decisions. */
  private readonly householdJoins = new Map<string, string>();

  private readonly intervals: IntervalNodes;
  /** The household key of a member or programs row, and of a household row (GenerateOptions.rowKeys). */
  private readonly mk: string;
  private readonly hk: string;
  constructor(private readonly ir: IrRuleset, private readonly d: Dialect, private readonly programQuery: ProgramQuery, rowKeys = false) {
    this.mk = rowKeys ? 'household_row' : 'household_id';
    this.hk = rowKeys ? 'household_row' : d.quote('id');
    this.intervals = new IntervalNodes(ir);
    this.f = d.forms ?? standardForms;
    this.arrays = d.layout === 'arrays' ? d.arrays : undefined;
    if (d.layout === 'arrays' && !d.arrays) throw new Error(`internal: ${d.name} has members as arrays without their forms`);
    ir.lets.forEach((l) => this.lets.set(l.id, l));
    this.day = ir.resolvedFor!;
    this.dateLiteral = d.date(formatIsoDate(this.day));
  }

  query(): SqlQuery {
    const { ir, d, f } = this;
    const q = (id: string) => d.quote(id);
    const subject = ir.subject;
    const subjectRef: MemberRef | undefined = subject.kind !== 'member' ? undefined : { alias: this.arrays ? 's_i' : 's' };
    const scope: Scope = { household: 'h', subject: subjectRef, binders: new Map() };
    const inForce = (ir.inForce.from === undefined || ir.inForce.from <= this.day) && (ir.inForce.until === undefined || this.day <= ir.inForce.until);
    const where = subject.kind === 'member' && subject.filter ? this.bool(subject.filter, scope) : f.bool(true);
    const condition = ir.eligible ? this.condition(ir.eligible, scope) : f.bool(true);
    const criteria = this.criteria().map((c, i) => ({ name: `criterion_${i + 1}`, label: c.label, sql: this.condition(c.node, scope) }));
    const benefit = ir.benefit ? this.num(ir.benefit.amount, scope) : f.int(0);
    const scores = ir.scores.map((s) => ({ name: `score_${s.name}`, label: s.name, sql: this.num(s.value, scope) }));
    const outcome = ir.outcome ? this.expr(ir.outcome.value, scope) : f.nullOf('text');
    const eligible = inForce ? 'eligible_raw' : f.bool(false);
    const columns = [
      { name: 'household_id', label: 'household id' }, { name: 'subject', label: 'subject' }, { name: 'member_index', label: 'member position from 0' },
      { name: 'eligible', label: 'eligible (NULL: undetermined)' }, { name: 'benefit', label: 'benefit' }, { name: 'outcome', label: 'outcome' },
      ...scores.map((s) => ({ name: s.name, label: `score ${s.label}` })),
      ...criteria.map((c) => ({ name: c.name, label: c.label })),
    ];
    // The decision in the output's form, from the per-subject values (`…_raw` and the criteria).
    const outcomeOut = !inForce ? f.nullOf('text') : ir.outcome?.whenEligible ? `CASE WHEN eligible_raw THEN outcome_raw END` : 'outcome_raw';
    const benefitMicros = `CASE WHEN ${eligible} THEN benefit_raw WHEN ${f.not(eligible)} THEN ${f.int(0)} END`;
    const outer = (raw: (name: string) => string) => [
      `${eligible} AS eligible`,
      `${f.call('elig_decimal', [benefitMicros])} AS benefit`,
      `${outcomeOut} AS outcome`,
      ...scores.map((s) => `${inForce ? f.call('elig_decimal', [raw(s.name)]) : f.nullOf('decimal')} AS ${q(s.name)}`),
    ];
    const summaryColumns = [
      'count(*) AS subjects', `sum(CASE WHEN ${eligible} THEN 1 ELSE 0 END) AS eligible`, `sum(CASE WHEN ${f.not(eligible)} THEN 1 ELSE 0 END) AS ineligible`,
      `sum(CASE WHEN ${eligible} IS NULL THEN 1 ELSE 0 END) AS undetermined`, `sum(CASE WHEN ${eligible} AND benefit_raw IS NULL THEN 1 ELSE 0 END) AS eligible_amount_unknown`,
      // PostgreSQL sums a bigint as numeric; the helper takes bigint.
      `${f.call('elig_decimal', [f.bigint(`sum(CASE WHEN ${eligible} THEN benefit_raw END)`)])} AS cost`,
    ];

    if (this.arrays) {
      // One SELECT over the household rows (members as arrays, a member subject one row per position):
      // no join and no GROUP BY; the dialect assembles it (ArrayForms.query).
      const A = this.arrays;
      const raw = [
        `${where} AS where_raw`, `${f.and([where, condition])} AS eligible_raw`, `${benefit} AS benefit_raw`, `${outcome} AS outcome_raw`,
        ...scores.map((s) => `${s.sql} AS ${q(`${s.name}_raw`)}`),
        ...criteria.map((c) => `${c.sql} AS ${q(`${c.name}_raw`)}`),
      ];
      const ids = [
        `${q('id')} AS household_id`,
        subject.kind === 'member' ? `${this.memberColumn(subjectRef!, ['id'])} AS subject` : `'household' AS subject`,
        `${A.memberIndex(subject.kind === 'member' ? subjectRef!.alias : undefined)} AS member_index`,
      ];
      const { sql, summary } = A.query({
        table: A.table ?? householdTable, memberSubject: subject.kind === 'member', subjectIndex: subjectRef?.alias ?? 's_i', positions: A.positions(this.memberArray()),
        memberValues: [...this.memberValues.entries()].map(([name, body]) => `${body} AS ${q(name)}`),
        hoisted: [...this.hoisted.entries()].map(([name, body]) => `${body} AS ${q(name)}`),
        raw, filtered: subject.kind === 'member' && subject.filter !== undefined, ids,
        outer: ['household_id', 'subject', 'member_index', ...outer((n) => q(`${n}_raw`)), ...criteria.map((c) => `${q(`${c.name}_raw`)} AS ${q(c.name)}`)],
        summary: summaryColumns, read: [q('id'), ...this.read],
      });
      return { sql, summary, columns };
    }

    // With row keys, the household's row in the file travels with its decisions: `elig screen` writes
    // them in the file's order, as the js engine does.
    const rowKey = this.mk === 'household_row' ? ['household_row'] : [];
    const inner = [
      `h.${q('id')} AS household_id`,
      subject.kind === 'member' ? `s.${q('id')} AS subject` : `'household' AS subject`,
      subject.kind === 'member' ? 's.member_index AS member_index' : 'CAST(NULL AS INTEGER) AS member_index',
      ...rowKey.map((k) => `h.${k} AS ${k}`),
      `${f.and([where, condition])} AS eligible_raw`,
      `${benefit} AS benefit_raw`,
      `${outcome} AS outcome_raw`,
      ...scores.map((s) => `${s.sql} AS ${q(s.name)}`),
      ...criteria.map((c) => `${c.sql} AS ${q(c.name)}`),
    ];
    const { mk, hk } = this;
    const sizes = this.sizeInHoist ? ` JOIN (SELECT ${mk}, count(*) AS n FROM ${memberTable} GROUP BY ${mk}) hsz ON hsz.${mk} = ${HOISTED_BINDER}.${mk}` : '';
    const perHousehold = [...this.hoisted.entries()].map(([name, sql]) => `${sql} AS ${q(name)}`);
    // The household row is joined to its members only when an aggregate's body reads a household field.
    const memberRows = this.hoistReadsHousehold
      ? `${householdTable} h JOIN ${memberTable} ${HOISTED_BINDER} ON ${HOISTED_BINDER}.${mk} = h.${hk}`
      : `${memberTable} ${HOISTED_BINDER}`;
    const aggregates = perHousehold.length
      ? ` JOIN (SELECT ${HOISTED_BINDER}.${mk} AS ${mk}, ${perHousehold.join(', ')} FROM ${memberRows}${sizes} GROUP BY ${HOISTED_BINDER}.${mk}) agg ON agg.${mk} = h.${hk}`
      : '';
    const relations = [...this.relations].map((r) => ` LEFT JOIN ${memberTable} rel_${r} ON rel_${r}.${mk} = h.${hk} AND rel_${r}.member_index = agg.${q(`${r}_index`)}`).join('');
    const joins = [...this.householdJoins.values()].join('');
    const from = subject.kind === 'member'
      ? `${householdTable} h${aggregates}${relations}${joins} JOIN ${memberTable} s ON s.${mk} = h.${hk}`
      : `${householdTable} h${aggregates}${relations}${joins}`;
    // Members whose filter is false are not subjects; true or unknown ones are (an unknown filter leaves
    // the decision undetermined unless a condition fails).
    const filter = subject.kind === 'member' && subject.filter ? `\nWHERE ${f.notFalse(where)}` : '';
    const decided = `(\nSELECT\n  ${inner.join(',\n  ')}\nFROM ${from}${filter}\n) decided`;
    const sql = `SELECT\n  ${['household_id', 'subject', 'member_index', ...outer(q), ...criteria.map((c) => q(c.name)), ...rowKey].join(',\n  ')}\nFROM ${decided}`;
    return { sql, summary: `SELECT\n  ${summaryColumns.join(',\n  ')}\nFROM ${decided}`, columns };
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
    const items = c.items.map((i) => this.condition(i, scope));
    if (c.combinator === 'all') return this.f.and(items);
    const any = this.f.or(items);
    return c.combinator === 'any' ? any : this.f.not(`(${any})`);
  }

  private bool(e: IrExpr, scope: Scope): string {
    return this.expr(e, scope);
  }

  private num(e: IrExpr, scope: Scope): string {
    return this.expr(e, scope);
  }

  private nullOf(t: IrType): string {
    return this.f.nullOf(t.kind === 'bool' ? 'bool' : t.kind === 'text' || t.kind === 'enum' ? 'text' : 'int');
  }

  private literal(value: number | boolean | string, t: IrType): string {
    if (typeof value === 'boolean') return this.f.bool(value);
    if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
    // Dates are day numbers; numbers are micro-units (the IR's constants are canonical decimals).
    return this.f.int(t.kind === 'date' ? value : toMicros(value));
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
        if (this.arrays) {
          const rel = this.d.quote('members.relationship');
          this.read.add(rel);
          const position = this.arrays.relation(rel, r);
          return { alias: this.arrays.hoists && !this.hoisting ? this.hoist(`${r}_position`, position) : position };
        }
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

  /** The columns the arrays layout reads (see query()). */
  private readonly read = new Set<string>();

  private householdColumn(scope: Scope, path: readonly string[]): string {
    if (this.inHoist) this.hoistReadsHousehold = true;
    if (!this.arrays) return `${scope.household}.${this.d.quote(path.join('.'))}`;
    const col = this.d.quote(path.join('.'));
    this.read.add(col);
    return col;
  }

  /** A member's field: a column of the member row, or the element of the household's member array. */
  private memberColumn(ref: MemberRef, path: readonly string[]): string {
    if (!this.arrays) return `${ref.alias}.${this.d.quote(path.join('.'))}`;
    const col = this.d.quote(`members.${path.join('.')}`);
    this.read.add(col);
    return `${col}[${ref.alias}]`;
  }

  /** An array with one element per member (the positions of the arrays layout). */
  private memberArray(): string {
    return this.d.quote('members.id');
  }

  /** A stored value in the engine's run-time form: numbers as micro-units, dates as day numbers. */
  private stored(col: string, t: IrType): string {
    // Beyond ±10⁹ a stored number is unknown, as the engine reads it.
    if (t.kind === 'number') return this.f.call('elig_chk', [this.f.micros(col)]);
    if (t.kind === 'date') return this.f.call('elig_day', [col]);
    return col;
  }

  private expr(e: IrExpr, scope: Scope): string {
    const household = this.householdLevel(e, scope);
    if (household !== undefined) return household;
    const x = (y: IrExpr) => this.expr(y, scope);
    // A node that may hold an interval, read by a reader that does not read intervals: its known value.
    if (this.mayBound(e)) {
      const b = this.bounds(e, scope);
      return this.f.call('elig_known', [b.lo, b.hi]);
    }
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
        const col = e.ownerKind === 'household' ? this.householdColumn(scope, e.path) : this.memberColumn(this.member(e.owner, scope), e.path);
        return this.stored(col, e.type);
      }
      case 'age': {
        const m = this.member(e.member, scope);
        const age = (ref: MemberRef) => {
          const birth = this.memberColumn(ref, ['birth_date']);
          return `(CASE WHEN ${birth} IS NOT NULL THEN ${this.f.bigint(this.f.call('elig_years', [birth, this.dateLiteral]))} ELSE ${this.memberColumn(ref, ['age'])} END * ${MICRO})`;
        };
        if (!this.arrays?.hoists || e.member.kind !== 'binderMember') return age(m);
        // Inside an aggregate's lambda: every member's age once per household row, a list read by
        // position, rather than from the birth date in every aggregate. (A subject's age is a plain
        // expression of its row, which DuckDB computes once per projection.)
        this.memberValues.set('member_ages', `list_transform(${this.arrays.positions(this.memberArray())}, age_k -> ${age({ alias: 'age_k' })})`);
        return `${this.d.quote('member_ages')}[${m.alias}]`;
      }
      case 'residencyYears':
        return `(${this.f.bigint(this.f.call('elig_years', [this.householdColumn(scope, ['resident_since']), this.dateLiteral]))} * ${MICRO})`;
      case 'householdSize':
        if (this.arrays) return `(${this.arrays.length(this.memberArray())} * ${MICRO})`;
        // Inside the per-household GROUP BY itself `agg` is not in scope: its own join of the sizes.
        if (this.inHoist) {
          this.sizeInHoist = true;
          return `(hsz.n * ${MICRO})`;
        }
        return this.hoist('size', `count(*) * ${MICRO}`);
      case 'negate':
        return this.f.negate(x(e.operand));
      case 'not':
        return this.f.not(x(e.operand));
      case 'arith': {
        const a = x(e.left), b = x(e.right);
        if (e.op === '+') return this.f.call('elig_chk', [`${this.f.bigint(a)} + ${b}`]);
        if (e.op === '-') return this.f.call('elig_chk', [`${this.f.bigint(a)} - ${b}`]);
        return this.f.call(e.op === '*' ? 'elig_mul' : 'elig_div', [a, b]);
      }
      case 'logic':
        return e.op === 'and' ? this.f.and([x(e.left), x(e.right)]) : this.f.or([x(e.left), x(e.right)]);
      case 'compare': {
        if (this.mayBound(e.left) || this.mayBound(e.right)) return this.compareBounds(e.op, this.bounds(e.left, scope), this.bounds(e.right, scope));
        const op = e.op === '!=' ? '<>' : e.op;
        return `(${x(e.left)} ${op} ${x(e.right)})`;
      }
      case 'inRange': {
        if (this.mayBound(e.value)) return this.inRangeBounds(e, this.bounds(e.value, scope));
        const v = x(e.value);
        const parts: string[] = [];
        if (e.low !== undefined) parts.push(`${v} >= ${toMicros(e.low)}`);
        if (e.high !== undefined) parts.push(`${v} ${e.highExclusive ? '<' : '<='} ${toMicros(e.high)}`);
        const test = parts.length ? `(${parts.join(' AND ')})` : `(${v} = ${v})`;
        return e.negated ? this.f.not(test) : test;
      }
      case 'inSet': {
        const list = e.values.map((v) => this.literal(v, { kind: 'text' })).join(', ');
        return this.f.inSet(x(e.value), list.split(', '), e.negated);
      }
      case 'isKnown':
        return `(${x(e.value)} IS ${e.negated ? '' : 'NOT '}NULL)`;
      case 'if':
        // An unknown condition gives unknown (CASE would take the else branch).
        return `(CASE WHEN ${x(e.condition)} THEN ${x(e.then)} WHEN ${this.f.not(x(e.condition))} THEN ${x(e.otherwise)} END)`;
      case 'call':
        return this.call(e, scope);
      case 'tableLookup':
        return this.table(e, scope);
      case 'aggregate':
        return this.aggregate(e, scope);
      case 'points': {
        // Every term strict; the total checked once (each partial sum of in-range terms stays in BIGINT).
        const terms = e.terms.map((t) => this.f.bigint(x(t.value)));
        return terms.length ? this.f.call('elig_chk', [terms.join(' + ')]) : this.f.int(0);
      }
      case 'participation':
        return this.participation(e, scope);
      case 'programEligible':
        return this.programEligible(e, scope);
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

  // ------------------------------------------------------------ other programs

  /** in_program / years_in_program / recertified (semantics.programParticipation): the entry for the
   *  program in force on the date with the latest `since` (the later one on a tie), joined per program;
   *  no programs list at all is unknown. */
  private participation(e: Extract<IrExpr, { kind: 'participation' }>, scope: Scope): string {
    if (this.arrays && !this.arrays.programEntry) throw new Unsupported(e, `\`${e.op}(${e.program})\` (the household's programs record) is not translated for members as arrays yet`);
    if (scope.binders.size > 0) throw new Unsupported(e, `\`${e.op}(${e.program})\` inside an aggregate over members is not translated to SQL yet`);
    if (this.arrays) return this.arrayParticipation(e, scope, this.arrays);
    const q = (id: string) => this.d.quote(id);
    const alias = this.householdJoin(`prog:${e.program}`, (a) => {
      const day = this.dateLiteral;
      const { mk, hk } = this;
      const entries = `SELECT ${mk}, ${q('since')}, ${q('recertified')}, row_number() OVER (PARTITION BY ${mk} ORDER BY ${q('since')} DESC, program_index DESC) AS rn FROM ${programTable} WHERE ${q('program')} = ${this.literal(e.program, { kind: 'text' })} AND ${q('since')} <= ${day} AND (${q('until')} IS NULL OR ${q('until')} >= ${day})`;
      return ` LEFT JOIN (SELECT ${mk}, ${q('since')}, ${q('recertified')} FROM (${entries}) pe WHERE rn = 1) ${a} ON ${a}.${mk} = h.${hk}`;
    });
    const recorded = this.householdColumn(scope, [PROGRAMS_RECORDED]);
    const found = `${alias}.${this.mk} IS NOT NULL`;
    const value = e.measure === 'member' ? `(${found})`
      : e.measure === 'years' ? `(CASE WHEN ${found} THEN ${this.f.bigint(this.f.call('elig_years', [`${alias}.${q('since')}`, this.dateLiteral]))} * ${MICRO} ELSE 0 END)`
        : `(CASE WHEN ${found} THEN ${alias}.${q('recertified')} ELSE ${this.f.bool(false)} END)`;
    return `(CASE WHEN ${recorded} THEN ${value} END)`;
  }

  /** The same over the household row's programs list (ArrayForms.programEntry), the entry once per
   *  household (hoisted). */
  private arrayParticipation(e: Extract<IrExpr, { kind: 'participation' }>, scope: Scope, A: ArrayForms): string {
    const programs = this.householdColumn(scope, ['programs']);
    const entry = A.programEntry!(programs, e.program, this.dateLiteral);
    const name = `program_${[...this.hoisted.keys()].filter((k) => k.startsWith('program_')).length + 1}`;
    const known = [...this.hoisted.entries()].find(([k, v]) => k.startsWith('program_') && v === entry)?.[0];
    const ref = A.hoists && !this.hoisting ? this.hoist(known ?? name, entry) : entry;
    const found = `${ref} IS NOT NULL`;
    const value = e.measure === 'member' ? `(${found})`
      : e.measure === 'years' ? `(CASE WHEN ${found} THEN ${this.f.bigint(this.f.call('elig_years', [A.entryField!(ref, 'since'), this.dateLiteral]))} * ${MICRO} ELSE 0 END)`
        : `(CASE WHEN ${found} THEN ${A.entryField!(ref, 'recertified')} ELSE ${this.f.bool(false)} END)`;
    return `(CASE WHEN ${this.householdColumn(scope, [PROGRAMS_RECORDED])} THEN ${value} END)`;
  }

  /** `eligible(other)`: some subject of the other program's query on this household is eligible (true),
   *  else some is undetermined (unknown), else false — its query joined, grouped by household. */
  private programEligible(e: Extract<IrExpr, { kind: 'programEligible' }>, scope: Scope): string {
    if (this.arrays) throw new Unsupported(e, `\`eligible(${e.program})\` (another program's decision) is not translated for members as arrays yet`);
    if (scope.binders.size > 0) throw new Unsupported(e, `\`eligible(${e.program})\` inside an aggregate over members is not translated to SQL yet`);
    const other = this.programQuery(e.program, e.version);
    if ('error' in other) throw new Unsupported(e, `\`eligible(${e.program})\`: ${other.error}`);
    const alias = this.householdJoin(`elig:${e.program}@${e.version ?? ''}`, (a) =>
      ` LEFT JOIN (SELECT household_id, bool_or(eligible) AS any_eligible, bool_or(eligible IS NULL) AS any_undetermined FROM (${other.sql}) o GROUP BY household_id) ${a} ON ${a}.household_id = h.${this.d.quote('id')}`);
    // No subject of the other program on this household (no row): not eligible.
    return `(CASE WHEN ${alias}.any_eligible THEN ${this.f.bool(true)} WHEN ${alias}.any_undetermined THEN ${this.f.nullOf('bool')} ELSE ${this.f.bool(false)} END)`;
  }

  private householdJoin(key: string, join: (alias: string) => string): string {
    const alias = `j${[...this.householdJoins.keys()].indexOf(key) + 1 || this.householdJoins.size + 1}`;
    if (!this.householdJoins.has(key)) this.householdJoins.set(key, join(alias));
    return alias;
  }

  // ------------------------------------------------------------ bounds (ops/bounds.ts, as compile.ts)


  /** Whether a node can hold an interval: the rule every backend shares (engine/ir/intervals.ts). */
  private mayBound(e: IrExpr): boolean {
    return this.intervals.may(e);
  }

  /** A node's bounds: a node that cannot hold an interval is its value on both sides. */
  private bounds(e: IrExpr, scope: Scope): Pair {
    if (!this.mayBound(e)) {
      const x = this.expr(e, scope);
      return { lo: x, hi: x };
    }
    switch (e.kind) {
      case 'aggregate':
        return this.aggregateBounds(e, scope);
      case 'call':
        return this.callBounds(e, scope);
      case 'letRef': {
        const b = this.bounds(this.lets.get(e.letId)!.value, scope);
        return { lo: `(${b.lo})`, hi: `(${b.hi})` };
      }
      case 'if': {
        // An unknown condition: nothing known (the compiled evaluator's undefined).
        const c = this.expr(e.condition, scope);
        const a = this.bounds(e.then, scope), b = this.bounds(e.otherwise, scope);
        const side = (x: string, y: string) => `(CASE WHEN ${c} THEN ${x} WHEN ${this.f.not(c)} THEN ${y} END)`;
        return { lo: side(a.lo, b.lo), hi: side(a.hi, b.hi) };
      }
      default:
        throw new Unsupported(e, 'internal: bounds of a node that holds none');
    }
  }

  /** Whether a pair is an interval (not a known number, not plain unknown): two-valued. */
  private isInterval(p: Pair): string {
    return `(${this.f.isTrue(`${p.lo} <> ${p.hi}`)} OR (${p.lo} IS NULL) <> (${p.hi} IS NULL))`;
  }

  /** `a op b` decided when every value in the bounds gives the same answer (compareBounds); on known
   *  numbers it is the plain comparison, with a plain unknown side it is unknown. An infinite (NULL)
   *  side never satisfies a strict bound, so each test is read as TRUE-or-not. */
  private compareBounds(op: '<' | '<=' | '>' | '>=' | '=' | '!=', a: Pair, b: Pair): string {
    const t = (x: string) => this.f.isTrue(x);
    const T = this.f.bool(true), F = this.f.bool(false);
    const decide = (whenTrue: string, whenFalse: string) => `(CASE WHEN ${whenTrue} THEN ${T} WHEN ${whenFalse} THEN ${F} END)`;
    const apart = `${t(`${a.hi} < ${b.lo}`)} OR ${t(`${a.lo} > ${b.hi}`)}`;
    const bothKnown = t(`${a.lo} = ${a.hi} AND ${b.lo} = ${b.hi}`);
    switch (op) {
      case '<': return decide(t(`${a.hi} < ${b.lo}`), t(`${a.lo} >= ${b.hi}`));
      case '<=': return decide(t(`${a.hi} <= ${b.lo}`), t(`${a.lo} > ${b.hi}`));
      case '>': return decide(t(`${a.lo} > ${b.hi}`), t(`${a.hi} <= ${b.lo}`));
      case '>=': return decide(t(`${a.lo} >= ${b.hi}`), t(`${a.hi} < ${b.lo}`));
      // Equal only when both are one known number; unequal when the bounds are apart.
      case '=': return `(CASE WHEN ${bothKnown} THEN (${a.lo} = ${b.lo}) WHEN ${apart} THEN ${F} END)`;
      case '!=': return `(CASE WHEN ${bothKnown} THEN (${a.lo} <> ${b.lo}) WHEN ${apart} THEN ${T} END)`;
    }
  }

  /** `x in low..high` for bounds x: decided when x lies wholly inside or wholly outside (inRangeBounds);
   *  plain unknown stays unknown. */
  private inRangeBounds(e: Extract<IrExpr, { kind: 'inRange' }>, x: Pair): string {
    const t = (y: string) => this.f.isTrue(y);
    const inside: string[] = [], outside: string[] = [];
    if (e.low !== undefined) {
      inside.push(t(`${x.lo} >= ${toMicros(e.low)}`));
      outside.push(t(`${x.hi} < ${toMicros(e.low)}`));
    }
    if (e.high !== undefined) {
      inside.push(t(`${x.hi} ${e.highExclusive ? '<' : '<='} ${toMicros(e.high)}`));
      outside.push(t(`${x.lo} ${e.highExclusive ? '>=' : '>'} ${toMicros(e.high)}`));
    }
    const T = this.f.bool(!e.negated), F = this.f.bool(e.negated);
    const arms = [`WHEN ${x.lo} IS NULL AND ${x.hi} IS NULL THEN ${this.f.nullOf('bool')}`, `WHEN ${inside.length ? inside.join(' AND ') : this.f.bool(true)} THEN ${T}`];
    if (outside.length) arms.push(`WHEN ${outside.join(' OR ')} THEN ${F}`);
    return `(CASE ${arms.join(' ')} END)`;
  }

  /** min/max/clamp with an argument that may be an interval (callBounds): when some argument is one,
   *  the lowest/highest sides (a plain unknown argument then stands for any number); otherwise strict. */
  private callBounds(e: Extract<IrExpr, { kind: 'call' }>, scope: Scope): Pair {
    const f = this.f;
    const args = e.args.map((a) => this.bounds(a, scope));
    const anyInterval = `(${e.args.flatMap((a, i) => (this.mayBound(a) ? [this.isInterval(args[i]!)] : [])).join(' OR ')})`;
    const fold = (helper: string) => (xs: string[]) => xs.reduce((acc, x) => f.call(helper, [acc, x]));
    const least = fold('elig_least'), greatest = fold('elig_greatest');
    const leastFinite = fold('elig_least_finite'), greatestFinite = fold('elig_greatest_finite');
    const pick = (bounded: string, strict: string) => `(CASE WHEN ${anyInterval} THEN ${bounded} ELSE ${strict} END)`;
    const los = args.map((a) => a.lo), his = args.map((a) => a.hi);
    switch (e.op) {
      case 'min':
        return { lo: least(los), hi: pick(leastFinite(his), least(his)) };
      case 'max':
        return { lo: pick(greatestFinite(los), greatest(los)), hi: greatest(his) };
      default: {
        // clamp(x, low, high) = min(max(x, low), high), both steps on bounds.
        const [x, low, high] = args as [Pair, Pair, Pair];
        return {
          lo: pick(least([greatestFinite([x.lo, low.lo]), high.lo]), least([greatest([x.lo, low.lo]), high.lo])),
          hi: pick(leastFinite([greatest([x.hi, low.hi]), high.hi]), least([greatest([x.hi, low.hi]), high.hi])),
        };
      }
    }
  }

  /** count (with a filter), sum, min, max over the members as bounds (aggregateBound): one pair of
   *  columns of `agg` at the top level, correlated subqueries when it reads the subject. */
  private aggregateBounds(e: IrAggregate, scope: Scope): Pair {
    if (this.arrays) return this.arrayAggregateBounds(e, scope);
    this.notNested(e, scope);
    const hoisted = this.hoistedBody(e, scope, (fv) => this.aggregateBoundsBody(e, fv));
    if (!hoisted.lo.includes(SUBJECT_PROBE) && !hoisted.hi.includes(SUBJECT_PROBE)) return { lo: this.hoist(`a${e.id}_lo`, hoisted.lo), hi: this.hoist(`a${e.id}_hi`, hoisted.hi) };
    const { body, from } = this.correlated(e, scope, (fv) => this.aggregateBoundsBody(e, fv));
    return { lo: `(SELECT ${body.lo} ${from})`, hi: `(SELECT ${body.hi} ${from})` };
  }

  /** An aggregate's body as the per-household GROUP BY would compute it, with the subject replaced by a
   *  probe alias: if the probe shows up in the text, the aggregate reads the subject and cannot be hoisted. */
  private hoistedBody<T>(e: IrAggregate, scope: Scope, body: (fv: FilterValue) => T): T {
    const probe: Scope = { ...scope, subject: { alias: SUBJECT_PROBE }, binders: new Map([[e.id, { alias: HOISTED_BINDER }]]) };
    this.inHoist = true;
    try {
      return body(this.filterValue(e, probe));
    } finally {
      this.inHoist = false;
    }
  }

  /** An aggregate that reads the subject, as a correlated subquery: the filter and value per member in a
   *  derived table, the aggregate over its columns — an aggregate whose arguments named only outer
   *  columns would belong to the outer query (SQL's rule), not to the members. */
  private correlated<T>(e: IrAggregate, scope: Scope, body: (fv: FilterValue) => T): { body: T; from: string } {
    const alias = `b${e.id}`;
    const inner: Scope = { ...scope, binders: new Map(scope.binders).set(e.id, { alias }) };
    const filter = e.filter ? this.expr(e.filter, inner) : this.f.bool(true);
    const value = e.value ? this.expr(e.value, inner) : this.f.bool(true);
    const each = `SELECT ${filter} AS f, ${value} AS x FROM ${memberTable} ${alias} WHERE ${alias}.${this.mk} = ${scope.household}.${this.hk}`;
    return { body: body({ filter: `${alias}.f`, value: `${alias}.x` }), from: `FROM (${each}) ${alias}` };
  }

  /** The filter and value of an aggregate, over the member rows in `inner`. */
  private filterValue(e: IrAggregate, inner: Scope): FilterValue {
    return { filter: e.filter ? this.expr(e.filter, inner) : this.f.bool(true), value: e.value ? this.expr(e.value, inner) : this.f.bool(true) };
  }

  /** The aggregate's sides over the member rows in `inner`: members whose filter is TRUE with a known
   *  value make the exact part; a filter unknown makes a member uncertain (count: hi + 1; sum: its value
   *  widens the side of its sign; min/max: the far side); a value unknown where it may count leaves the
   *  far side (sum: both sides) infinite. */
  private aggregateBoundsBody(e: IrAggregate, { filter, value }: FilterValue): Pair {
    const f = this.f;
    const mayCount = f.notFalse(filter);
    const open = `bool_or(${mayCount} AND (${value}) IS NULL)`;
    const chk = (x: string) => f.call('elig_chk', [x]);
    switch (e.op) {
      case 'count':
        return { lo: `count(*) FILTER (WHERE ${filter}) * ${MICRO}`, hi: `count(*) FILTER (WHERE ${mayCount}) * ${MICRO}` };
      case 'sum': {
        const exact = chk(`coalesce(sum(${value}) FILTER (WHERE ${filter}), 0)`);
        const side = (sign: '<' | '>') => chk(`${f.bigint(chk(`coalesce(sum(${value}) FILTER (WHERE (${filter}) IS NULL AND ${value} ${sign} 0), 0)`))} + ${exact}`);
        return { lo: `(CASE WHEN ${open} THEN NULL ELSE ${side('<')} END)`, hi: `(CASE WHEN ${open} THEN NULL ELSE ${side('>')} END)` };
      }
      case 'min': case 'max': {
        const exact = `${e.op}(${value}) FILTER (WHERE ${filter})`;
        const wide = `(CASE WHEN ${open} OR ${exact} IS NULL THEN NULL ELSE ${e.op}(${value}) FILTER (WHERE ${mayCount}) END)`;
        return e.op === 'min' ? { lo: wide, hi: exact } : { lo: exact, hi: wide };
      }
      default:
        throw new Unsupported(e, 'internal: bounds of a quantifier');
    }
  }

  /** The same over the household's member arrays (ArrayForms): once per household row when the dialect
   *  hoists and the aggregate reads neither the subject nor an enclosing aggregate's member. */
  private arrayAggregateBounds(e: IrAggregate, scope: Scope): Pair {
    const body = (s: Scope) => this.arrayAggregateBoundsBody(e, s);
    const hoisted = this.arrayHoisted(e, scope, body);
    if (hoisted) return { lo: this.hoist(`a${e.id}_lo`, hoisted.lo), hi: this.hoist(`a${e.id}_hi`, hoisted.hi) };
    return body(scope);
  }

  /** An aggregate's body, once per household row (ArrayForms.hoists) when it reads neither the subject
   *  nor an enclosing aggregate's member. */
  private arrayHoisted<T>(e: IrAggregate, scope: Scope, body: (s: Scope) => T): T | undefined {
    if (!this.arrays!.hoists || this.hoisting || scope.binders.size > 0 || this.readsSubject(e)) return undefined;
    return this.hoisting1(() => body(scope));
  }

  /** Members as arrays with a member subject (ArrayForms.hoists): a node worth computing that reads no
   *  member but through an aggregate of its own — the same for every subject of a household — becomes a
   *  column of the household row, computed once per household before its subjects' rows are made (the
   *  same text once). Inside it nothing more is hoisted. */
  private householdLevel(e: IrExpr, scope: Scope): string | undefined {
    const A = this.arrays;
    if (!A?.hoists || this.hoisting || this.ir.subject.kind !== 'member' || scope.binders.size > 0) return undefined;
    if (e.kind === 'const' || e.kind === 'paramValue' || e.kind === 'evaluationDate' || e.kind === 'householdSize' || e.kind === 'programEligible') return undefined;
    if (this.readsSubject(e)) return undefined;
    const body = this.hoisting1(() => this.expr(e, scope));
    const known = this.hoistedByText.get(body);
    if (known) return this.d.quote(known);
    const name = `hv${this.hoistedByText.size + 1}`;
    this.hoistedByText.set(body, name);
    return this.hoist(name, body);
  }

  private hoisting = false;
  /** Lists with one value per member, computed on the household row before anything else (ArrayQuery.memberValues). */
  private readonly memberValues = new Map<string, string>();
  private readonly hoistedByText = new Map<string, string>();
  private hoisting1<T>(f: () => T): T {
    const was = this.hoisting;
    this.hoisting = true;
    try {
      return f();
    } finally {
      this.hoisting = was;
    }
  }

  private readonly subjectReaders = new WeakMap<object, boolean>();
  /** Whether a node reads the subject member (through lets, and a condition of payment) — by the IR. */
  private readsSubject(e: IrExpr): boolean {
    const known = this.subjectReaders.get(e);
    if (known !== undefined) return known;
    let reads: boolean;
    if (e.kind === 'subjectMember') reads = true;
    else if (e.kind === 'letRef') reads = this.readsSubject(this.lets.get(e.letId)!.value);
    else if (e.kind === 'paymentGate') reads = this.readsSubject(e.amount) || (this.ir.payment !== undefined && this.conditionReadsSubject(this.ir.payment));
    else reads = irChildren(e).some((c) => this.readsSubject(c));
    this.subjectReaders.set(e, reads);
    return reads;
  }

  private conditionReadsSubject(c: IrCondition): boolean {
    return c.kind === 'condition' ? this.readsSubject(c.test) : c.items.some((i) => this.conditionReadsSubject(i));
  }

  private arrayAggregateBoundsBody(e: IrAggregate, scope: Scope): Pair {
    const f = this.f, A = this.arrays!;
    const i = `m${e.id}`;
    const inner: Scope = { ...scope, binders: new Map(scope.binders).set(e.id, { alias: i }) };
    const filter = e.filter ? this.expr(e.filter, inner) : f.bool(true);
    const value = e.value ? this.expr(e.value, inner) : '';
    const over = A.positions(this.memberArray());
    const counts = f.isTrue(filter), mayCount = f.notFalse(filter);
    const open = A.exists(i, `${mayCount} AND ${A.isNull(value)}`, over);
    const chk = (x: string) => f.call('elig_chk', [x]);
    switch (e.op) {
      case 'count':
        return { lo: `(${A.count(i, counts, over)} * ${MICRO})`, hi: `(${A.count(i, mayCount, over)} * ${MICRO})` };
      case 'sum': {
        const exact = chk(A.sum(i, counts, value, over));
        const side = (sign: '<' | '>') => chk(`${chk(A.sum(i, `${A.isNull(filter)} AND ${A.ifNull(value, '0')} ${sign} 0`, value, over))} + ${exact}`);
        return { lo: A.ifElse(open, 'NULL', side('<')), hi: A.ifElse(open, 'NULL', side('>')) };
      }
      case 'min': case 'max': {
        const { exact, wide } = A.extremes(e.op, i, counts, mayCount, value, over, open);
        return e.op === 'min' ? { lo: wide, hi: exact } : { lo: exact, hi: wide };
      }
      default:
        throw new Unsupported(e, 'internal: bounds of a quantifier');
    }
  }

  /** A built-in as its registry entry writes it in SQL (ops/registry.ts). */
  private call(e: Extract<IrExpr, { kind: 'call' }>, scope: Scope): string {
    const sql = functionEntry(e.op).sql;
    if (!sql) throw new Unsupported(e, `the built-in \`${e.op}\` is not translated to SQL yet`);
    const args = e.args.map((a) => this.expr(a, scope));
    const literal = e.args.map((a) => (a.kind === 'const' && typeof a.value === 'number' ? a.value : undefined));
    const out = sql(args, this.f, literal);
    if (typeof out !== 'string') throw new Unsupported(e, out.refused);
    return out;
  }

  /** Rows as CASE arms, first match wins; no row and no `otherwise` → NULL (the engine's error). */
  private table(e: Extract<IrExpr, { kind: 'tableLookup' }>, scope: Scope): string {
    const t = this.ir.tables.get(e.table);
    if (!t) throw new Unsupported(e, `internal: no table ${e.table}`);
    const key = this.expr(e.key, scope);
    const arms = t.rows.map((r) => {
      const result = this.f.int(toMicros(r.result));
      if (r.kind === 'enum') return `WHEN ${key} = ${this.literal(r.value, { kind: 'text' })} THEN ${result}`;
      if (r.kind === 'point') return `WHEN ${key} = ${toMicros(r.value)} THEN ${result}`;
      const parts = [r.low !== undefined ? `${key} >= ${toMicros(r.low)}` : '', r.high !== undefined ? `${key} ${r.highExclusive ? '<' : '<='} ${toMicros(r.high)}` : ''].filter(Boolean);
      return `WHEN ${parts.length ? parts.join(' AND ') : this.f.bool(true)} THEN ${result}`;
    });
    const otherwise = t.otherwise === undefined ? '' : ` ELSE ${this.f.int(toMicros(t.otherwise))}`;
    return `(CASE WHEN ${key} IS NULL THEN ${this.f.nullOf('int')} ${arms.join(' ')}${otherwise} END)`;
  }

  /** any/all (Kleene over the members) and count without a filter; count/sum/min/max with one are
   *  bounds (aggregateBounds). One column of `agg` unless it reads the subject: then a correlated subquery. */
  private aggregate(e: IrAggregate, scope: Scope): string {
    if (this.arrays) return this.arrayAggregate(e, scope);
    this.notNested(e, scope);
    const hoisted = this.hoistedBody(e, scope, (fv) => this.aggregateBody(e, fv));
    if (!hoisted.includes(SUBJECT_PROBE)) return this.hoist(`a${e.id}`, hoisted);
    const { body, from } = this.correlated(e, scope, (fv) => this.aggregateBody(e, fv));
    return `(SELECT ${body} ${from})`;
  }

  /** Rows of `members`: an aggregate inside another would be a correlated subquery inside an aggregate
   *  function, which DuckDB does not plan; refused rather than answered another way. (Members as arrays
   *  nest lambdas.) */
  private notNested(e: IrAggregate, scope: Scope): void {
    if (scope.binders.size > 0) throw new Unsupported(e, 'an aggregate over members inside another aggregate over members is not translated to SQL for this dialect yet');
  }

  /** Whether an aggregate's body for the per-household GROUP BY is being generated, and whether one read
   *  the household's size there. */
  private inHoist = false;
  private sizeInHoist = false;
  private hoistReadsHousehold = false;

  private hoist(name: string, body: string): string {
    this.hoisted.set(name, body);
    // Members as arrays: a column of the household row the dialect computes first (ArrayQuery.hoisted).
    return this.arrays ? this.d.quote(name) : `agg.${this.d.quote(name)}`;
  }

  /** The aggregate over the member rows bound to `alias` (a GROUP BY or a correlated subquery). */
  private aggregateBody(e: IrAggregate, { filter, value }: FilterValue): string {
    switch (e.op) {
      case 'any': {
        const each = `((${filter}) AND (${value}))`;
        return `CASE WHEN bool_or(${each}) THEN TRUE WHEN bool_or(${each} IS NULL) THEN NULL ELSE FALSE END`;
      }
      case 'all': {
        const each = `((NOT (${filter})) OR (${value}))`;
        return `CASE WHEN bool_or(NOT coalesce(${each}, TRUE)) THEN FALSE WHEN bool_or(${each} IS NULL) THEN NULL ELSE TRUE END`;
      }
      default:
        // count without a filter (count/sum/min/max with one are bounds: aggregateBoundsBody).
        return `count(*) * ${MICRO}`;
    }
  }


  /** any/all over the household's member arrays (Kleene: ArrayForms.quantifier) and count without a
   *  filter (the rest are bounds: arrayAggregateBounds); hoisted as arrayAggregateBounds is. */
  private arrayAggregate(e: IrAggregate, scope: Scope): string {
    const body = (s: Scope) => this.arrayAggregateBody(e, s);
    const hoisted = this.arrayHoisted(e, scope, body);
    return hoisted === undefined ? body(scope) : this.hoist(`a${e.id}`, hoisted);
  }

  private arrayAggregateBody(e: IrAggregate, scope: Scope): string {
    const f = this.f, A = this.arrays!;
    const i = `m${e.id}`;
    const inner: Scope = { ...scope, binders: new Map(scope.binders).set(e.id, { alias: i }) };
    const filter = e.filter ? this.expr(e.filter, inner) : f.bool(true);
    const value = e.value ? this.expr(e.value, inner) : f.bool(true);
    const over = A.positions(this.memberArray());
    switch (e.op) {
      case 'any':
        return A.quantifier('any', i, f.and([filter, value]), over);
      case 'all':
        return A.quantifier('all', i, f.or([f.not(filter), value]), over);
      default:
        return `(${A.length(this.memberArray())} * ${MICRO})`;
    }
  }
}
