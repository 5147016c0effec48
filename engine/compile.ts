// The compiler: the IR (engine/ir/) → JavaScript source → a function built with `new Function`. It reads
// the IR only (built-ins and operators from the registry, ops/), as the reference interpreter does.
//
// Security: no text of the ruleset ever appears in the generated source. Names become generated
// identifiers (v0, l1, p2…), every string (enum values, field names, texts, program ids) goes into the
// constants array `k` and is read by index, and numbers are printed with String() from a finite JS number
// the compiler computed itself. The source therefore contains only the compiler's own syntax.
//
// Logic is three-valued as in the interpreter. One generator, two modes:
// - fast: decision fields only; unknown is `undefined` (no origins), an interval (ops/bounds.ts) a plain
//   `{lo, hi}`; household-level lets are computed once per household, groups short-circuit;
// - traced: unknown is an `Unknown` carrying its origins (missing facts, parameters not in force, errors)
//   and an interval a `Bounded`, through the same helpers the interpreter calls (three-valued.ts); it also
//   stores the value of every node the explanation reads in `t[slot]` (see trace-points.ts). Decisions,
//   `missing` and explanations all come from it, so the interpreter is not on the request path;
// - withheld: the traced mode with every assumption's value withheld (made `Unknown.assumed`, by the rules
//   of engine/withheld.ts, as the interpreter withholds them), no trace, and the decision's values left as
//   they are (unknowns with their origins): what engine/assumptions.ts reads for a decision's
//   `assumptions`. Generated on first use, and only for rulesets that have assumptions;
// - values: the fast mode (unknown is `undefined`, no origins) that also stores the traced nodes' values
//   in `t[slot]` and evaluates every item of a group and every member of a listed quantifier, as the
//   traced mode does: the reasons of a decided subject read only values, so the batch path's reasons come
//   from it; an undetermined subject's (which name missing facts) from the traced code.
// Only nodes that can hold an interval (`mayBound`: count/sum/min/max, and min/max/clamp, lets and ifs of
// them) get bounds-aware code; everything else is generated as before.
import type { CheckedRuleset } from '../dsl/check/types';
import { functionEntry, operatorEntry, type ParticipationMeasure } from '../ops/registry';
import { irChildren, lower } from './ir/lower';
import type { IrAggregate, IrCondition, IrExpr, IrLet, IrParameter, IrPeriod, IrRuleset, IrTable } from './ir/types';
import { kit, runtime } from './runtime';
import { explainedNodeIds, memberQuantifierIds } from './trace-points';
import { pointerSegment } from './unknown';
import { withheldParameterName, withheldTable } from './withheld';
import type { CompiledRuleset, CompiledRun, WithheldRun } from './types';
import { ymdOf } from './values';
import { IntervalNodes } from './ir/intervals';
import { IntegerNodes } from './ir/integers';
import { fusableAggregates } from './member-pass';

export type { CompiledRuleset, CompiledRun, CompiledSubject, WithheldRun, WithheldSubject } from './types';

/** Which code a Generator writes (see the top of this file). */
type Mode = 'fast' | 'traced' | 'withheld' | 'values';

/** The runtime helper behind each participation function. */
const PARTICIPATION: Record<ParticipationMeasure, string> = { member: 'INPROG', years: 'YINPROG', recertified: 'RECERT' };

export function compile(checked: CheckedRuleset): CompiledRuleset {
  const slots = new Map<number, number>();
  for (const id of explainedNodeIds(checked)) slots.set(id, slots.size);
  // After the node slots: one per member quantifier the explanation lists member by member.
  // Two each: the members' answers, then whom its filter lets in.
  const memberSlots = new Map<number, number>();
  for (const id of memberQuantifierIds(checked)) memberSlots.set(id, slots.size + 2 * memberSlots.size);
  const fast = generate(checked, 'fast', slots, memberSlots);
  const traced = generate(checked, 'traced', slots, memberSlots);
  const values = generate(checked, 'values', slots, memberSlots);
  const slotOfNode = new Int32Array(Math.max(0, ...slots.keys()) + 1).fill(-1);
  for (const [id, slot] of slots) slotOfNode[id] = slot;
  // The withheld code is generated when a decision's assumptions are first asked for: most loads
  // (checks, the editor) never ask.
  let withheld: { run: WithheldRun; source: string } | undefined;
  const withheldCode = () => {
    if (!withheld) {
      const g = generate(checked, 'withheld', slots, memberSlots);
      withheld = { run: build(g) as unknown as WithheldRun, source: g.source };
    }
    return withheld;
  };
  return {
    slotOfNode,
    fast: build(fast),
    traced: build(traced),
    values: build(values),
    withheld: (h, day, env) => withheldCode().run(h, day, env),
    traceSlots: slots,
    memberSlots,
    fastSource: fast.source,
    tracedSource: traced.source,
    valuesSource: values.source,
    get withheldSource() {
      return withheldCode().source;
    },
  };
}

function build(g: { source: string; constants: unknown[] }): CompiledRun {
  const factory = new Function('k', 'rt', g.source) as (k: unknown[], rt: typeof runtime) => CompiledRun;
  const run = factory(g.constants, runtime);
  return (h, day, env = {}) => run(h, day, env);
}

function generate(checked: CheckedRuleset, mode: Mode, slots: ReadonlyMap<number, number>, memberSlots: ReadonlyMap<number, number>) {
  const g = new Generator(lower(checked), mode, slots, memberSlots);
  return { source: g.program(), constants: g.constants };
}

/** A number as JS source: only finite numbers the compiler computed, printed by String(). */
function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error('internal: non-finite number in generated code');
  return n < 0 || Object.is(n, -0) ? `(${String(n)})` : String(n);
}

const KIT_NAMES = Object.keys(kit);

const READERS: Record<string, string> = { number: 'RN', bool: 'RB', text: 'RS', enum: 'RS', date: 'RD' };
const COMPARE_OPS: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '===', '!=': '!==' };

