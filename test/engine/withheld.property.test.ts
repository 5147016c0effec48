// The compiled code's withheld run (engine/compile.ts, withheld mode) reports the same decisive assumptions
// as the reference interpreter withholding the same values (engine/assumptions.ts `referenceAssumptions`):
// on random rulesets made richer in assumptions (assumption-marked conditions, guessed `from` days), and on
// every shipped ruleset with generated households and dates; on both request paths (explain true and false).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceAssumptions } from '../../engine/assumptions';
import { boundariesOf } from '../../engine/checks/boundaries';
import { dateArbitrary, householdArbitrary } from '../../engine/checks/generate';
import { evaluate, loadRuleset, type Household, type LoadedRuleset } from '../../engine';
import { parseIsoDate } from '../../engine/values';
import { dateArb, householdArb, rulesetArb } from './arbitraries';
import { shippedRuleset } from './shipped';

const RUNS = Number(process.env.ENGINE_PROPERTY_RUNS ?? 150);

/** Every decision's assumptions, compiled (both paths), against the interpreter's for the same subject. */
function compare(ruleset: LoadedRuleset, h: Household, date: string, resolver?: (id: string) => LoadedRuleset | undefined): number {
  const day = parseIsoDate(date)!;
  const fast = evaluate(ruleset, h, { date, explain: false, resolve: resolver });
  const traced = evaluate(ruleset, h, { date, explain: true, resolve: resolver });
  let reported = 0;
  fast.decisions.forEach((d, i) => {
    const memberIndex = d.subject === 'household' ? -1 : h.members.findIndex((m) => String(m.id) === d.subject);
    const want = fast.in_force ? referenceAssumptions(ruleset.checked, h, day, memberIndex, { resolve: resolver }, d.eligible) : [];
    expect(d.assumptions, `${ruleset.id} on ${date}, ${d.subject} (explain: false)`).toEqual(want);
    expect(traced.decisions[i]!.assumptions, `${ruleset.id} on ${date}, ${d.subject} (explain: true)`).toEqual(want);
    if (want.length > 0) reported++;
  });
  return reported;
}

/** A random ruleset with some conditions read by assumption and some `from` days guessed. */
const assumingRulesetArb = fc.tuple(rulesetArb, fc.infiniteStream(fc.boolean())).map(([r, coins]) => {
  const coin = coins[Symbol.iterator]();
  const source = r.source
    .split('\n')
    .map((line) => {
      if (/^\s*"c\d+": /.test(line) && coin.next().value) return `${line} assumption "a reading"`;
      if (/^\s*from \d{4}-\d\d-\d\d = /.test(line) && coin.next().value) return line.replace(/^(\s*from \S+) = /, '$1 assumption "the day is a guess" = ');
      return line;
    })
    .join('\n');
  return source;
});

describe('withheld compiled code ≡ the interpreter withholding assumptions', () => {
  it('random rulesets', () => {
    let loaded = 0;
    let reported = 0;
    fc.assert(
      fc.property(assumingRulesetArb, fc.array(fc.tuple(householdArb, dateArb), { minLength: 1, maxLength: 4 }), (source, hs) => {
        const ruleset = loadRuleset('xx/random', source).ruleset;
        fc.pre(ruleset !== undefined);
        loaded++;
        for (const [h, date] of hs) reported += compare(ruleset!, h, date);
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: the rulesets loaded and some decisions did depend on an assumption.
    expect(loaded).toBeGreaterThan(RUNS / 2);
    expect(reported).toBeGreaterThan(0);
  }, 120_000);

  const IDS = ['bo/bja', 'bo/bjp', 'bo/mped', 'bo/rub-pmt', 'br/bolsa-escola-df', 'br/bolsa-escola-belem', 'pe/juntos', 'pe/juntos-graduation', 'pe/haku-winay'];
  const original = shippedRuleset;
  for (const id of IDS) {
    it(id, () => {
      const ruleset = original(id)!;
      const b = boundariesOf(ruleset.checked);
      const cases = dateArbitrary(b).chain((date) => householdArbitrary(b, date).map((h) => ({ date, h })));
      let reported = 0;
      fc.assert(fc.property(cases, ({ date, h }: { date: string; h: Household }) => { reported += compare(ruleset, h, date, original); }), { numRuns: 80, seed: 5 });
      expect(reported, `${id}: some decision depends on an assumption`).toBeGreaterThan(0);
    }, 120_000);
  }
});
