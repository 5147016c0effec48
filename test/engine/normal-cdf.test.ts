import { describe, expect, it } from 'vitest';
import { normalCdf, normalCdfRaw } from '../../engine/values';

// Reference values of Φ (computed with high-precision erfc).
const KNOWN: [number, number][] = [
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145707],
  [1.96, 0.9750021048517795],
  [2.5, 0.9937903346742238],
  [3, 0.9986501019683699],
  [-3, 0.0013498980316301035],
  [-5, 2.866515718791939e-7],
  [6, 0.9999999990134123],
  [-8, 6.220960574271784e-16],
];

describe('normal_cdf', () => {
  it.each(KNOWN)('Φ(%d) within 1e-12', (x, p) => {
    expect(Math.abs(normalCdfRaw(x) - p)).toBeLessThan(1e-12);
  });
  it('is rounded to 6 places', () => {
    expect(normalCdf(1)).toBe(0.841345);
    expect(normalCdf(-1)).toBe(0.158655);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
  });
  it('is symmetric: Φ(x) + Φ(-x) = 1', () => {
    for (let x = -9; x <= 9; x += 0.37) expect(Math.abs(normalCdfRaw(x) + normalCdfRaw(-x) - 1)).toBeLessThan(1e-14);
  });
});
