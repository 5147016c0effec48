// Law: every arithmetic operation on 6-place decimals equals exact rational arithmetic rounded once, half
// away from zero, to 6 places — checked against an oracle in BigInt micro-units that shares no code with
// engine/values.ts. The generators aim at ties (divisors and factors that are powers of two, halves) and at
// the edges of the exact range, where rounding through doubles goes wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, canon, div, MAX_DECIMAL, mul, roundTo, sub } from '../../engine/values';

const MAX = 1_000_000_000_000_000n; // MAX_DECIMAL in micro-units
const M = 1_000_000n;

/** Oracle: n / d rounded half away from zero, in BigInt. */
function roundDiv(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const un = n < 0n ? -n : n;
  const ud = d < 0n ? -d : d;
  const q = un / ud + (2n * (un % ud) >= ud ? 1n : 0n);
  return negative ? -q : q;
}

/** The oracle's micro-units as the engine's number, or undefined beyond the exact range. */
function asNumber(micros: bigint): number | undefined {
  if (micros > MAX || micros < -MAX) return undefined;
  return micros === 0n ? 0 : Number(micros) / 1e6;
}

/** A generated decimal: its exact micro-units (the oracle's) and the engine's canonical number. */
interface Dec {
  m: bigint;
  x: number;
}
const dec = (m: bigint): Dec => ({ m, x: asNumber(m)! });

/** Decimals with up to 6 places, from exact micro-units: everyday amounts, tiny ones and huge ones. */
const decimal = fc
  .oneof(
    fc.bigInt({ min: -5_000_000_000n, max: 5_000_000_000n }), // up to ±5,000 with 6 places
    fc.bigInt({ min: -2_000n, max: 2_000n }),
    fc.bigInt({ min: -MAX, max: MAX }),
    fc.bigInt({ min: -100_000n, max: 100_000n }).map((k) => k * M + 500_000n), // x.5
  )
  .map(dec);

/** Factors and divisors that make ties: powers of two, halves, small integers. */
const tieMaker = fc
  .constantFrom(500_000n, 250_000n, 125_000n, 62_500n, 31_250n, 1_500_000n, 2_500_000n, 2n * M, 4n * M, 8n * M, 16n * M, 32n * M, 64n * M, 3n * M, 80n * M, 2n)
  .map(dec);
const operand = fc.oneof(decimal, tieMaker);

describe('exact decimal arithmetic agrees with a BigInt oracle', () => {
  it('the cases rounding through doubles got wrong', () => {
    expect(div(2.01, 32)).toBe(0.062813); // exact 0.0628125
    expect(mul(266.392365, 0.5)).toBe(133.196183); // exact 133.1961825
    expect(mul(0.7, 130)).toBe(91);
    expect(add(0.1, 0.2)).toBe(0.3);
    expect(div(-2.01, 32)).toBe(-0.062813);
    expect(div(1, 0)).toBeUndefined();
  });

  it('x + y and x − y', () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        expect(add(a.x, b.x)).toBe(asNumber(a.m + b.m));
        expect(sub(a.x, b.x)).toBe(asNumber(a.m - b.m));
      }),
      { numRuns: 20_000 },
    );
  });

  it('x × y', () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        expect(mul(a.x, b.x)).toBe(asNumber(roundDiv(a.m * b.m, M)));
      }),
      { numRuns: 30_000 },
    );
  });

  it('x ÷ y, unknown for a zero divisor', () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        const expected = b.m === 0n ? undefined : asNumber(roundDiv(a.m * M, b.m));
        expect(div(a.x, b.x)).toBe(expected);
      }),
      { numRuns: 30_000 },
    );
  });

  it('round(x, places)', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: -8, max: 7 }), (a, places) => {
        const step = 10n ** BigInt(Math.max(0, 6 - places));
        expect(roundTo(a.x, places)).toBe(asNumber(roundDiv(a.m, step) * step));
      }),
      { numRuns: 10_000 },
    );
  });

  it('reading a number with more places rounds its decimal text half away from zero', () => {
    const longDecimal = fc
      .tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 7, max: 9 }))
      .map(([whole, fraction, places]) => {
        const digits = String(fraction).padStart(9, '0').slice(0, places);
        return `${whole < 0 ? '-' : ''}${Math.abs(whole)}.${digits}`;
      });
    fc.assert(
      fc.property(fc.oneof(longDecimal, fc.constantFrom('0.0000005', '-0.0000005', '2.0000005', '1.2345675')), (text) => {
        const negative = text.startsWith('-');
        const [whole, fraction] = text.replace('-', '').split('.');
        const scaled = BigInt(whole + fraction);
        const exact = roundDiv(scaled, 10n ** BigInt(fraction.length - 6));
        expect(canon(Number(text))).toBe(asNumber(negative ? -exact : exact));
      }),
      { numRuns: 20_000 },
    );
  });

  it('beyond the exact range a result is unknown, never Infinity or a rounded guess', () => {
    expect(mul(MAX_DECIMAL, 2)).toBeUndefined();
    expect(add(MAX_DECIMAL, 0.000001)).toBeUndefined();
    expect(canon(1e308)).toBeUndefined();
    expect(canon(MAX_DECIMAL)).toBe(MAX_DECIMAL);
    expect(canon(MAX_DECIMAL + 1)).toBeUndefined();
    expect(div(MAX_DECIMAL, 0.5)).toBeUndefined();
  });
});
