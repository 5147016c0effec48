// The renderer: a structured explanation (engine/explain/types.ts) → sentences in one language. The only
// place that writes words. Per (ruleset, language) one Renderer holds what does not depend on the
// household — labels, names of fields and thresholds, unit words — prepared on first use; a reason then
// costs formatting its values into the catalogue's compiled messages.
import type { TreeWords } from '../explain/build';
import { rangeText, subjectTerm as termOf } from '../explain/build';
import type { Breakdown, BreakdownTerm, Detail, LabelRef, MissingFact, Quantity, Reason, Term } from '../explain/types';
import type { IrExpr, IrRuleset, Unit } from '../ir/types';
import { compareValues, formatIsoDate } from '../values';
import type { Lang, MessageKey } from './catalog/types';
import { labelValueOn } from './label-values';
import { messagesFor, type Messages } from './messages';
import { startsWithHole, type TemplateSession } from '../explain/template';
import { inRange, spokenFigure } from './spoken-money';

const OP_KEYS: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=': 'eq', '!=': 'ne' };
const CURRENCIES = new Set(['BOB', 'BRL', 'PEN', 'USD', 'EUR']);
/** Units a sentence does not print after a value (an ordinal: "year 6", not "year 6 grades"). */
const UNPRINTED = new Set(['grade', 'number']);

/** A unit as a sentence writes it: the value as money, as a counted word ("21 years"), bare, or followed
 *  by its units; then `per` (" per person per month", or ""). */
interface UnitShape {
  money: string | undefined;
  word: string | undefined;
  after: string | undefined;
  per: string;
}

export class Renderer implements TreeWords {
  readonly m: Messages;
  private readonly names = new Map<string, string>();
  private readonly parts = new Map<number, string>();
  private readonly templated = new Map<object, { day: number; text: string }>();
  /** Reasons already written, by what they are made of (code, node, answer, values): most reasons repeat
   *  across a batch (the same enum value, the same member answers), so a batch formats each once. */
  private readonly written = new Map<string, string>();
  private readonly fixed = new Map<string, string>();
  /** Texts that depend on the ruleset, the language and the day only (see `onDay`). */
  private readonly daily = new Map<string, string>();
  /** A label's text, by its template (the same arrays every decision): interpolated ones are per day. */
  private readonly labelTexts = new Map<object, string>();
  private day = NaN;

  constructor(readonly ir: IrRuleset, readonly lang: Lang) {
    this.m = messagesFor(lang, ir.country);
  }

  /** The day parameter values in labels are read for. */
  on(day: number): this {
    if (day !== this.day) {
      // labels may show parameter values in force on the day
      this.written.clear();
      this.daily.clear();
      this.labelTexts.clear();
    }
    this.day = day;
    return this;
  }

  /** A text that depends only on the ruleset, the language and the day (a condition of payment's reason,
   *  say): made once per day and kept. */
  onDay(key: string, make: () => string): string {
    let text = this.daily.get(key);
    if (text === undefined) this.daily.set(key, (text = make()));
    return text;
  }

  /** Runs `f` writing the figures the builder marked as shown as holes (explain/template.ts). */
  withTemplate<T>(session: TemplateSession, f: () => T): T {
    this.template = session;
    try {
      return f();
    } finally {
      this.template = undefined;
    }
  }
  private template: TemplateSession | undefined;

  /** The figure a comparison or a range saw: a hole when written as a template. Money is said to the
   *  cent where that keeps the comparison's answer (`spoken`: spoken-money.ts). */
  private seen(q: Quantity, ratio: boolean, spoken?: (v: number) => number): string {
    const percent = ratio && typeof q.value === 'number';
    const fit = spoken && q.unit && this.unitShape(q.unit, q.currency).money !== undefined ? spoken : undefined;
    const say = percent ? (v: number) => this.m.percent(v) : fit ? (v: number) => this.quantity({ ...q, value: fit(v) }) : (v: number) => this.quantity({ ...q, value: v });
    if (this.template) {
      const hole = this.template.hole(q, say);
      if (hole !== undefined) return hole;
    }
    return typeof q.value === 'number' ? say(q.value) : this.quantity(q);
  }

