// Every sentence the counterfactual analysis says, as a message code with arguments and its English text.
// Kept in this one module so a renderer with other catalogues (es, pt) can take the codes and arguments
// and render them itself: arguments are plain values (numbers unformatted, with their unit and currency).
import { spokenFigure } from '../render/spoken-money';
import type { CounterfactualMessage } from './types';

const SYMBOLS: Record<string, string> = { BRL: 'R$', BOB: 'Bs', PEN: 'S/', USD: 'US$' };

/** 164 → "164", 0.96 → "0.96", 1234.5 → "1,234.50" (money), 0.85 → "0.85"; money to the cent unless
 *  `decimals` allows more (a margin said to the cent only where the cent keeps its side). */
function number(x: number, money: boolean, decimals = 2): string {
  const whole = Number.isInteger(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: money && !whole ? 2 : 0, maximumFractionDigits: money ? decimals : 6 });
}

const IRREGULAR: Record<string, string> = { person: 'people', kWh: 'kWh', km: 'km' };
function plural(unit: string): string {
  return IRREGULAR[unit] ?? `${unit}s`;
}

/** A quantity in its unit: "R$ 164 a month", "Bs 0.96", "70 kWh a month", "0.85". */
export function quantity(value: number, unit: string, decimals = 2): string {
  const parts = unit.split(' per ');
  const head = parts[0];
  const per = parts.slice(1);
  const symbol = SYMBOLS[head];
  const text = symbol ? `${symbol} ${number(value, true, decimals)}` : head && head !== 'number' ? `${number(value, false)} ${value === 1 ? head : plural(head)}` : number(value, false);
  return [text, ...per.map((p) => (p === 'month' || p === 'year' ? `a ${p}` : `per ${p}`))].join(' ');
}

/** "/monthly_income" → "the household's monthly income"; "/members/1/enrollment/attendance_rate" with
 *  member id "b" → "member b's enrollment attendance rate". */
export function factName(pointer: string, memberId: (index: number) => string): string {
  const s = pointer.split('/').slice(1);
  const words = (xs: string[]) => xs.map((x) => x.replace(/_/g, ' ')).join(' ');
  if (s[0] === 'members' && s.length > 2) return `member ${memberId(Number(s[1]))}'s ${words(s.slice(2))}`;
  return `the household's ${words(s)}`;
}

function value(v: unknown, unit: string | undefined): string {
  if (v === undefined || v === null) return 'unknown';
  if (typeof v === 'number') return quantity(v, unit ?? '');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v).replace(/_/g, ' ');
}

type Args = Record<string, string | number>;

const q = (v: string | number, unit: string | number) => quantity(Number(v), String(unit));
/** How far a computed figure is from its threshold, to the cent where the cent keeps it on its side
 *  ("Bs 0.17 over"), with the further decimals it needs otherwise ("Bs 0.003", never "Bs 0.00 over"), as
 *  the reasons and the other languages say it (engine/render/spoken-money.ts). */
const gap = (v: string | number, unit: string | number) => {
  const x = Number(v);
  return quantity(spokenFigure(x, (s) => Math.sign(s) === Math.sign(x)), String(unit), 6);
};

/** The English catalogue. `{x}` is an argument; the `*_q` arguments are formatted with `unit`. */
const ENGLISH: Record<string, (a: Args) => string> = {
  'margin.keep.up': (a) => `${a.fact} could rise by ${q(a.by, a.unit)} (to ${q(a.limit, a.unit)}) and the subject would stay eligible`,
  'margin.keep.down': (a) => `${a.fact} could fall by ${q(a.by, a.unit)} (to ${q(a.limit, a.unit)}) and the subject would stay eligible`,
  'margin.keep.up.via': (a) => `${a.fact} could rise by ${q(a.by, a.unit)} and the subject would stay eligible: ${a.quantity} is ${gap(a.quantity_by, a.quantity_unit)} ${a.side} ${a.threshold}`,
  'margin.keep.down.via': (a) => `${a.fact} could fall by ${q(a.by, a.unit)} and the subject would stay eligible: ${a.quantity} is ${gap(a.quantity_by, a.quantity_unit)} ${a.side} ${a.threshold}`,
  'margin.edge.up': (a) => `${a.fact} is at the limit (${q(a.limit, a.unit)}): at ${q(a.flips_at, a.unit)} the subject would no longer be eligible`,
  'margin.edge.down': (a) => `${a.fact} is at the limit (${q(a.limit, a.unit)}): at ${q(a.flips_at, a.unit)} the subject would no longer be eligible`,
  'margin.reach.up': (a) => `${a.fact} would have to rise by ${q(a.to_flip, a.unit)} (to ${q(a.flips_at, a.unit)}) for the decision to change`,
  'margin.reach.down': (a) => `${a.fact} would have to fall by ${q(a.to_flip, a.unit)} (to ${q(a.flips_at, a.unit)}) for the decision to change`,
  'margin.reach.up.via': (a) => `${a.fact} would have to rise by ${q(a.to_flip, a.unit)} for the decision to change: ${a.quantity} is ${gap(a.quantity_by, a.quantity_unit)} ${a.side} ${a.threshold}`,
  'margin.reach.down.via': (a) => `${a.fact} would have to fall by ${q(a.to_flip, a.unit)} for the decision to change: ${a.quantity} is ${gap(a.quantity_by, a.quantity_unit)} ${a.side} ${a.threshold}`,
  'flip.number': (a) => `eligible if ${a.fact} were ${value(Number(a.to), String(a.unit))} (now ${value(Number(a.from), String(a.unit))})`,
  'flip.value': (a) => `eligible if ${a.fact} were ${a.to} (now ${a.from})`,
  'flip.fill': (a) => `eligible if ${a.fact} were known to be ${a.to}`,
  'flip.fill.range': (a) => `eligible if ${a.fact} were known to be between ${value(Number(a.low), String(a.unit))} and ${value(Number(a.high), String(a.unit))}`,
  'flip.pair': (a) => `eligible if ${a.first} and ${a.second}`,
  'date.from': (a) => `eligible from ${a.date}${a.because ? `, ${a.because}` : ''}`,
  'date.until': (a) => `eligible until ${a.last}; not from ${a.date}${a.because ? `, ${a.because}` : ''}`,
  'date.changes': (a) => `the decision changes on ${a.date}${a.because ? `, ${a.because}` : ''}`,
  'population.within': (a) => `${Number(a.near).toLocaleString('en-US')} ${a.noun} are within ${a.within} of ${a.threshold} (${a.quantity}): ${Number(a.meeting).toLocaleString('en-US')} meeting it, ${Number(a.failing).toLocaleString('en-US')} not`,
  'because.birthday': (a) => `when member ${a.member} turns ${a.age}`,
  'because.parameter': (a) => `when ${a.parameter} changes`,
  'because.program': (a) => `when the program ${a.event}`,
  'because.residency': (a) => `when the household reaches ${a.years} years of residence`,
};

export function message(code: string, args: Args): CounterfactualMessage {
  const render = ENGLISH[code];
  if (!render) throw new Error(`internal: no message ${code}`);
  return { code, args, text: render(args) };
}

/** A change as a clause for pair flips: "the household's area were urban". */
export function changeClause(fact: string, from: unknown, to: unknown, unit: string | undefined): string {
  return from === undefined || from === null ? `${fact} were known to be ${value(to, unit)}` : `${fact} were ${value(to, unit)} (now ${value(from, unit)})`;
}

export function valueText(v: unknown, unit: string | undefined): string {
  return value(v, unit);
}
