// Units as base-unit exponents: parsing a written unit, arithmetic on units, equality, and printing a
// unit back the way a policy designer writes it ("BOB per person per month").
import type { Name, UnitExpr } from '../ast';
import type { Unit } from './types';

export const CURRENCIES = ['BRL', 'BOB', 'PEN', 'USD'] as const;

/** Canonical base units, in the order they are printed (money first, then quantities, then time). */
export const BASE_UNITS = [
  ...CURRENCIES, 'kWh', 'point', 'checkup', 'room', 'km', 'grade', 'person', 'year', 'month', 'bimonth', 'day',
] as const;

/** Plurals and synonyms people write; each maps to its canonical singular. */
const ALIASES: Record<string, string> = {
  years: 'year', persons: 'person', people: 'person', points: 'point', checkups: 'checkup', rooms: 'room',
  months: 'month', days: 'day', bimonths: 'bimonth', grades: 'grade',
};

export const DIMENSIONLESS: Unit = Object.freeze({});

/** `"years"` → `"year"`; `"number"` → `""` (dimensionless); undefined when unknown. */
export function canonicalUnitName(name: string): string | undefined {
  if (name === 'number') return '';
  if ((BASE_UNITS as readonly string[]).includes(name)) return name;
  return ALIASES[name];
}

/** Every spelling accepted, for "did you mean" on an unknown unit. */
export function knownUnitSpellings(): string[] {
  return [...BASE_UNITS, ...Object.keys(ALIASES), 'number'];
}

/** Parses a written unit; unknown names are passed to `onUnknown` and make the result undefined. */
export function unitFromExpr(expr: UnitExpr, onUnknown: (name: Name) => void): Unit | undefined {
  const exps: Record<string, number> = {};
  let ok = true;
  const add = (names: readonly Name[] | undefined, sign: number) => {
    for (const n of names ?? []) {
      if (!n || typeof n.text !== 'string') continue; // partial AST after a syntax error
      const c = canonicalUnitName(n.text);
      if (c === undefined) {
        onUnknown(n);
        ok = false;
      } else if (c !== '') {
        exps[c] = (exps[c] ?? 0) + sign;
      }
    }
  };
  add(expr.numerator, 1);
  add(expr.denominators, -1);
  return ok ? normalise(exps) : undefined;
}

function normalise(exps: Record<string, number>): Unit {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(exps)) if (v !== 0) out[k] = v;
  return Object.freeze(out);
}

export function unitFromRecord(exps: Record<string, number>): Unit {
  return normalise(exps);
}

export function multiplyUnits(a: Unit, b: Unit): Unit {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return normalise(out);
}

export function divideUnits(a: Unit, b: Unit): Unit {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) - v;
  return normalise(out);
}

export function unitsEqual(a: Unit, b: Unit): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== 0);
  const kb = Object.keys(b).filter((k) => b[k] !== 0);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

export function isDimensionless(u: Unit): boolean {
  return Object.values(u).every((v) => v === 0);
}

/** The currencies a unit mentions, e.g. ["BOB"] for BOB per month. */
export function currenciesOf(u: Unit): string[] {
  return CURRENCIES.filter((c) => (u[c] ?? 0) !== 0);
}

/** True when both units carry money but in different currencies: a currency mismatch, not a unit one. */
export function isCurrencyMismatch(a: Unit, b: Unit): boolean {
  const ca = currenciesOf(a);
  const cb = currenciesOf(b);
  return ca.length > 0 && cb.length > 0 && ca.join() !== cb.join();
}

function order(k: string): number {
  const i = (BASE_UNITS as readonly string[]).indexOf(k);
  return i < 0 ? BASE_UNITS.length : i;
}

/** { BOB: 1, person: -1, month: -1 } → "BOB per person per month"; {} → "number". Products print with
 *  "·" (the language has no syntax for them; they only appear in messages about `*`). */
export function formatUnit(u: Unit): string {
  const keys = Object.keys(u).filter((k) => u[k] !== 0).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const num: string[] = [];
  const den: string[] = [];
  for (const k of keys) {
    const e = u[k];
    for (let i = 0; i < Math.abs(e); i++) (e > 0 ? num : den).push(k);
  }
  const head = num.length ? num.join('·') : 'number';
  return [head, ...den.map((d) => `per ${d}`)].join(' ');
}