class Generator {
  readonly constants: unknown[] = [];
  private readonly constIndex = new Map<string, number>();
  private lines: string[] = [];
  private counter = 0;
  private readonly letVars = new Map<number, string>();
  private readonly paramVars = new Map<IrParameter, string>();
  private readonly tableFns = new Map<IrTable, string>();
  private readonly programVars = new Map<string, { value: string; done: string; id: string; version: string | undefined }>();
  private readonly binderVars = new Map<number, string>();
  private readonly binderIndexVars = new Map<number, string>();
  private usesHead = false;
  private usesSpouse = false;
  /** Lets that depend on the date alone are computed once per date, in `prep` (see program()). */
  private prelude: string[] | undefined; // set while generating into prep
  private readonly preludeLines: string[] = [];
  private readonly preludeVars: string[] = [];
  private readonly preludeTraces: string[] = []; // `t[slot] = dN;` for the traced nodes of those lets
  /** Unknowns with origins (traced and withheld modes). */
  private readonly traced: boolean;
  /** Assumptions withheld, no trace kept (withheld mode). */
  private readonly withhold: boolean;
  /** Node values stored in `t` (traced and values modes). */
  private readonly keeps: boolean;
  /** Unknown as `undefined`, with the trace kept (values mode). */
  private readonly plainTrace: boolean;
  private readonly slots: ReadonlyMap<number, number>;
  private readonly memberSlots: ReadonlyMap<number, number>;

  private readonly intervals: IntervalNodes;
  private readonly integers: IntegerNodes;
  /** Fast mode: the aggregates computed in the one pass over members, by node id → their value's variable. */
  private readonly fused = new Map<number, string>();
  /** The member pass computes each member's age (its aggregates read it as `binderAgeVars`), and pushes it
   *  into `ages` at line `agesPushLine` for the readers outside the pass (there is then no separate loop
   *  for ages); the push is dropped when nothing outside the pass read `ages`. */
  private agesInMemberPass = false;
  private agesPushLine = -1;
  private readsAgesArray = false;
  private readonly binderAgeVars = new Map<number, string>();
  constructor(private readonly ir: IrRuleset, private readonly mode: Mode, slots: ReadonlyMap<number, number>, memberSlots: ReadonlyMap<number, number>) {
    this.intervals = new IntervalNodes(ir);
    this.integers = new IntegerNodes(ir);
    this.traced = mode === 'traced' || mode === 'withheld';
    this.withhold = mode === 'withheld';
    this.keeps = mode === 'traced' || mode === 'values';
    this.plainTrace = mode === 'values';
    // The withheld mode keeps no trace: nothing reads node values from it.
    this.slots = this.withhold ? new Map() : slots;
    this.memberSlots = this.withhold ? new Map() : memberSlots;
  }

  // ------------------------------------------------------------ assembling

  program(): string {
    const body = this.runBody();
    const prologue: string[] = ['"use strict";'];
    prologue.push(
      'const C = rt.canon, RN = rt.readNumber, RB = rt.readBool, RS = rt.readString, RD = rt.readDate, RR = rt.readRaw;',
      'const AGE = rt.age, RES = rt.residencyYears;',
      'const PROG = rt.program, MEMBERS = rt.members, HEAD = rt.head, SPOUSE = rt.spouse;',
      // The registry's primitives, under the names its entries emit (ops/types.ts: Kit).
      `const ${KIT_NAMES.map((n) => `M_${n} = rt.kit.${n}`).join(', ')};`,
      'const INPROG = rt.inProgram, YINPROG = rt.yearsInProgram, RECERT = rt.recertified;',
      // Bounds (ops/bounds.ts) and, for the traced mode, unknowns with their origins (three-valued.ts).
      'const B = rt.bounds, O = rt.origins, U = O.Unknown;',
    );
    // Table functions and parameters first: their enum keys and names add constants.
    const tables = [...this.tableFns].flatMap(([decl, fn]) => this.tableFunction(decl, fn));
    const inForce = [...this.paramVars].flatMap(([decl, v]) => this.parameterInForce(decl, v));
    this.constants.forEach((_, i) => prologue.push(`const c${i} = k[${i}];`));
    prologue.push(...tables);
    // Parameters and the lets computed from them alone: once per date, not once per household.
    const params = [...this.paramVars.values()];
    if (params.length + this.preludeVars.length > 0) prologue.push(`let ${[...params, ...this.preludeVars].join(', ')};`);
    prologue.push('let prepDay = NaN;', 'function prep(day) {', 'prepDay = day;');
    prologue.push(...inForce);
    prologue.push(...this.preludeLines, '}', 'const NO_MEMBERS = [];', 'const NONE = Object.freeze([]);');
    const run: string[] = [
      'return function run(h, day, env) {',
      'if (day !== prepDay) prep(day);',
      'const ms = Array.isArray(h.members) ? h.members : NO_MEMBERS;',
    ];
    // Most rulesets read ages many times (filters, aggregates): compute each member's once per run.
    if (this.agesInMemberPass) {
      if (this.readsAgesArray) run.push('const ages = [];');
    } else if (this.readsAge()) {
      run.push('const ages = [];', `for (let i = 0; i < ms.length; i++) ages.push(${this.traced ? 'O.ageAt(ms, i, day)' : 'AGE(ms[i], day)'});`);
    }
    if (this.usesHead) run.push(`const hd = ${this.traced ? "O.relation(ms, 'head')" : 'HEAD(ms)'};`);
    if (this.usesSpouse) run.push(`const sp = ${this.traced ? "O.relation(ms, 'spouse')" : 'SPOUSE(ms)'};`);
    for (const p of this.programVars.values()) run.push(`let ${p.value}, ${p.done} = false;`);
    return [...prologue, ...run, ...body, '};'].join('\n');
  }