  /** A list in the language's words. Spanish joins "7 u 8" but "7 o 9": the joining word may depend on
   *  how an item starts, so an item that starts with a hole makes the template unsound. */
  private list(items: readonly string[], type: 'and' | 'or'): string {
    if (this.template && items.some(startsWithHole)) this.template.unsound = true;
    return this.m.list(items, type);
  }

  private f(key: MessageKey, args: Record<string, string | number | boolean> = {}): string {
    return this.m.format(key, args);
  }

  // ------------------------------------------------------------ reasons

  reasons(reasons: readonly Reason[]): string[] {
    const out: string[] = new Array(reasons.length);
    for (let i = 0; i < reasons.length; i++) out[i] = this.reason(reasons[i]);
    return out;
  }

  reason(r: Reason): string {
    // A text with holes is kept by its template, not in the written texts; a kept one has the figure.
    if (this.template) return this.write(r);
    const key = reasonKey(r);
    if (key === undefined) return this.write(r);
    let text = this.written.get(key);
    if (text === undefined) {
      if (this.written.size >= 20_000) this.written.clear(); // bounded: a batch of all-different values
      this.written.set(key, (text = this.write(r)));
    }
    return text;
  }

  private write(r: Reason): string {
    switch (r.code) {
      case 'met':
      case 'not_met':
      case 'must_not_hold':
      case 'does_not_hold': {
        const label = this.label(r.label);
        if (!r.detail) return this.f(r.code, { label });
        if (r.code === 'met' && r.detail.code === 'not_applicable') return this.f('does_not_apply', { label, detail: this.detail(r.detail) });
        return this.f(`${r.code}_detail`, { label, detail: this.detail(r.detail) });
      }
      case 'none_of_alternatives':
      case 'alternative_met': {
        const items = r.items.map((i) => {
          const label = 'label' in i && i.label ? this.label(i.label) : '';
          const d = 'detail' in i && i.detail ? this.detail(i.detail) : undefined;
          return d ? this.f('alternative_item', { label, detail: d }) : label;
        });
        const list = this.list(items, 'or');
        return r.label ? this.f('none_of_alternatives', { label: this.label(r.label), count: items.length, items: list }) : this.f('none_of_alternatives_unlabelled', { count: items.length, items: list });
      }
      case 'cannot_decide': {
        const needs = this.needs(r.missing, r.not_in_force, r.errors, r.day);
        return r.label ? this.f('cannot_decide', { label: this.label(r.label), needs }) : this.f('cannot_decide_unlabelled', { needs });
      }
      case 'filter_unknown':
        return this.f('filter_unknown', { needs: this.needs(r.missing, r.not_in_force, r.errors, r.day) });
      case 'program_not_in_force': {
        const window = r.until ? this.f('program_window_until', { from: this.m.date(r.from), until: this.m.date(r.until) }) : this.f('program_window', { from: this.m.date(r.from) });
        return this.f('program_not_in_force', { day: this.m.date(r.day), window });
      }
      case 'amount': {
        const total = this.quantity(r.total, true); // the period says "per month"
        const period = this.f('period', { period: r.period });
        return r.breakdown ? this.f('amount_detail', { total, period, breakdown: this.breakdown(r.breakdown) }) : this.f('amount', { total, period });
      }
      case 'no_cash_benefit':
        return this.f('no_cash_benefit');
      case 'component': {
        const total = this.quantity(r.total, true);
        const period = this.f('period', { period: r.period });
        const name = this.name(r.name);
        return r.breakdown ? this.f('component_detail', { name, total, period, breakdown: this.breakdown(r.breakdown) }) : this.f('component', { name, total, period });
      }
    }
  }

  private needs(missing: readonly MissingFact[], not_in_force: readonly string[], errors: readonly string[], day: string): string {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(this.f('needs', { count: missing.length, facts: this.list(missing.map((f) => this.fact(f)), 'and') }));
    if (not_in_force.length > 0) parts.push(this.f('not_in_force', { count: not_in_force.length, names: this.list(not_in_force.map((n) => this.name(n)), 'and'), day: this.m.date(day) }));
    if (errors.length > 0) parts.push(this.f('errors', { errors: errors.join('; ') }));
    return parts.join('; ');
  }

