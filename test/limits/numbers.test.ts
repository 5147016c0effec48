// Numbers beyond the engine's exact range are refused by the checker, at their line and column, so a
// ruleset that checks clean never fails at evaluation with "not a finite number".
import { describe, expect, it } from 'vitest';
import { analyse } from '../../dsl';
import { MAX_NUMBER } from '../../dsl/limits';
import { evaluate, loadRuleset } from '../../engine';
import { MAX_DECIMAL } from '../../engine/values';
import { validateEvaluate } from '../../server/validate';

const header = 'program bo/big "Big"\n  country BO\n  currency BOB\n';

describe('numeric range', () => {
  it('the checker bound is the engine\'s exact range', () => {
    expect(MAX_NUMBER).toBe(MAX_DECIMAL);
  });

  it('a threshold of 400 nines is an error at its line and column, not an evaluation failure', () => {
    const text = `${header}parameter line: BOB per month = ${'9'.repeat(400)} source "x"\neligible when "a": household.monthly_income < line\n`;
    const d = analyse(text).diagnostics.filter((x) => x.code === 'E-NUMBER-RANGE');
    expect(d).toHaveLength(1);
    expect(d[0]!.range.start).toMatchObject({ line: 4, column: 33 });
    expect(d[0]!.message).toContain('1,000,000,000');
    expect(loadRuleset('bo/big', text).ruleset).toBeUndefined();
  });

  it('literals in expressions, tables and negative values are checked; the bound itself is allowed', () => {
    const text = `${header}table t: BOB { 0..10 => 1000000000.000001 otherwise => -1000000000 }\n` +
      `let a = 1000000000\nlet b = -1000000001\neligible when "a": household.monthly_income < a and household.monthly_income > b\n`;
    const lines = analyse(text).diagnostics.filter((x) => x.code === 'E-NUMBER-RANGE').map((x) => x.range.start.line);
    expect(lines).toEqual([4, 6]);
  });

  it('the household schema refuses huge numbers with their JSON pointer, so none reaches a decision', () => {
    const v = validateEvaluate({ ruleset: 'bo/mped', household: { id: 'h', monthly_income: 1e308, electricity: { kwh_per_month: 1e308 }, members: [{ id: 'a', monthly_income: 1e12 }] } });
    expect(v.ok).toBe(false);
    const pointers = v.ok ? [] : v.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/household/monthly_income', '/household/electricity/kwh_per_month', '/household/members/0/monthly_income']));
  });

  it('a huge household value given to the engine directly is unknown, never known with value null', () => {
    const text = `${header}eligible when "a": household.electricity.kwh_per_month < 70 kWh per month\n`;
    const { ruleset } = loadRuleset('bo/big', text);
    const r = evaluate(ruleset!, { id: 'h', electricity: { kwh_per_month: 1e308 }, members: [] } as never, { date: '2020-01-01', explain: true });
    expect(r.decisions[0]!.eligible).toBeNull();
    const nodes: { holds?: unknown; value?: unknown; children?: unknown[] }[] = [];
    const walk = (n: any) => { if (!n || typeof n !== 'object') return; nodes.push(n); (n.children ?? []).forEach(walk); };
    walk(r.decisions[0]!.explanation);
    for (const n of nodes) if (n.holds !== null && n.holds !== undefined && 'value' in n) expect(n.value).not.toBeNull();
  });
});