  private runBody(): string[] {
    const subject = this.ir.subject;
    // Lets of the date alone first (lets are in dependency order, and these read no other kind).
    for (const l of this.ir.lets) if (l.dependsOn === 'date') this.foldedLet(l);
    const subjectLets = new Set(this.ir.lets.filter((l) => l.dependsOn === 'subject'));
    const traceArray = this.keeps ? `const t = new Array(${num(this.slots.size + 2 * this.memberSlots.size)});` : 'const t = undefined;';
    if (this.mode === 'fast') this.memberPass();
    // Fast mode computes the lets that do not depend on the subject once per household (the modes that
    // keep a trace compute every let per subject, into that subject's trace).
    if (!this.traced && !this.keeps) for (const l of this.ir.lets) if (!subjectLets.has(l) && !this.letVars.has(l.id)) this.let(l);
    this.emit('const out = [];');
    if (subject.kind === 'household') {
      this.block('', () => {
        this.emit(traceArray);
        this.subjectBlock('(-1)', 'true', this.traced || this.keeps ? this.ir.lets : [], undefined);
      });
    } else {
      this.block('for (let si = 0; si < ms.length; si++)', () => {
        this.emit('const s = ms[si];');
        this.emit(traceArray);
        const lets = this.ir.lets.filter((l) => this.traced || this.keeps || subjectLets.has(l));
        const filter = subject.filter;
        if (filter && !this.readsLets(filter)) {
          // The usual case: decide who the program is about before computing anything else.
          const f = this.expr(filter);
          this.emit(`if (${f} === false) continue;`);
          this.subjectBlock('si', f, lets, undefined);
        } else {
          this.subjectBlock('si', undefined, lets, filter);
        }
      });
    }
    this.emit('return out;');
    const body = this.lines;
    if (this.agesPushLine >= 0 && !this.readsAgesArray) body[this.agesPushLine] = '';
    this.lines = [];
    return body;
  }

  private subjectBlock(index: string, filterVar: string | undefined, lets: readonly IrLet[], lateFilter: IrExpr | undefined) {
    if (this.keeps) for (const line of this.preludeTraces) this.emit(line);
    for (const l of lets) if (!this.letVars.has(l.id)) this.let(l);
    let f = filterVar ?? 'true';
    if (lateFilter) {
      f = this.expr(lateFilter);
      this.emit(`if (${f} === false) continue;`);
    }
    const cond = this.ir.eligible ? this.item(this.ir.eligible) : 'true';
    const e = this.fresh('e');
    if (this.traced) this.emit(`const ${e} = O.and(${f}, ${cond});`);
    else this.emit(`const ${e} = ${cond} === false ? false : (${f} === undefined || ${cond} === undefined) ? undefined : true;`);
    const b = this.fresh('b');
    this.emit(`let ${b} = 0;`);
    if (this.ir.benefit) {
      const amount = this.ir.benefit.amount;
      if (this.traced) this.emit(`${b} = ${this.expr(amount)};`);
      else this.block(`if (${e} === true)`, () => this.emit(`${b} = ${this.expr(amount)};`));
    }
    // Components, like the benefit, are computed for eligible subjects only in fast mode.
    const components = (this.ir.components ?? []).map((k) => {
      const v = this.fresh('k');
      this.emit(`let ${v};`);
      if (this.traced) this.emit(`${v} = ${this.expr(k.amount)};`);
      else this.block(`if (${e} === true)`, () => this.emit(`${v} = ${this.expr(k.amount)};`));
      return v;
    });
    const scores = this.ir.scores.map((s) => this.expr(s.value));
    const outcome = this.ir.outcome ? this.expr(this.ir.outcome.value) : 'undefined';
    if (this.withhold) {
      // The values as they are: engine/assumptions.ts reads which withheld assumptions left them unknown.
      this.emit(
        `out.push({ memberIndex: ${index}, eligible: ${e}, benefit: ${b}, scores: [${scores.join(', ')}], outcome: ${outcome}, components: [${components.join(', ')}] });`,
      );
      return;
    }
    if (this.traced) {
      // Decision fields as the fast mode gives them; the unknowns themselves (with origins) in `why`.
      const k = (x: string) => `O.known(${x})`;
      this.emit(
        `out.push({ memberIndex: ${index}, filter: ${k(f)}, eligible: ${k(e)}, benefit: ${k(b)}, scores: [${scores.map(k).join(', ')}], outcome: ${k(outcome)}, components: [${components.map(k).join(', ')}], trace: t, why: { eligible: O.unknown(${e}), benefit: O.unknown(${b}) } });`,
      );
      return;
    }
    // A ruleset without scores or components shares one empty array: nothing writes to them.
    const list = (xs: string[]) => (xs.length ? `[${xs.join(', ')}]` : 'NONE');
    this.emit(
      `out.push({ memberIndex: ${index}, filter: ${f}, eligible: ${e}, benefit: ${b}, scores: ${list(scores)}, outcome: ${outcome}, components: ${list(components)}, trace: t });`,
    );
  }

  // ------------------------------------------------------------ declarations

  /** A let of the date alone, generated into `prep`; its traced nodes are copied to `t` per subject. */
  private foldedLet(l: IrLet) {
    const body = this.lines;
    this.lines = this.preludeLines;
    this.prelude = this.preludeLines;
    const v = this.boundExpr(l.value);
    const name = this.fresh('d');
    this.preludeVars.push(name);
    this.emit(`${name} = ${v};`);
    this.letVars.set(l.id, name);
    this.prelude = undefined;
    this.lines = body;
  }

  private let(l: IrLet) {
    const v = this.boundExpr(l.value);
    const name = this.fresh('l');
    this.emit(`const ${name} = ${v};`);
    this.letVars.set(l.id, name);
  }

  /** The index variable of a member named by the subject alias or an aggregate binder. */
  private memberIndexOf(e: IrExpr): string | undefined {
    if (e.kind === 'subjectMember') return 'si';
    if (e.kind === 'binderMember') return this.binderIndexVars.get(e.aggregateId);
    return undefined;
  }

  private readsAge(): boolean {
    return [...this.ir.nodes.values()].some((n) => n.kind === 'age');
  }

  private readsLets(e: IrExpr): boolean {
    return e.kind === 'letRef' || irChildren(e).some((c) => this.readsLets(c));
  }

  /** Whether a node can hold an interval: the rule every backend shares (engine/ir/intervals.ts). */
  private mayBound(e: IrExpr): boolean {
    return this.intervals.may(e);
  }