  /** "k's school attendance", "asistencia escolar de k", "the household's electricity bill". */
  fact(f: MissingFact): string {
    const field = this.field(f.field);
    if (!f.member) return this.f('fact_household', { field });
    const member = f.member.name ? this.f('member_named', { name: f.member.name, id: f.member.id }) : f.member.id;
    return this.f('fact_member', { field, member });
  }

  // ------------------------------------------------------------ details

  detail(d: Detail): string {
    switch (d.code) {
      case 'compare': {
        const ratio = ratioTerm(d.subject);
        const relation = this.relation(d.op, d.threshold, d.threshold_name, d.held, ratio);
        if (d.repeat) return this.f('compare_repeat', { held: d.held, relation });
        const threshold = d.threshold.value;
        const spoken = ratio || typeof threshold !== 'number' ? undefined
          : (x: number) => spokenFigure(x, (s) => compareValues(d.op, s, threshold) === compareValues(d.op, x, threshold));
        const seen = this.seen(d.seen, ratio, spoken);
        return this.f('compare', { subject: this.term(d.subject), seen, held: d.held, relation });
      }
      case 'range': {
        const r = { low: d.low, high: d.high, highExclusive: d.high_exclusive };
        const spoken = (x: number) => spokenFigure(x, (s) => inRange(s, r) === inRange(x, r));
        return this.f('range', { subject: this.term(d.subject), seen: this.seen(d.seen, false, spoken), held: d.held, range: this.range(d, d.seen) });
      }
      case 'set': {
        const seen = this.quantity(d.seen);
        const values = d.values.map((v) => this.enumValue(d.field, v));
        const subject = this.term(d.subject);
        if (d.single) return d.held ? this.f('set_single', { subject, seen }) : this.f('set_single_not', { subject, seen, values: values[0] });
        const list = this.lang === 'en' ? values.join(', ') : this.list(values, 'or');
        return this.f(d.held ? 'set' : 'set_not', { subject, seen, values: list });
      }
      case 'known':
        return this.f('known', { subject: this.term(d.subject), held: d.held });
      case 'flag':
        return this.f('flag', { subject: this.term(d.subject), value: d.value === null ? 'unknown' : String(d.value) });
      case 'members':
        return this.f(d.op === 'any' ? 'members_any' : 'members_all', { count: d.members.length, members: this.lang === 'en' ? d.members.join(', ') : this.list(d.members, 'and') });
      case 'no_member':
      case 'every_member':
        return this.f(d.code);
      case 'not_applicable':
        return this.f('not_applicable', { filter: d.filter ? this.shape(d.filter) : '' });
      case 'parts': {
        // "pregnant is known and pregnant: yes" says "pregnant: yes": a known-check beside a reading of the
        // same fact is a tautology.
        const shown = d.parts.filter((p) => !(p.code === 'known' && p.held && d.parts.some((q) => q !== p && 'subject' in q && sameTerm(q.subject, p.subject))));
        const texts = shown.map((p) => this.detail(p));
        return this.lang === 'en' ? texts.join(` ${d.op} `) : this.list(texts, d.op === 'and' ? 'and' : 'or');
      }
    }
  }

  /** A condition without the value seen: "age below 5 years (checkup age limit)". */
  private shape(d: Detail): string {
    switch (d.code) {
      case 'compare':
        return this.f('filter_compare', { subject: this.term(d.subject), relation: this.relation(d.op, d.threshold, d.threshold_name, true, ratioTerm(d.subject)) });
      case 'range':
        return this.f('filter_range', { subject: this.term(d.subject), range: this.range(d, d.seen) });
      case 'set':
        return this.f('filter_set', { subject: this.term(d.subject), values: this.list(d.values.map((v) => this.enumValue(d.field, v)), 'or') });
      case 'parts': {
        // "age at least 6 years and below 14 years": the subject once.
        let previous: Term | undefined;
        const texts = d.parts.map((p) => {
          const same = p.code === 'compare' && previous !== undefined && sameTerm(previous, p.subject);
          previous = 'subject' in p ? p.subject : undefined;
          return same && p.code === 'compare' ? this.relation(p.op, p.threshold, p.threshold_name, true, ratioTerm(p.subject)) : this.shape(p);
        });
        return this.list(texts, d.op === 'and' ? 'and' : 'or');
      }
      default:
        return 'subject' in d ? this.term(d.subject) : '';
    }
  }

