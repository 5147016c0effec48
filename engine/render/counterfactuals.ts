// The counterfactual analysis's sentences (engine/counterfactuals/: margins, nearest flips, the next date
// a decision changes) in one language, from what each result is made of — the fact's pointer, its unit,
// the values before and after, the message code — never from the English text. The analysis keeps its
// English `text` (engine/counterfactuals/messages.ts) for callers that chose no language; a response in a
// chosen language gets its `message.text` rewritten here, so `elig eval --why-not --lang es`, the API's
// `counterfactuals: true` with `lang` and the editor's flips panel say the same sentences.
import { spokenFigure } from './spoken-money';
import type { CounterfactualMessage, DateChange, FactChange, Flip, Margin } from '../counterfactuals/types';
import type { DecisionCounterfactuals } from '../decision';
import { missingFacts } from '../explain/facts';
import type { Quantity } from '../explain/types';
import type { MessageKey } from './catalog/types';
import type { Renderer } from './render';
import { fromMicros, toMicros } from '../values';
import { unitOf } from './report';

type Members = readonly Record<string, unknown>[];
const CURRENCIES = new Set(['BOB', 'BRL', 'PEN', 'USD', 'EUR']);

/** The sentences of one decision's counterfactuals, written into each `message.text` (and each reason of
 *  `next.because`). Returns the same object. */
export function sayCounterfactuals(c: DecisionCounterfactuals, w: Renderer, members: Members): DecisionCounterfactuals {
  const say = new CounterfactualWords(w, members);
  for (const m of c.margins) m.message = { ...m.message, text: say.margin(m) };
  for (const f of c.flips) f.message = { ...f.message, text: say.flip(f) };
  if (c.next) {
    c.next.because = c.next.because.map((b) => ({ ...b, text: say.because(b) }));
    c.next.message = { ...c.next.message, text: say.next(c.next) };
  }
  return c;
}

export class CounterfactualWords {
  constructor(readonly w: Renderer, private readonly members: Members) {}

  private f(key: MessageKey, args: Record<string, string | number | boolean>): string {
    return this.w.m.format(key, args);
  }

  /** "k's school attendance", "asistencia escolar de k", "a frequência escolar de k". */
  fact(pointer: string): string {
    const [fact] = missingFacts([pointer], this.members);
    return this.w.fact(fact!);
  }

  /** A number in the fact's unit as written in rules ("BRL per person per month"): "R$ 0,01 por pessoa por mês". */
  amount(value: number, unit: string | undefined, short = false, pointer?: string, spoken?: (v: number) => number): string {
    // A share or rate (school attendance 0.85) is said as a percentage, as the reasons say it.
    if (!unit && pointer && /_(rate|share)$/.test(pointer)) return this.w.m.percent(value);
    const u = unit ? unitOf(unit) : undefined;
    const currency = u && Object.keys(u).find((k) => CURRENCIES.has(k) && u[k] === 1);
    return this.w.quantity({ value: currency && spoken ? spoken(value) : value, unit: u, currency } as Quantity, short);
  }

  /** A value a change sets a fact to: a number in its unit, an enum value in words, yes/no. */
  value(pointer: string, v: unknown, unit: string | undefined): string {
    if (v === null || v === undefined) return this.f('unknown_value', {});
    if (typeof v === 'number') return this.amount(v, unit, false, pointer);
    if (typeof v === 'boolean') return this.w.quantity({ value: v });
    return this.w.enumValue(this.field(pointer), String(v));
  }

  private field(pointer: string): string {
    const [fact] = missingFacts([pointer], this.members);
    return `${fact!.member ? 'members' : 'household'}.${fact!.field.join('.')}`;
  }