  /** The value in force on `day`, period by period (parameters are resolved once per date, in prep). */
  private parameterInForce(p: IrParameter, v: string): string[] {
    const out: string[] = [];
    for (const period of p.periods) {
      const tests = [period.from !== undefined ? `day >= ${num(period.from)}` : '', period.until !== undefined ? `day <= ${num(period.until)}` : '']
        .filter(Boolean);
      out.push(`if (${tests.join(' && ') || 'true'}) ${v} = ${this.periodValue(p, period)}; else`);
    }
    out.push(`${v} = ${this.traced ? `O.notInForce(${this.constant(p.name)})` : 'undefined'};`);
    return out;
  }

  /** A period's value; in the withheld mode an assumed value is withheld as engine/withheld.ts says. */
  private periodValue(p: IrParameter, period: IrPeriod): string {
    const value = num(period.value);
    if (!this.withhold) return value;
    if (period.provenance?.type === 'assumption') return `O.assumed(${this.constant(p.name)})`;
    if (period.fromAssumption !== undefined && period.from !== undefined) {
      // A guessed first day: withheld on the days of its year only (the true day could be any of them).
      const name = this.constant(withheldParameterName(p.name, period.from));
      return `(rt.ymd(day).y === ${num(ymdOf(period.from).y)} ? O.assumed(${name}) : ${value})`;
    }
    return value;
  }

  private tableFunction(table: IrTable, fn: string): string[] {
    const out = [`function ${fn}(x) {`];
    for (const r of table.rows) {
      let test: string;
      if (r.kind === 'enum') test = `x === ${this.constant(r.value)}`;
      else if (r.kind === 'point') test = `x === ${num(r.value)}`;
      else {
        const parts = [r.low !== undefined ? `x >= ${num(r.low)}` : '', r.high !== undefined ? `x ${r.highExclusive ? '<' : '<='} ${num(r.high)}` : ''];
        test = parts.filter(Boolean).join(' && ') || 'typeof x === "number"';
      }
      out.push(`if (${test}) return ${num(r.result)};`);
    }
    out.push(`return ${table.otherwise === undefined ? 'undefined' : num(table.otherwise)};`, '}');
    return out;
  }

  // ------------------------------------------------------------ unknowns, by mode

  /** A test that `x` is unknown (in the traced mode also an interval: a Bounded is an Unknown). */
  private u(x: string): string {
    return this.traced ? `${x} instanceof U` : `${x} === undefined`;
  }
  private anyU(xs: readonly string[]): string {
    return xs.map((x) => this.u(x)).join(' || ') || 'false';
  }
  /** The unknown of a strict operation on `xs`: their origins' union (traced), or undefined (fast). */
  private unknownOf(xs: readonly string[]): string {
    return this.traced ? `O.unknownOf(${xs.join(', ')})` : 'undefined';
  }
  /** A known operation's result that may fail (undefined): in the traced mode the failure names its error. */
  private failing(result: string, error: string): string {
    if (!this.traced) return result;
    return `(${result} ?? ${error})`;
  }

  // ------------------------------------------------------------ condition items

  private item(i: IrCondition): string {
    if (i.kind === 'condition') {
      let x = this.expr(i.test);
      // An assumption-marked condition that holds holds by the assumption's reading: withheld.
      if (this.withhold && i.provenance?.type === 'assumption') x = this.let_(`${x} === true ? O.assumed(${this.constant(i.label)}) : ${x}`);
      this.trace(i.id, x);
      return x;
    }
    const g = this.fresh('g');
    const decided = i.combinator === 'all' ? 'false' : 'true';
    this.emit(`let ${g} = ${i.combinator === 'all' ? 'true' : 'false'};`);
    const label = this.fresh('L');
    this.block(`${label}:`, () => {
      for (const child of i.items) {
        const x = this.item(child);
        if (this.traced) {
          // Every item is evaluated so the explanation can show it; Kleene with origins.
          this.emit(`${g} = O.${i.combinator === 'all' ? 'and' : 'or'}(${g}, ${x});`);
        } else if (this.plainTrace) {
          // Every item too (its reasons list each failed one), Kleene without origins.
          this.emit(`${g} = ${i.combinator === 'all' ? this.plainAnd(g, x) : this.plainOr(g, x)};`);
        } else {
          this.emit(`if (${x} === ${decided}) { ${g} = ${decided}; break ${label}; }`);
          this.emit(`if (${x} === undefined) ${g} = undefined;`);
        }
      }
    });
    if (i.combinator === 'none') this.emit(this.traced ? `${g} = O.not(${g});` : `${g} = ${g} === undefined ? undefined : !${g};`);
    this.trace(i.id, g);
    return g;
  }

  // ------------------------------------------------------------ expressions

  /** A node's value for a reader that does not read intervals: in the fast mode an interval is turned
   *  into plain unknown; in the traced mode it already is an Unknown (with origins). */
  private expr(e: IrExpr): string {
    const x = this.boundExpr(e);
    if (this.traced || !this.mayBound(e)) return x;
    return this.let_(`typeof ${x} === 'object' ? undefined : ${x}`);
  }

  /** A node's value, an interval left as it is (for the readers of bounds). */
  private boundExpr(e: IrExpr): string {
    const x = this.exprUntraced(e);
    // The values mode stores an interval as unknown, as the traced mode's value() reads a Bounded.
    this.trace(e.id, this.plainTrace && this.mayBound(e) ? `(typeof ${x} === 'object' ? undefined : ${x})` : x);
    return x;
  }