  private relation(op: string, threshold: Quantity, name: string | undefined, held: boolean, ratio = false): string {
    // A threshold repeats a short unit ("18 years", "Bs 600"), not the "per person per month" the value showed.
    let t = ratio && typeof threshold.value === 'number' ? this.m.percent(threshold.value) : this.quantity(threshold, true);
    if (name !== undefined) t = this.f('named', { value: t, name: this.name(name) });
    const key = threshold.date ? (held ? 'op_held_date' : 'op_not_date') : held ? 'op_held' : 'op_not';
    return this.f(key, { op: OP_KEYS[op] ?? 'ne', threshold: t });
  }

  private range(r: { low?: number; high?: number; high_exclusive?: boolean; highExclusive?: boolean }, seen: Quantity): string {
    const d = { low: r.low, high: r.high, highExclusive: r.high_exclusive ?? r.highExclusive ?? false };
    const q = (v: number) => this.quantity({ ...seen, value: v }, true);
    const n = (v: number) => this.m.number(v);
    if (d.low !== undefined && d.high !== undefined) {
      return d.highExclusive ? this.f('range_from_under', { low: n(d.low), high: q(d.high) }) : this.f('range_between', { low: n(d.low), high: q(d.high) });
    }
    if (d.low !== undefined) return this.f('range_from', { low: q(d.low) });
    if (d.high !== undefined) return d.highExclusive ? this.f('range_under', { high: q(d.high) }) : this.f('range_to', { high: q(d.high) });
    return rangeText(d);
  }

  private breakdown(b: Breakdown): string {
    switch (b.kind) {
      case 'product':
        return b.factors.map((t) => this.breakdownTerm(t)).join(' × ');
      case 'sum':
        return b.terms.map((t) => this.breakdown(t)).join(' + ');
      case 'term':
        return this.breakdownTerm(b.term);
    }
  }

  private breakdownTerm(t: BreakdownTerm): string {
    let text = this.quantity(t.value);
    if (t.capped_from) return this.f('capped', { cap: text, seen: this.quantity(t.capped_from) });
    if (t.subject && t.subject.kind === 'name') text = this.f('named', { value: text, name: this.term(t.subject) });
    return text;
  }

  // ------------------------------------------------------------ values and names

  /** A value as a person reads it: "20 años", "Bs 650 por persona al mes", "R$ 91,00", "30 de junio de 2013". */
  quantity(q: Quantity, short = false): string {
    const v = q.value;
    if (v === null) return this.f('unknown_value');
    if (typeof v === 'boolean') return this.m.catalog.enums['*']?.[String(v)] ?? (v ? 'yes' : 'no');
    if (typeof v === 'string') {
      if (q.date) return this.m.date(v);
      if (q.enum_field) return this.enumValue(q.enum_field, v);
      return v;
    }
    return this.numberWithUnit(v, q.unit, q.currency, short);
  }

  private numberWithUnit(v: number, unit: Unit | undefined, currency: string | undefined, short: boolean): string {
    if (!unit) return this.m.number(v);
    const shape = this.unitShape(unit, currency);
    let head: string;
    if (shape.money !== undefined) head = this.m.currency(v, shape.money);
    else if (shape.word !== undefined) head = this.unitWord(shape.word, v);
    else if (shape.after === undefined) head = this.m.number(v);
    else head = `${this.m.number(v)} ${shape.after}`;
    return short || shape.per === '' ? head : head + shape.per;
  }

