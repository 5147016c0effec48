import { describe, expect, it } from 'vitest';
import type { Name, UnitExpr } from '../../dsl/ast';
import {
  canonicalUnitName, currenciesOf, divideUnits, formatUnit, isCurrencyMismatch, multiplyUnits, unitFromExpr, unitsEqual,
} from '../../dsl/check/units';

const R = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const name = (text: string): Name => ({ kind: 'Name', id: 0, range: R, text });
const unit = (num: string[], den: string[] = []): UnitExpr => ({ kind: 'UnitExpr', id: 0, range: R, numerator: num.map(name), denominators: den.map(name) });
const parse = (num: string[], den: string[] = []) => {
  const unknown: string[] = [];
  const u = unitFromExpr(unit(num, den), (n) => unknown.push(n.text));
  return { u, unknown };
};

describe('units', () => {
  it('parses `BOB per person per month` into exponents', () => {
    expect(parse(['BOB'], ['person', 'month']).u).toEqual({ BOB: 1, person: -1, month: -1 });
  });
  it('treats `number` as dimensionless', () => {
    expect(parse([]).u).toEqual({});
    expect(parse(['number']).u).toEqual({});
    expect(parse(['number'], ['month']).u).toEqual({ month: -1 });
  });
  it('accepts plurals and maps them to the singular', () => {
    expect(canonicalUnitName('years')).toBe('year');
    expect(canonicalUnitName('persons')).toBe('person');
    expect(canonicalUnitName('people')).toBe('person');
    expect(canonicalUnitName('points')).toBe('point');
    expect(canonicalUnitName('checkups')).toBe('checkup');
    expect(canonicalUnitName('rooms')).toBe('room');
    expect(canonicalUnitName('months')).toBe('month');
    expect(canonicalUnitName('days')).toBe('day');
    expect(parse(['checkups'], ['years']).u).toEqual({ checkup: 1, year: -1 });
  });
  it('reports unknown unit names and gives no unit', () => {
    const r = parse(['BOB'], ['mnth']);
    expect(r.u).toBeUndefined();
    expect(r.unknown).toEqual(['mnth']);
    expect(canonicalUnitName('kwh')).toBeUndefined(); // case matters: kWh
  });
  it('repeated denominators add up; cancelling units disappear', () => {
    expect(parse([], ['month', 'month']).u).toEqual({ month: -2 });
    expect(parse(['month'], ['months']).u).toEqual({});
  });
  it('multiplies and divides by combining exponents', () => {
    const perCapita = divideUnits({ BOB: 1, month: -1 }, { person: 1 });
    expect(perCapita).toEqual({ BOB: 1, month: -1, person: -1 });
    expect(multiplyUnits(perCapita, { person: 1 })).toEqual({ BOB: 1, month: -1 });
    expect(divideUnits({ kWh: 1 }, { kWh: 1 })).toEqual({});
  });
  it('compares units regardless of key order', () => {
    expect(unitsEqual({ BOB: 1, month: -1 }, { month: -1, BOB: 1 })).toBe(true);
    expect(unitsEqual({ BOB: 1, month: -1 }, { BOB: 1, year: -1 })).toBe(false);
    expect(unitsEqual({}, {})).toBe(true);
  });
  it('prints units the way they are written', () => {
    expect(formatUnit({ month: -1, person: -1, BOB: 1 })).toBe('BOB per person per month');
    expect(formatUnit({ kWh: 1, month: -1 })).toBe('kWh per month');
    expect(formatUnit({})).toBe('number');
    expect(formatUnit({ month: -1 })).toBe('number per month');
    expect(formatUnit({ year: 2 })).toBe('year·year');
  });
  it('tells a currency mismatch from another unit mismatch', () => {
    expect(isCurrencyMismatch({ BRL: 1, month: -1 }, { BOB: 1, month: -1 })).toBe(true);
    expect(isCurrencyMismatch({ kWh: 1, month: -1 }, { BOB: 1, month: -1 })).toBe(false);
    expect(isCurrencyMismatch({ BOB: 1, year: -1 }, { BOB: 1, month: -1 })).toBe(false);
    expect(currenciesOf({ PEN: 1, bimonth: -1 })).toEqual(['PEN']);
  });
});