  private exprUntraced(e: IrExpr): string {
    switch (e.kind) {
      case 'const':
        if (typeof e.value === 'number') return num(e.value);
        if (typeof e.value === 'boolean') return e.value ? 'true' : 'false';
        return this.constant(e.value);
      case 'param':
      case 'paramValue': {
        const decl = this.ir.parameters.get(e.name)!;
        // A value in force on every day is a literal (the engine folds what reads it); the withheld mode
        // may withhold it.
        const only = decl.periods.length === 1 ? decl.periods[0]! : undefined;
        if (only && only.from === undefined && only.until === undefined && !this.withhold) return num(only.value);
        // Resolved once per date in prep (see program()).
        let v = this.paramVars.get(decl);
        if (!v) this.paramVars.set(decl, (v = this.fresh('p')));
        return v;
      }
      case 'letRef': {
        const v = this.letVars.get(e.letId);
        if (!v) throw new Error('internal: let used before it was computed');
        return v;
      }
      case 'household':
        return 'h';
      case 'members':
        return 'ms';
      case 'evaluationDate':
        return 'day';
      case 'subjectMember':
        return 's';
      case 'binderMember': {
        const v = this.binderVars.get(e.aggregateId);
        if (!v) throw new Error('internal: binder used outside its aggregate');
        return v;
      }
      case 'relation':
        if (e.relationship === 'head') {
          this.usesHead = true;
          return 'hd';
        }
        this.usesSpouse = true;
        return 'sp';
      case 'field':
        return this.field(e);
      case 'householdSize':
        return this.let_('ms.length');
      case 'residencyYears':
        return this.let_(this.traced ? 'O.residencyYears(h, day)' : 'RES(h, day)');
      case 'age': {
        // Ages are computed once per member and run (see program()); head/spouse read theirs directly.
        if (e.member.kind === 'binderMember') {
          const age = this.binderAgeVars.get(e.member.aggregateId);
          if (age) return age;
        }
        const index = this.memberIndexOf(e.member);
        if (index) {
          this.readsAgesArray = true;
          return this.let_(`ages[${index}]`);
        }
        return this.let_(this.traced ? `O.ageOf(ms, ${this.expr(e.member)}, day)` : `AGE(${this.expr(e.member)}, day)`);
      }
      case 'negate': {
        const x = this.expr(e.operand);
        return this.let_(`${this.u(x)} ? ${this.unknownOf([x])} : ${operatorEntry('neg').emit([x])}`);
      }
      case 'not': {
        const x = this.expr(e.operand);
        return this.let_(`${this.u(x)} ? ${x} : !${x}`);
      }
      case 'arith': {
        const a = this.expr(e.left);
        const b = this.expr(e.right);
        const result = this.wholeArith(e, a, b) ?? operatorEntry(e.op).emit([a, b]); // exact; `/` is unknown for a zero divisor
        const failed = `O.operatorError(${this.constant(e.op)}, ${a}, ${b})`;
        return this.let_(`(${this.anyU([a, b])}) ? ${this.unknownOf([a, b])} : ${this.failing(result, failed)}`);
      }
      case 'logic':
        return this.logical(e.op, e.left, e.right);
      case 'compare':
        return this.compare(e);
      case 'inRange': {
        const bounded = this.mayBound(e.value);
        const x = bounded ? this.boundExpr(e.value) : this.expr(e.value);
        const parts = [
          e.low !== undefined ? `${x} >= ${num(e.low)}` : '',
          e.high !== undefined ? `${x} ${e.highExclusive ? '<' : '<='} ${num(e.high)}` : '',
        ].filter(Boolean);
        const test = `${e.negated ? '!' : ''}(${parts.join(' && ') || 'true'})`;
        const range = `${e.low === undefined ? 'undefined' : num(e.low)}, ${e.high === undefined ? 'undefined' : num(e.high)}, ${e.highExclusive}, ${e.negated}`;
        if (this.traced) return this.let_(`${this.u(x)} ? O.inRangeUnknown(${x}, ${range}) : ${test}`);
        if (!bounded) return this.let_(`${x} === undefined ? undefined : ${test}`);
        return this.let_(`${x} === undefined ? undefined : typeof ${x} === 'object' ? B.inRangeBounds(${x}, ${range}) : ${test}`);
      }
      case 'inSet': {
        const x = this.expr(e.value);
        if (e.written === 'is') {
          return this.let_(`${this.u(x)} ? ${x} : ${x} ${e.negated ? '!==' : '==='} ${this.constant(e.values[0]!)}`);
        }
        const test = `(${e.values.map((m) => `${x} === ${this.constant(m)}`).join(' || ') || 'false'})`;
        return this.let_(`${this.u(x)} ? ${x} : ${e.negated ? '!' : ''}${test}`);
      }
      case 'isKnown': {
        const x = this.expr(e.value);
        // A withheld assumption is known in fact: only missing facts, parameters and errors make it unknown.
        if (this.withhold) return this.let_(`${e.negated ? '!' : ''}O.knownInFact(${x})`);
        return this.let_(`${e.negated ? '' : '!'}(${this.u(x)})`);
      }
      case 'if': {
        const bounded = this.mayBound(e);
        const branch = (x: IrExpr) => (bounded ? this.boundExpr(x) : this.expr(x));
        const c = this.expr(e.condition);
        const v = this.fresh('v');
        this.emit(`let ${v};`);
        if (!this.traced) {
          this.block(`if (${c} === true)`, () => this.emit(`${v} = ${branch(e.then)};`));
          this.block(`else if (${c} === false)`, () => this.emit(`${v} = ${branch(e.otherwise)};`));
        } else {
          // Each branch is generated once (twice would double the code at every nesting level): the one
          // taken, or both when the condition is undecided — what would decide it is the condition's facts
          // and those either branch still needs.
          const a = this.fresh('v');
          const b = this.fresh('v');
          this.emit(`let ${a}, ${b};`);
          this.block(`if (${c} !== false)`, () => this.emit(`${a} = ${branch(e.then)};`));
          this.block(`if (${c} !== true)`, () => this.emit(`${b} = ${branch(e.otherwise)};`));
          this.emit(`${v} = ${c} === true ? ${a} : ${c} === false ? ${b} : O.unknownOf(${c}, ${a}, ${b});`);
        }
        return v;
      }
      case 'call':
        return this.call(e);
      case 'tableLookup': {
        const key = this.expr(e.key);
        const table = this.ir.tables.get(e.table)!;
        if (this.withhold && withheldTable(table)) return this.let_(`${this.u(key)} ? ${this.unknownOf([key])} : O.assumed(${this.constant(table.name)})`);
        let fn = this.tableFns.get(table);
        if (!fn) this.tableFns.set(table, (fn = this.fresh('T')));
        return this.let_(`${this.u(key)} ? ${this.unknownOf([key])} : ${this.failing(`${fn}(${key})`, `O.noRow(${this.constant(e.table)}, ${key})`)}`);
      }
      case 'participation': {
        // The program id is a constant, never code; participation reads h.programs directly.
        if (this.traced) return this.let_(`O.participation(h, ${this.constant(e.measure)}, ${this.constant(e.program)}, day)`);
        return this.let_(`${PARTICIPATION[e.measure]}(h, ${this.constant(e.program)}, day)`);
      }
      case 'aggregate':
        return this.aggregate(e);
      case 'points': {
        const terms = e.terms.map((t) => this.expr(t.value));
        const v = this.fresh('v');
        this.emit(`let ${v} = 0;`);
        if (terms.length > 0) {
          this.emit(`if (${this.anyU(terms)}) ${v} = ${this.unknownOf(terms)};`);
          if (IntegerNodes.sumInRange(e.terms.map((t) => this.integers.bound(t.value)))) {
            // Whole points whose total stays in range: `+` on doubles is exact and gives M_add's sum.
            this.emit(`else ${v} = ${terms.join(' + ')};`);
          } else {
            this.block('else', () => {
              terms.forEach((t) => this.emit(`${v} = ${operatorEntry('+').emit([v, t])};`));
              if (this.traced) this.emit(`if (${v} === undefined) ${v} = O.OUT_OF_RANGE;`);
            });
          }
        }
        return v;
      }
      case 'programEligible':
        return this.programDecision(e.program, e.version);
      case 'paymentGate': {
        // The condition of payment (IrRuleset.payment): 0 when it fails, the amount when it holds.
        // Traced: the formula is computed either way, so the explanation shows it (as the interpreter does).
        const paid = this.item(this.ir.payment!);
        const v = this.fresh('v');
        if (this.traced) {
          const amount = this.expr(e.amount);
          this.emit(`const ${v} = ${paid} === false ? 0 : ${paid} === true ? ${amount} : ${this.unknownOf([paid, amount])};`);
          return v;
        }
        this.emit(`let ${v};`);
        this.block(`if (${paid} === false) ${v} = 0; else if (${paid} === true)`, () => this.emit(`${v} = ${this.expr(e.amount)};`));
        return v;
      }
    }
  }

