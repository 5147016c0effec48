// `decide` is `evaluate` without the reasons, missing facts and explanations: the same decision fields,
// on generated rulesets, households and dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, evaluate, loadRuleset } from '../../engine';
import { dateArb, householdArb, rulesetArb } from './arbitraries';

describe('decide', () => {
  it('gives the decision fields evaluate gives', () => {
    fc.assert(
      fc.property(rulesetArb, householdArb, dateArb, (r, h, date) => {
        const ruleset = loadRuleset('xx/random', r.source).ruleset;
        fc.pre(ruleset !== undefined);
        const full = evaluate(ruleset!, h, { date, explain: false }).decisions.map((d) => ({
          subject: d.subject, eligible: d.eligible, benefit: d.benefit.amount, scores: d.scores, outcome: d.outcome,
        }));
        expect(decide(ruleset!, h, { date })).toEqual(full);
      }),
      { numRuns: 150 },
    );
  });
});

describe('evaluate with lazy: false', () => {
  it('gives the lazy batch decisions, as plain objects', () => {
    fc.assert(
      fc.property(rulesetArb, householdArb, dateArb, fc.constantFrom('en', 'es', 'pt' as const), (r, h, date, lang) => {
        const ruleset = loadRuleset('xx/random', r.source).ruleset;
        fc.pre(ruleset !== undefined);
        const lazy = evaluate(ruleset!, h, { date, explain: false, lang });
        const eager = evaluate(ruleset!, h, { date, explain: false, lang, lazy: false });
        for (const d of eager.decisions) expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
        expect(JSON.stringify(eager)).toBe(JSON.stringify(lazy));
        expect(eager.decisions.map((d) => Object.keys(d))).toEqual(lazy.decisions.map((d) => Object.keys(d)));
      }),
      { numRuns: 150 },
    );
  });
});
