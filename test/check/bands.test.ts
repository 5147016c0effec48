import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseBands, type BandRow } from '../../dsl/check/bands';

const r = (low: string | undefined, high: string | undefined, highExclusive = false): BandRow => ({ low, high, highExclusive });

describe('analyseBands', () => {
  it('finds the gaps and the overlap of Bolsa Escola column C at centavo granularity', () => {
    const a = analyseBands([r('0', '16'), r('17', '32'), r('33', '48'), r('48', '65'), r('66', undefined)], '0.01');
    expect(a.gaps.map((g) => [g.from, g.to, g.witness])).toEqual([
      ['16.01', '16.99', '16.5'], ['32.01', '32.99', '32.5'], ['65.01', '65.99', '65.5'],
    ]);
    expect(a.overlaps).toEqual([{ rows: [2, 3], from: '48', to: '48', witness: '48' }]);
    expect(a.uncovered).toEqual([]);
  });
  it('sees no gap between whole-number bands at granularity 1', () => {
    const a = analyseBands([r('0', '16'), r('17', '32'), r('33', '47'), r('48', undefined)]);
    expect(a).toEqual({ gaps: [], overlaps: [], uncovered: [], empty: [] });
  });
  it('treats `a..<b` as stopping one grid step before b', () => {
    expect(analyseBands([r('0', '17', true), r('17', '33', true), r('33', undefined)], '0.01').gaps).toEqual([]);
    expect(analyseBands([r('0', '10', true), r('10', '20')], '0.5').overlaps).toEqual([]);
  });
  it('reports values below the lowest band (from 0) and above a bounded highest band', () => {
    const a = analyseBands([r('7', '14')]);
    expect(a.uncovered).toEqual([
      { side: 'below', witness: '6', bound: '7', row: 0 },
      { side: 'above', witness: '15', bound: '14', row: 0 },
    ]);
    expect(analyseBands([r(undefined, '25'), r('26', undefined)]).uncovered).toEqual([]);
  });
  it('handles single-number rows and rows out of order', () => {
    const a = analyseBands([r('3', '3'), r('1', '1'), r('2', '2'), r('5', '5')]);
    expect(a.gaps.map((g) => g.witness)).toEqual(['4']);
    expect(a.gaps[0]).toMatchObject({ before: 0, after: 3 });
    expect(a.uncovered.map((u) => u.witness)).toEqual(['0', '6']);
  });
  it('marks rows that contain no grid value', () => {
    expect(analyseBands([r('0.005', '0.005'), r('0', '1')], '0.01').empty).toEqual([0]);
    expect(analyseBands([r('5', '5', true)]).empty).toEqual([0]);
  });
  it('finds overlaps with open-ended rows', () => {
    const a = analyseBands([r(undefined, '10'), r(undefined, '5'), r('8', undefined), r('20', undefined)]);
    expect(a.overlaps.map((o) => [o.rows, o.witness])).toEqual([
      [[0, 1], '5'], [[0, 2], '8'], [[2, 3], '20'],
    ]);
  });
  it('uses exact decimals: no float drift at 0.1 steps', () => {
    // 0.1 + 0.2 != 0.3 in floating point; on the exact grid the rows meet without a gap.
    const a = analyseBands([r('0', '0.2'), r('0.3', '0.6'), r('0.7', undefined)], '0.1');
    expect(a.gaps).toEqual([]);
    expect(a.overlaps).toEqual([]);
  });

  // For random integer ranges at granularity 1: every gap witness is covered by no row, every overlap
  // witness by two rows or more, and with neither reported every integer from the lowest to the highest
  // bound is covered by exactly one row.
  it('property: witnesses are right and silence means an exact partition', () => {
    const rowArb = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), fc.boolean())
      .map(([lo, len, excl]) => ({ lo, hi: lo + len, excl: excl && len > 0 }));
    fc.assert(fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), (ranges) => {
      const rows = ranges.map((x) => r(String(x.lo), String(x.hi), x.excl));
      const covers = (v: number) => ranges.filter((x) => v >= x.lo && (x.excl ? v < x.hi : v <= x.hi)).length;
      const a = analyseBands(rows);
      for (const g of a.gaps) {
        expect(covers(Number(g.witness))).toBe(0);
        for (let v = Number(g.from); v <= Number(g.to); v++) expect(covers(v)).toBe(0);
      }
      for (const o of a.overlaps) expect(covers(Number(o.witness))).toBeGreaterThanOrEqual(2);
      for (const u of a.uncovered) expect(covers(Number(u.witness))).toBe(0);
      if (a.gaps.length === 0 && a.overlaps.length === 0) {
        const min = Math.min(...ranges.map((x) => x.lo));
        const max = Math.max(...ranges.map((x) => (x.excl ? x.hi - 1 : x.hi)));
        for (let v = min; v <= max; v++) expect(covers(v)).toBe(1);
      }
    }), { numRuns: 500 });
  });
});