  /** `a + b`, `a - b`, `a * b` of whole numbers whose result cannot leave the exact range (ir/integers.ts):
   *  plain double arithmetic is then exact and equals the micro-unit operation's result (`+ 0` turns the
   *  -0 of `0 * -n` into the 0 the exact product gives). Undefined when the operation needs the exact kit. */
  private wholeArith(e: Extract<IrExpr, { kind: 'arith' }>, a: string, b: string): string | undefined {
    if (e.op === '/' || this.integers.bound(e) === undefined) return undefined;
    return e.op === '*' ? `(${a} * ${b} + 0)` : `(${a} ${e.op} ${b})`;
  }

  private compare(e: Extract<IrExpr, { kind: 'compare' }>): string {
    const bounded = this.mayBound(e.left) || this.mayBound(e.right);
    const a = bounded ? this.boundExpr(e.left) : this.expr(e.left);
    const b = bounded ? this.boundExpr(e.right) : this.expr(e.right);
    const test = `${a} ${COMPARE_OPS[e.op]} ${b}`;
    const op = this.constant(e.op);
    if (this.traced) return this.let_(`(${this.anyU([a, b])}) ? O.compareUnknown(${op}, ${a}, ${b}) : ${test}`);
    if (!bounded) return this.let_(`(${a} === undefined || ${b} === undefined) ? undefined : ${test}`);
    return this.let_(`(typeof ${a} === 'object' || typeof ${b} === 'object') ? B.compareBounds(${op}, ${a}, ${b}) : (${a} === undefined || ${b} === undefined) ? undefined : ${test}`);
  }

  private call(e: Extract<IrExpr, { kind: 'call' }>): string {
    const bounded = this.mayBound(e);
    const args = e.args.map((a) => (bounded ? this.boundExpr(a) : this.expr(a)));
    const result = functionEntry(e.op).emit(args);
    if (args.length === 0) return this.let_(result);
    const name = this.constant(e.op);
    if (this.traced) {
      const failed = `O.functionError(${name}, [${args.join(', ')}])`;
      return this.let_(`(${this.anyU(args)}) ? O.callUnknown(${name}, [${args.join(', ')}]) : ${this.failing(result, failed)}`);
    }
    const strict = `(${args.map((x) => `${x} === undefined`).join(' || ')}) ? undefined : ${result}`;
    if (!bounded) return this.let_(strict);
    // min/max/clamp of an interval: bounds (a plain unknown argument then stands for any number).
    return this.let_(`(${args.map((x) => `typeof ${x} === 'object'`).join(' || ')}) ? B.callBounds(${name}, [${args.join(', ')}]) : ${strict}`);
  }

  private logical(op: 'and' | 'or', left: IrExpr, right: IrExpr): string {
    const decided = op === 'and' ? 'false' : 'true';
    const other = op === 'and' ? 'true' : 'false';
    const a = this.expr(left);
    const v = this.fresh('v');
    this.emit(`let ${v};`);
    this.emit(`if (${a} === ${decided}) ${v} = ${decided};`);
    this.block('else', () => {
      const b = this.expr(right);
      if (this.traced) this.emit(`${v} = O.${op}(${a}, ${b});`);
      else this.emit(`${v} = ${b} === ${decided} ? ${decided} : (${a} === undefined || ${b} === undefined) ? undefined : ${other};`);
    });
    return v;
  }

