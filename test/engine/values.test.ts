import { describe, expect, it } from 'vitest';
import { ageFromIsoDate, canon, formatIsoDate, monthsBetween, parseIsoDate, roundTo, yearsBetween, ymdOf } from '../../engine/values';

const d = (s: string) => parseIsoDate(s)!;

describe('exact decimals', () => {
  it('equal decimals are equal doubles', () => {
    expect(canon(0.7 * 130)).toBe(91);
    expect(canon(200 / 4)).toBe(50);
    expect(canon(0.1 + 0.2)).toBe(0.3);
    expect(canon(364 / 4)).toBe(91);
    expect(canon(364 / 4)! <= 91).toBe(true);
    expect(canon(1.1 * 1.1)).toBe(1.21);
    expect(canon(22.42 + 50 * 0.065)).toBe(25.67);
  });
  it('keeps at most 6 places, rounding half away from zero', () => {
    expect(canon(1 / 3)).toBe(0.333333);
    expect(canon(2 / 3)).toBe(0.666667);
    expect(canon(-2 / 3)).toBe(-0.666667);
    expect(canon(0.0000005)).toBe(0.000001);
    expect(canon(-0.0000005)).toBe(-0.000001);
    expect(canon(2.5e-7)).toBe(0);
  });
  it('never yields -0 or non-finite numbers', () => {
    expect(Object.is(canon(-1e-9), 0)).toBe(true);
    expect(Object.is(canon(-0), 0)).toBe(true);
    expect(canon(1 / 0)).toBeUndefined();
    expect(canon(NaN)).toBeUndefined();
  });
  it('round(x, places) rounds half away from zero', () => {
    expect(roundTo(2.5)).toBe(3);
    expect(roundTo(-2.5)).toBe(-3);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(1234.5678, 2)).toBe(1234.57);
    expect(roundTo(1.5, 0.5)).toBeUndefined();
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(1250, -2)).toBe(1300);
    expect(roundTo(0.1234565, 9)).toBe(0.123457);
  });
});

describe('dates', () => {
  it('parses and prints ISO dates as day numbers', () => {
    expect(d('1970-01-01')).toBe(0);
    expect(d('1970-01-02')).toBe(1);
    expect(formatIsoDate(d('2013-06-30'))).toBe('2013-06-30');
    expect(parseIsoDate('2013-02-29')).toBeUndefined();
    expect(parseIsoDate('2012-02-29')).toBe(d('2012-02-29'));
    expect(parseIsoDate('2013-6-30')).toBeUndefined();
    expect(parseIsoDate('2013-06-3x')).toBeUndefined();
    expect(parseIsoDate('2013/06/30')).toBeUndefined();
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
    expect(parseIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 864e5);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
  });
  it('counts whole years with birthday semantics', () => {
    expect(yearsBetween(d('1991-06-30'), d('2013-06-30'))).toBe(22);
    expect(yearsBetween(d('1991-07-01'), d('2013-06-30'))).toBe(21);
    expect(yearsBetween(d('1991-06-29'), d('2013-06-30'))).toBe(22);
    expect(yearsBetween(d('2013-06-30'), d('2013-06-30'))).toBe(0);
  });
  it('a Feb 29 birthday is reached on Mar 1 in non-leap years', () => {
    expect(yearsBetween(d('2000-02-29'), d('2001-02-28'))).toBe(0);
    expect(yearsBetween(d('2000-02-29'), d('2001-03-01'))).toBe(1);
    expect(yearsBetween(d('2000-02-29'), d('2004-02-28'))).toBe(3);
    expect(yearsBetween(d('2000-02-29'), d('2004-02-29'))).toBe(4);
  });
  it('ageFromIsoDate agrees with yearsBetween, before and after birth', () => {
    for (const [b, on] of [['1991-06-30', '2013-06-30'], ['1991-07-01', '2013-06-30'], ['2000-02-29', '2001-03-01'], ['2000-02-29', '2001-02-28'], ['2020-05-05', '2013-06-30'], ['2013-07-01', '2013-06-30']]) {
      expect(ageFromIsoDate(b, d(on))).toBe(yearsBetween(d(b), d(on)));
    }
    expect(ageFromIsoDate('2013-02-29', d('2014-01-01'))).toBeUndefined();
  });
  it('a date less than a year (a month) ahead is 0 years (months), not -0: a reason would say "-0 years"', () => {
    expect(yearsBetween(d('2013-07-01'), d('2013-06-30'))).toBe(0);
    expect(monthsBetween(d('2013-07-01'), d('2013-06-30'))).toBe(0);
    expect(ageFromIsoDate('2013-07-01', d('2013-06-30'))).toBe(0);
  });
  it('counts whole months', () => {
    expect(monthsBetween(d('2013-01-15'), d('2013-02-14'))).toBe(0);
    expect(monthsBetween(d('2013-01-15'), d('2013-02-15'))).toBe(1);
    expect(monthsBetween(d('2013-01-31'), d('2013-02-28'))).toBe(0);
    expect(monthsBetween(d('2013-01-31'), d('2013-03-01'))).toBe(1);
    expect(monthsBetween(d('2012-11-15'), d('2013-06-30'))).toBe(7);
    expect(monthsBetween(d('2013-06-30'), d('2012-11-15'))).toBe(-7);
  });
});

describe('calendar arithmetic', () => {
  it('agrees with Date on every day from 1900 to 2100', () => {
    const start = parseIsoDate('1900-01-01')!;
    const end = parseIsoDate('2100-12-31')!;
    for (let day = start; day <= end; day += 1) {
      const iso = formatIsoDate(day);
      expect(parseIsoDate(iso)).toBe(day);
      const { y, m, d } = ymdOf(day);
      expect(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).toBe(iso);
      if (day % 97 === 0) expect(yearsBetween(start, day)).toBe(Number(iso.slice(0, 4)) - 1900);
    }
  });
});