  /** How a value of `unit` is written, worked out once per unit (the same object for every value of a
   *  node): the kind of its head and the words after it ("per person per month"). */
  private unitShape(unit: Unit, currency: string | undefined): UnitShape {
    let byCurrency = this.unitShapes.get(unit);
    if (!byCurrency) this.unitShapes.set(unit, (byCurrency = new Map()));
    let shape = byCurrency.get(currency);
    if (shape) return shape;
    const num: string[] = [];
    const den: string[] = [];
    for (const k of Object.keys(unit)) {
      const e = unit[k];
      for (let i = 0; i < Math.abs(e); i++) (e > 0 ? num : den).push(k);
    }
    den.sort((a, b) => (a === 'person' ? -1 : b === 'person' ? 1 : a.localeCompare(b)));
    const money = currency ?? num.find((u) => CURRENCIES.has(u));
    const per = den.map((d) => ` ${this.m.catalog.per[d] ?? `per ${d}`}`).join('');
    if (money && num.length === 1) shape = { money, word: undefined, after: undefined, per };
    else if (num.length === 1 && !UNPRINTED.has(num[0])) shape = { money: undefined, word: num[0], after: undefined, per };
    else if (num.length === 0 || num.every((u) => UNPRINTED.has(u))) shape = { money: undefined, word: undefined, after: undefined, per };
    else shape = { money: undefined, word: undefined, after: num.join('·'), per };
    byCurrency.set(currency, shape);
    return shape;
  }
  private readonly unitShapes = new WeakMap<Unit, Map<string | undefined, UnitShape>>();

  private unitWord(unit: string, v: number): string {
    const pattern = this.m.catalog.units[unit];
    if (!pattern) return `${this.m.number(v)} ${unit}`;
    return this.m.pattern(`unit:${unit}`, pattern)({ n: v });
  }

  enumValue(field: string | undefined, value: string): string {
    const enums = this.m.catalog.enums;
    if (field) {
      const key = field.replace(/^(members|household)\./, '');
      const w = enums[key]?.[value];
      if (w) return w;
    }
    return this.lang === 'en' ? value : value.replace(/_/g, ' ');
  }

  term(t: Term): string {
    switch (t.kind) {
      case 'field':
        return this.field(t.path);
      case 'name':
        return this.name(t.name);
      case 'elapsed': {
        const since = this.term(t.since);
        if (this.lang === 'en' && !t.until && t.since.kind === 'field' && t.since.path[t.since.path.length - 1].endsWith('_since')) {
          // `years_between(household.state_resident_since, …)` → "years as state resident"
          return `${t.unit}s as ${words(t.since.path[t.since.path.length - 1].slice(0, -'_since'.length))}`;
        }
        return t.until ? this.f('elapsed_until', { unit: t.unit, since, until: this.term(t.until) }) : this.f('elapsed', { unit: t.unit, since });
      }
      case 'years_in_program':
        // The condition's label names the program; its id ("pe/juntos") is not read aloud.
        return this.f('years_in_program');
      case 'aggregate':
        return this.f('aggregate', { op: t.op });
      case 'call':
        return words(t.op);
      case 'value':
        return this.lang === 'en' ? 'the value' : this.lang === 'es' ? 'el valor' : 'o valor';
    }
  }

  field(path: readonly string[]): string {
    const key = path.join('.');
    const fields = this.m.catalog.fields;
    return fields[key] ?? fields[path[path.length - 1]] ?? words(path[path.length - 1] ?? key);
  }

  name(name: string): string {
    let w = this.names.get(name);
    if (w === undefined) {
      // A guessed first day is reported as "<parameter> from <date>" (engine/assumptions.ts).
      const dated = /^(\S+) from (\d{4}-\d{2}-\d{2})$/.exec(name);
      w = dated ? this.f('name_from', { name: this.name(dated[1]), date: this.m.date(dated[2]) }) : this.rulesetName(name) ?? this.m.catalog.names[name] ?? words(name);
      this.names.set(name, w);
    }
    return w;
  }

  // ------------------------------------------------------------ the tree's words