  private field(e: Extract<IrExpr, { kind: 'field' }>): string {
    const owner = this.expr(e.owner);
    const v = this.fresh('v');
    this.emit(`let ${v} = ${owner};`);
    const steps = () => {
      e.path.forEach((key, i) => {
        const k = this.constant(key);
        // The household and the subject are always objects; anything else may be absent.
        if (i === 0 && (owner === 'h' || owner === 's')) this.emit(`${v} = ${v}[${k}];`);
        else this.emit(`${v} = (${v} !== null && typeof ${v} === 'object') ? ${v}[${k}] : undefined;`);
      });
      this.emit(`${v} = ${READERS[e.type.kind] ?? 'RR'}(${v});`);
    };
    if (!this.traced) {
      steps();
      return v;
    }
    // Traced: an absent fact is unknown with its JSON pointer (the owner's pointer + the path).
    const suffix = this.constant(e.path.map((p) => '/' + pointerSegment(p)).join(''));
    const pointer = e.ownerKind === 'household' ? suffix : `O.memberPointer(ms, ${owner}, ${suffix})`;
    const body = () => {
      steps();
      this.emit(`if (${v} === undefined) ${v} = O.missing(${pointer});`);
    };
    if (owner === 'h' || owner === 's' || e.owner.kind === 'binderMember') body();
    else this.block(`if (!(${v} instanceof U))`, body);
    return v;
  }

  private aggregate(e: IrAggregate): string {
    if (e.op === 'count' && !e.filter) return this.let_('ms.length');
    const pass = this.fused.get(e.id);
    if (pass !== undefined) return pass;
    const memberSlot = this.memberSlots.get(e.id);
    if (this.keeps && memberSlot !== undefined && (e.op === 'any' || e.op === 'all')) return this.quantifierByMember(e, memberSlot);
    const loop = this.aggregateLoop(e);
    const i = this.fresh('i');
    const m = this.fresh('m');
    this.block(`for (let ${i} = 0; ${i} < ms.length; ${i}++)`, () => {
      this.emit(`const ${m} = ms[${i}];`);
      this.withBinder(e, m, i, () => loop.body('continue', 'break'));
    });
    loop.finish();
    return loop.value;
  }

  /** One aggregate over members as parts of a loop: its variables are declared when this is called; `body`
   *  is one member's step (the member leaves the aggregate with `skip`; `stop` ends the loop, the answer
   *  being decided), `finish` what follows the loop. The same parts make a loop of their own or a share of
   *  the one pass over members (memberPass). */
  private aggregateLoop(e: IrAggregate): { value: string; decided?: string; body: (skip: string, stop: string) => void; finish: () => void } {
    if (e.op === 'any' || e.op === 'all') return this.quantifierLoop(e);
    return this.boundedLoop(e, e.op);
  }

  private withBinder(e: IrAggregate, m: string, i: string, body: () => void) {
    this.binderVars.set(e.id, m);
    this.binderIndexVars.set(e.id, i);
    body();
    this.binderVars.delete(e.id);
    this.binderIndexVars.delete(e.id);
  }

  private quantifierLoop(e: IrAggregate) {
    const v = this.fresh('v');
    const any = e.op === 'any';
    this.emit(`let ${v} = ${any ? 'false' : 'true'};`);
    const body = (skip: string, stop: string) => {
      const f = e.filter ? this.expr(e.filter) : 'true';
      this.emit(`if (${f} === false) ${skip};`);
      const x = this.expr(e.value!);
      if (this.traced) {
        // Kleene with origins, as the interpreter folds it; a decided answer needs no more members.
        this.emit(any ? `${v} = O.or(${v}, O.and(${f}, ${x}));` : `${v} = O.and(${v}, O.or(O.not(${f}), ${x}));`);
        this.emit(`if (${v} === ${any ? 'true' : 'false'}) ${stop};`);
      } else if (any) {
        this.emit(`if (${x} === true && ${f} === true) { ${v} = true; ${stop}; }`);
        this.emit(`if (${x} !== false) ${v} = undefined;`);
      } else {
        this.emit(`if (${x} === false && ${f} === true) { ${v} = false; ${stop}; }`);
        this.emit(`if (${x} !== true) ${v} = undefined;`);
      }
    };
    return { value: v, decided: any ? 'true' : 'false', body, finish: () => {} };
  }

  /** count, sum, min, max: the exact part over members certainly counted with a known value, and — only
   *  when some member's filter or value is unknown — the bounds of the rest (ops/bounds.ts). */
  private boundedLoop(e: IrAggregate, op: 'count' | 'sum' | 'min' | 'max') {
    const v = this.fresh('v');
    const w = this.fresh('w'); // the uncertain members' part, made on the first one
    const o = this.fresh('o'); // traced: their unknowns, for the origins
    const opName = this.constant(op);
    this.emit(`let ${v} = ${op === 'count' || op === 'sum' ? '0' : 'undefined'}, ${w};`);
    if (this.traced) this.emit(`const ${o} = [];`);
    const body = (skip: string) => {
      const f = e.filter ? this.expr(e.filter) : 'true';
      this.emit(`if (${f} === false) ${skip};`);
      const x = op === 'count' ? '1' : this.expr(e.value!);
      let fold: string;
      if (op === 'count') fold = `${v}++;`;
      else if (op === 'sum') fold = `${v} = ${operatorEntry('+').emit([v, x])};`; // undefined once out of range
      else fold = `if (${v} === undefined || ${x} ${op === 'min' ? '<' : '>'} ${v}) ${v} = ${x};`;
      const sure = op === 'count' ? `${f} === true` : `${f} === true && !(${this.u(x)})`;
      this.emit(`if (${sure}) { ${fold} }`);
      this.block('else', () => {
        this.emit(`${w} = O.uncertain(${opName}, ${w}, ${f} === true, ${x});`);
        if (this.traced) this.emit(`${o}.push(${f}, ${x});`);
      });
    };
    const finish = () => {
      if (this.traced) this.emit(`${v} = O.aggregateValue(${opName}, ${v}, ${w}, ${o});`);
      else this.emit(`if (${w} !== undefined || ${v} === undefined) ${v} = O.aggregateFast(${opName}, ${v}, ${w});`);
    };
    return { value: v, body, finish };
  }

