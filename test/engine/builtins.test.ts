// The operations registry (ops/registry.ts): every built-in's generated code agrees with its reference
// semantics on random canonical inputs, and the two built-ins added as single entries — sqrt and
// days_between — are typed, evaluated, compiled, explained and propagate unknowns like every other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, parse } from '../../dsl';
import { evaluate, interpretHousehold, loadRuleset, type Household } from '../../engine';
import { kit } from '../../engine/runtime';
import { canon } from '../../engine/values';
import { OPERATIONS, functionEntry, operatorEntry, type FunctionEntry, type OperatorEntry } from '../../ops/registry';

/** The entry's emitted JavaScript as a function of its arguments, bound to the same kit as generated code. */
function compiledOf(entry: FunctionEntry | OperatorEntry, arity: number): (...xs: number[]) => number | undefined {
  const names = Array.from({ length: arity }, (_, i) => `a${i}`);
  const kitNames = Object.keys(kit);
  const body = `const ${kitNames.map((n) => `M_${n} = kit.${n}`).join(', ')};\nreturn (${names.join(', ')}) => ${entry.emit(names)};`;
  return new Function('kit', body)(kit);
}

const decimal = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((m) => canon(m / 1000)!);
const day = fc.integer({ min: -40_000, max: 40_000 });

describe('every registry entry: generated code ≡ reference semantics', () => {
  for (const entry of OPERATIONS) {
    if (entry.kind !== 'function') continue;
    const n = Math.min(entry.arity[1], Math.max(entry.arity[0], 3));
    const arg = entry.args[0].kind === 'date' ? day : decimal;
    it(entry.name, () => {
      const compiled = compiledOf(entry, n);
      fc.assert(fc.property(fc.array(arg, { minLength: n, maxLength: n }), (xs) => {
        const args = entry.name === 'round' ? [xs[0], Math.abs(Math.trunc(xs[1])) % 7] : xs;
        const ref = entry.apply(args, kit);
        expect(compiled(...args)).toBe(typeof ref === 'number' ? ref : undefined);
      }), { numRuns: 300 });
    });
  }
  for (const symbol of ['+', '-', '*', '/', 'neg'] as const) {
    it(`operator ${symbol}`, () => {
      const entry = operatorEntry(symbol);
      const compiled = compiledOf(entry, 2);
      fc.assert(fc.property(decimal, fc.oneof(decimal, fc.constant(0)), (x, y) => {
        const ref = entry.apply([x, y], kit);
        expect(compiled(x, y)).toBe(typeof ref === 'number' ? ref : undefined);
      }), { numRuns: 300 });
    });
  }
});

const SOURCE = `program xx/new "New built-ins"
  country BO
  currency BOB

let root = sqrt(household.area)
let waited = days_between(household.applied_on, evaluation_date)
eligible when all of {
  "waited at least 30 days": waited >= 30 days
  "root of the area below 5": root < 5
}
benefit per month = root * 10 BOB per month
`;

function checkDiagnostics(source: string): string[] {
  const parsed = parse(source);
  const checked = check(parsed.ast, { id: 'xx/new' });
  return [...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

describe('sqrt and days_between', () => {
  it('are typed from their registry entries', () => {
    expect(checkDiagnostics(SOURCE.replace('household.area', 'household.monthly_income').replace(/household\.applied_on/, 'household.resident_since'))).toEqual([
      'E-UNIT-MISMATCH: sqrt needs a plain number (the number under the root), but this is an amount in BOB per month',
    ]);
    expect(checkDiagnostics(SOURCE.replace('days_between(household.applied_on, evaluation_date)', 'days_between(household.resident_since, 3)')
      .replace('household.area', '4'))).toEqual(['E-NOT-DATE: days_between needs two dates, but this is a number']);
    expect(checkDiagnostics(SOURCE.replace('sqrt(household.area)', 'sqrt(4, 9)').replace(/household\.applied_on/, 'household.resident_since')))
      .toEqual(['E-ARG-COUNT: sqrt takes 1 argument, but this call has 2']);
    // days_between is a number of days: comparing it with years is a unit error.
    expect(checkDiagnostics(SOURCE.replace('>= 30 days', '>= 1 year').replace('household.area', '4').replace(/household\.applied_on/, 'household.resident_since')))
      .toEqual(['E-UNIT-MISMATCH: cannot compare day with year']);
  });

  const ok = SOURCE.replace('household.area', 'household.monthly_income / 1 BOB * 1 month').replace(/household\.applied_on/, 'household.resident_since');
  const ruleset = loadRuleset('xx/new', ok).ruleset!;
  const run = (h: Household, date = '2013-06-30') => {
    const compiled = evaluate(ruleset, h, { date, explain: true });
    expect(compiled).toEqual(interpretHousehold(ruleset, h, { date, explain: true }));
    return compiled.decisions[0]!;
  };

  it('evaluate exactly, the same compiled and interpreted', () => {
    const d = run({ id: 'H', monthly_income: 16, resident_since: '2013-05-31', members: [{ id: 'a' }] } as Household);
    expect(d.eligible).toBe(true); // 30 days, √16 = 4
    expect(d.benefit.amount).toBe(40);
    const notYet = run({ id: 'H', monthly_income: 2, resident_since: '2013-06-01', members: [{ id: 'a' }] } as Household);
    expect(notYet.eligible).toBe(false); // 29 days
    const root2 = run({ id: 'H', monthly_income: 2, resident_since: '2013-01-01', members: [{ id: 'a' }] } as Household);
    expect(root2.benefit.amount).toBe(14.14214); // √2 = 1.414214 (6 places) × 10
  });

  it('propagate unknowns with their origins, and sqrt of a negative number is an error, never NaN', () => {
    const missing = run({ id: 'H', monthly_income: 16, members: [{ id: 'a' }] } as Household);
    expect(missing.eligible).toBe(null);
    expect(missing.missing).toEqual(['/resident_since']);
    const negative = run({ id: 'H', monthly_income: -4, resident_since: '2013-01-01', members: [{ id: 'a' }] } as Household);
    expect(negative.eligible).toBe(null);
    expect(JSON.stringify(negative.explanation)).toContain('the square root of a negative number');
  });

  it('are one entry each in the registry', () => {
    expect(functionEntry('sqrt').name).toBe('sqrt');
    expect(functionEntry('days_between').meaning).toEqual({ kind: 'elapsed', unit: 'day' });
  });
});