  label(ref: LabelRef): string {
    const l = ref.labels;
    if (!l) return ref.text;
    const template = l.byLang[this.lang] ?? l.default;
    let text = this.labelTexts.get(template);
    if (text !== undefined) return text;
    if (template.every((p) => typeof p === 'string')) text = template.join('');
    else {
      // Interpolated: the parameters' values in force on the day, with their units, in this language.
      const hit = this.templated.get(template);
      if (hit && hit.day === this.day) text = hit.text;
      else {
        text = template.map((p) => (typeof p === 'string' ? p : this.parameterText(p.param))).join('');
        this.templated.set(template, { day: this.day, text });
      }
    }
    if (this.labelTexts.size < 10_000) this.labelTexts.set(template, text); // bounded: templates made per call are not kept forever
    return text;
  }

  /** A `{name}` in a label: a parameter's value in force, or a let computed from parameters alone. */
  private parameterText(name: string): string {
    const p = this.ir.parameters.get(name);
    const l = p ? undefined : this.ir.lets?.find((x) => x.name === name);
    if (!p && !l) return name;
    const value = labelValueOn(this.ir, name, this.day);
    if (value === undefined) return this.f('unknown_value');
    const t = (p ?? l)!.type;
    if (t.kind === 'date') return this.m.date(formatIsoDate(value));
    // Short, as a threshold is said: "R$ 65,00", not "R$ 65,00 por pessoa por mês" (the label says the rest).
    return this.quantity({ value, unit: t.kind === 'number' && t.unit !== 'any' ? t.unit : undefined, currency: t.kind === 'number' ? t.currency : undefined }, true);
  }

  /** The program's title in this language. */
  title(): string {
    return this.label({ text: this.ir.title, labels: this.ir.titles });
  }

  /** An outcome value as the ruleset's translations say it ("seleccionada"); the value itself otherwise. */
  outcome(value: string): string {
    const t = this.ir.outcomeTexts?.get(value);
    return t ? this.label({ text: value, labels: t }) : value;
  }

  /** How a name reads in the ruleset's own translations (`translation es { income_limit: "…" }`). */
  private rulesetName(name: string): string | undefined {
    const ir = this.ir;
    const labels = ir.parameters?.get(name)?.labels ?? ir.tables?.get(name)?.labels ?? ir.lets?.find((l) => l.name === name)?.labels ?? ir.scores?.find((s) => s.name === name)?.labels ?? ir.components?.find((k) => k.name === name)?.labels;
    const t = labels?.byLang[this.lang];
    return t ? this.label({ text: name, labels: { default: t, byLang: {} } }) : undefined;
  }

  private fixedText(key: MessageKey): string {
    let t = this.fixed.get(key);
    if (t === undefined) this.fixed.set(key, (t = this.f(key)));
    return t;
  }
  aboutMember(): string {
    return this.fixedText('tree_about_member');
  }
  group(combinator: 'all' | 'any' | 'none'): string {
    return this.fixedText(combinator === 'all' ? 'tree_all' : combinator === 'any' ? 'tree_any' : 'tree_none');
  }
  member(id: string): string {
    return this.lang === 'en' ? `member ${id}` : id;
  }
  value(kind: 'let' | 'benefit' | 'score' | 'outcome' | 'outcome_when_eligible' | 'no_cash_benefit', name: string): string {
    switch (kind) {
      case 'let':
        return this.lang === 'en' ? name : this.name(name);
      case 'benefit':
        return this.f('tree_benefit');
      case 'no_cash_benefit':
        return this.f('tree_no_cash_benefit');
      case 'score':
        return this.f('tree_score', { name: this.lang === 'en' ? name : this.name(name) });
      case 'outcome':
        return this.f('tree_outcome');
      case 'outcome_when_eligible':
        return this.f('tree_outcome_when_eligible');
    }
  }
  termLabel(ref: LabelRef): string {
    return this.label(ref);
  }

  /** A compound test's part, from the rule alone: "year at most max primary year", "curso hasta …". */
  part(e: IrExpr): string {
    let text = this.parts.get(e.id);
    if (text === undefined) this.parts.set(e.id, (text = this.describe(e)));
    return text;
  }