  /** Fast mode: every aggregate over members that reads nothing but the member, the household and the
   *  date (member-pass.ts) is computed in one pass over the members at the start of the run, with the
   *  members' ages — as a hand-written evaluator would, rather than one loop per aggregate and per
   *  subject. Each aggregate's share of the pass is its own labelled block; one whose answer is decided
   *  skips the rest of the members, as its own loop would have stopped. The values are those of separate
   *  loops: every operation is pure, so evaluating an aggregate the decision turns out not to need
   *  changes nothing but the work done. */
  private memberPass() {
    const aggregates = fusableAggregates(this.ir);
    if (aggregates.length === 0) return;
    const loops = aggregates.map((e) => ({ e, loop: this.aggregateLoop(e) }));
    const i = this.fresh('i');
    const m = this.fresh('m');
    this.agesInMemberPass = this.readsAge();
    this.block(`for (let ${i} = 0; ${i} < ms.length; ${i}++)`, () => {
      this.emit(`const ${m} = ms[${i}];`);
      if (this.agesInMemberPass) {
        const age = this.fresh('a');
        this.emit(`const ${age} = AGE(${m}, day);`);
        this.agesPushLine = this.lines.length;
        this.emit(`ages.push(${age});`);
        for (const { e } of loops) this.binderAgeVars.set(e.id, age);
      }
      for (const { e, loop } of loops) {
        const label = this.fresh('A');
        this.block(`${label}:`, () => {
          if (loop.decided) this.emit(`if (${loop.value} === ${loop.decided}) break ${label};`);
          this.withBinder(e, m, i, () => loop.body(`break ${label}`, `break ${label}`));
        });
      }
    });
    for (const { e, loop } of loops) {
      loop.finish();
      this.fused.set(e.id, loop.value);
    }
  }

  /** Traced `any`/`all` that the explanation lists member by member: every member is evaluated (no early
   *  exit) and each one's answer — and(filter, value) for any, or(not filter, value) for all — is kept,
   *  and (in the next slot) whether its filter let the member in (true, false, or unknown). */
  private quantifierByMember(e: IrAggregate, memberSlot: number): string {
    const v = this.fresh('v');
    const i = this.fresh('i');
    const m = this.fresh('m');
    const per = this.fresh('p');
    const any = e.op === 'any';
    this.binderVars.set(e.id, m);
    this.binderIndexVars.set(e.id, i);
    this.emit(`let ${v} = ${any ? 'false' : 'true'};`);
    this.emit(`const ${per} = [], ${per}f = [];`);
    this.block(`for (let ${i} = 0; ${i} < ms.length; ${i}++)`, () => {
      this.emit(`const ${m} = ms[${i}];`);
      const f = e.filter ? this.expr(e.filter) : 'true';
      this.emit(`${per}f.push(${f} === true ? true : ${f} === false ? false : null);`);
      this.emit(`if (${f} === false) { ${per}.push(${any ? 'false' : 'true'}); continue; }`);
      const x = this.expr(e.value!);
      if (this.plainTrace) {
        const nf = `(${f} === true ? false : undefined)`;
        this.emit(`const ${per}x = ${any ? this.plainAnd(f, x) : this.plainOr(nf, x)};`);
        this.emit(`${per}.push(${per}x);`);
        this.emit(`${v} = ${any ? this.plainOr(v, `${per}x`) : this.plainAnd(v, `${per}x`)};`);
      } else {
        this.emit(`const ${per}x = ${any ? `O.and(${f}, ${x})` : `O.or(O.not(${f}), ${x})`};`);
        this.emit(`${per}.push(${per}x);`);
        this.emit(`${v} = O.${any ? 'or' : 'and'}(${v}, ${per}x);`);
      }
    });
    this.binderVars.delete(e.id);
    this.binderIndexVars.delete(e.id);
    this.emit(`t[${num(memberSlot)}] = ${per};`);
    this.emit(`t[${num(memberSlot + 1)}] = ${per}f;`);
    return v;
  }

  private programDecision(id: string, version: string | undefined): string {
    const key = version ? `${id}@${version}` : id;
    let p = this.programVars.get(key);
    if (!p) this.programVars.set(key, (p = { value: this.fresh('q'), done: this.fresh('qd'), id, version }));
    const args = [this.constant(this.ir.id), this.constant(id), version === undefined ? 'undefined' : this.constant(version)];
    const fn = this.traced ? 'O.program' : 'PROG';
    this.emit(`if (!${p.done}) { ${p.value} = ${fn}(env, ${args.join(', ')}, h, day); ${p.done} = true; }`);
    return p.value;
  }

  // ------------------------------------------------------------ emitting

  /** Kleene `a and b`, `a or b` on plain values (unknown: undefined), as expressions. */
  private plainAnd(a: string, b: string): string {
    return `((${a} === false || ${b} === false) ? false : (${a} === undefined || ${b} === undefined) ? undefined : true)`;
  }
  private plainOr(a: string, b: string): string {
    return `((${a} === true || ${b} === true) ? true : (${a} === undefined || ${b} === undefined) ? undefined : false)`;
  }

  private trace(id: number, x: string) {
    const slot = this.slots.get(id);
    if (!this.keeps || slot === undefined) return;
    if (this.prelude) {
      // Computed once per date in prep: keep the value, and copy it into each subject's trace.
      const d = this.fresh('d');
      this.preludeVars.push(d);
      this.emit(`${d} = ${x};`);
      this.preludeTraces.push(`t[${num(slot)}] = ${d};`);
    } else {
      this.emit(`t[${num(slot)}] = ${x};`);
    }
  }

  private emit(line: string) {
    this.lines.push(line);
  }

  private block(head: string, body: () => void) {
    this.emit(`${head} {`);
    body();
    this.emit('}');
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** Binds an expression to a fresh constant and returns its name. */
  private let_(code: string): string {
    const v = this.fresh('v');
    this.emit(`const ${v} = ${code};`);
    return v;
  }

  /** A string goes into the constants array; the code reads it as `cN`. */
  private constant(s: string): string {
    let i = this.constIndex.get(s);
    if (i === undefined) {
      i = this.constants.length;
      this.constants.push(s);
      this.constIndex.set(s, i);
    }
    return `c${i}`;
  }
}