  margin(m: Margin): string {
    const reach = m.message.code.startsWith('margin.reach');
    const fact = this.fact(m.fact);
    if (m.message.code.startsWith('margin.edge')) {
      return this.f('cf_margin_edge', { fact, direction: m.direction, to: this.amount(m.limit, m.unit, false, m.fact), flips: this.amount(m.flipsAt, m.unit, false, m.fact) });
    }
    // An eligible subject keeps its decision up to `limit`; an ineligible one reaches the flip at `flipsAt`.
    const by = this.amount(reach ? Math.abs(fromMicros(toMicros(m.flipsAt) - toMicros(m.value))!) : m.by, m.unit, false, m.fact);
    const to = this.amount(reach ? m.flipsAt : m.limit, m.unit, false, m.fact);
    if (m.via) {
      const v = m.via;
      const side = v.value < v.threshold.value ? 'under' : v.value > v.threshold.value ? 'over' : 'at';
      return this.f(reach ? 'cf_margin_reach_via' : 'cf_margin_keep_via', {
        fact, direction: m.direction, by, quantity: this.w.name(v.quantity), // How far a computed figure is from its threshold, to the cent where that keeps it off the threshold
        // (spoken-money.ts): "Bs 0,17 por encima", not "Bs 0,166667"; never "Bs 0,00 por encima".
        quantity_by: this.amount(v.by, v.unit, false, undefined, (x) => spokenFigure(x, (s) => Math.sign(s) === Math.sign(x))), side,
        threshold_value: this.amount(v.threshold.value, v.unit, true), named: v.threshold.name !== undefined, threshold: v.threshold.name ? this.w.name(v.threshold.name) : '',
      });
    }
    return this.f(reach ? 'cf_margin_reach' : 'cf_margin_keep', { fact, direction: m.direction, by, to });
  }

  private change(c: FactChange): string {
    const fact = this.fact(c.fact);
    const to = this.value(c.fact, c.to, c.unit);
    return c.from === null || c.from === undefined
      ? this.f('cf_change_fill', { fact, to })
      : this.f('cf_change', { fact, to, from: this.value(c.fact, c.from, c.unit) });
  }

  flip(f: Flip): string {
    const code = f.message.code;
    if (code === 'flip.pair' && f.changes.length === 2) return this.f('cf_flip_pair', { first: this.change(f.changes[0]!), second: this.change(f.changes[1]!) });
    const c = f.changes[0]!;
    if (code === 'flip.fill.range') {
      const a = f.message.args;
      const unit = String(a.unit ?? c.unit ?? '');
      return this.f('cf_flip_fill_range', { fact: this.fact(c.fact), low: this.amount(Number(a.low), unit, false, c.fact), high: this.amount(Number(a.high), unit, false, c.fact) });
    }
    return this.f('cf_flip', { change: this.change(c) });
  }

  because(b: CounterfactualMessage): string {
    const a = b.args;
    switch (b.code) {
      case 'because.birthday':
        return this.f('cf_because_birthday', { member: String(a.member), age: Number(a.age) });
      case 'because.parameter':
        return this.f('cf_because_parameter', { parameter: this.w.name(String(a.parameter)) });
      case 'because.program':
        return this.f('cf_because_program', { event: String(a.event) });
      case 'because.residency':
        return this.f('cf_because_residency', { years: Number(a.years) });
      default:
        return b.text;
    }
  }

  next(n: DateChange): string {
    const key: MessageKey = n.message.code === 'date.from' ? 'cf_date_from' : n.message.code === 'date.until' ? 'cf_date_until' : 'cf_date_changes';
    const day = Date.parse(`${n.date}T00:00:00Z`);
    const last = new Date(day - 86_400_000).toISOString().slice(0, 10);
    const sentence = this.f(key, { date: this.w.m.date(n.date), last: this.w.m.date(last) });
    if (!n.because.length) return sentence;
    // Several parameters changing on one day are one clause: "when new values of A and B come into force".
    const params = n.because.filter((b) => b.code === 'because.parameter');
    const clauses = n.because.filter((b) => b.code !== 'because.parameter').map((b) => this.because(b));
    if (params.length === 1) clauses.push(this.because(params[0]!));
    if (params.length > 1) clauses.push(this.f('cf_because_parameters', { parameters: this.w.m.list(params.map((b) => this.w.name(String(b.args.parameter))), 'and') }));
    return this.f('cf_because', { sentence, because: this.w.m.list(clauses, 'and') });
  }
}