  private describe(e: IrExpr): string {
    const subject = (x: IrExpr) => this.term(termOf(x));
    switch (e.kind) {
      case 'compare': {
        const r = e.right;
        const threshold = r.kind === 'param' || r.kind === 'paramValue' || r.kind === 'letRef' ? this.name(r.name)
          : r.kind === 'const' ? (typeof r.value === 'number' ? this.m.number(r.value) : String(r.value)) : subject(r);
        return this.f('filter_compare', { subject: subject(e.left), relation: this.f('op_held', { op: OP_KEYS[e.op], threshold }) });
      }
      case 'inRange':
        return this.f('filter_range', { subject: subject(e.value), range: this.range(e, { value: null }) });
      case 'inSet': {
        const field = e.value.type.kind === 'enum' ? e.value.type.field : undefined;
        return this.f('filter_set', { subject: subject(e.value), values: this.list(e.values.map((v) => this.enumValue(field, v)), 'or') });
      }
      case 'isKnown':
        return this.f('known', { subject: subject(e.value), held: !e.negated });
      case 'logic':
        return this.list([this.describe(e.left), this.describe(e.right)], e.op === 'and' ? 'and' : 'or');
      default:
        return subject(e);
    }
  }
}


/** What a reason's text depends on besides the ruleset and the day, as a key; undefined when it names
 *  facts or amounts (those vary too much to be worth keeping). */
function reasonKey(r: Reason): string | undefined {
  switch (r.code) {
    case 'met':
    case 'not_met':
    case 'must_not_hold':
    case 'does_not_hold':
      return `${r.code}|${r.node}|${r.detail ? detailKey(r.detail) : ''}`;
    case 'none_of_alternatives':
    case 'alternative_met': {
      let k = `${r.code}|${r.node}`;
      for (const i of r.items) {
        const ik = reasonKey(i);
        if (ik === undefined) return undefined;
        k += `[${ik}]`;
      }
      return k;
    }
    case 'no_cash_benefit':
      return r.code;
    default:
      return undefined;
  }
}

function detailKey(d: Detail): string {
  switch (d.code) {
    case 'compare':
      return `c${d.node}${d.held ? 't' : 'f'}${d.repeat ? 'r' : ''}${d.seen.value}|${d.threshold.value}`;
    case 'range':
    case 'set':
      return `${d.code}${d.node}${d.held ? 't' : 'f'}${d.seen.value}`;
    case 'known':
      return `k${d.node}${d.held}`;
    case 'flag':
      return `f${d.node}${d.value}`;
    case 'members':
      return `m${d.node}${d.op}${d.members.join('\u0000')}`;
    case 'no_member':
    case 'every_member':
    case 'not_applicable':
      return `${d.code}${d.node}`;
    case 'parts':
      return `p${d.node}(${d.parts.map(detailKey).join(',')})`;
  }
}

/** A share or rate (school attendance 0.85, a community's share of JUNTOS households): said as a percentage. */
function ratioTerm(t: Term): boolean {
  if (t.kind !== 'field') return false;
  const last = t.path[t.path.length - 1] ?? '';
  return last.endsWith('_rate') || last.endsWith('_share');
}

function sameTerm(a: Term, b: Term): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'field' && b.kind === 'field') return a.path.join('.') === b.path.join('.');
  if (a.kind === 'name' && b.kind === 'name') return a.name === b.name;
  return false;
}

const wordings = new Map<string, string>();
/** `per_capita_income` → "per capita income". */
export function words(name: string): string {
  let w = wordings.get(name);
  if (w === undefined) wordings.set(name, (w = name.replace(/_/g, ' ')));
  return w;
}

const renderers = new WeakMap<IrRuleset, Partial<Record<Lang, Renderer>>>();

/** The renderer of a ruleset in a language, made once. */
export function rendererFor(ir: IrRuleset, lang: Lang): Renderer {
  let byLang = renderers.get(ir);
  if (!byLang) renderers.set(ir, (byLang = {}));
  return (byLang[lang] ??= new Renderer(ir, lang));
}
