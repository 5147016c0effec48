// The batch path remembers reason texts by what their writing read (engine/explain/memo.ts). The law: the
// remembered texts are the texts written afresh — the explained path (explain: true), which never reads
// the memo — for every subject, on every shipped ruleset and on generated rulesets, in every language,
// over batches long enough for the memo to serve most parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluate, type Household, type LoadedRuleset } from '../../engine';
import { reasonMemo } from '../../engine/evaluate';
import { boundariesOf } from '../../engine/checks/boundaries';
import { dateArbitrary, householdArbitrary } from '../../engine/checks/generate';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';
import { loadRuleset } from '../../engine';
import { dateArb, householdArb, rulesetArb } from './arbitraries';
import { root, shippedRuleset } from './shipped';
import { LANGS } from '../../engine/render/catalog/types';

const SEED = 20261202;
const HOUSEHOLDS = 60;

/** Every subject's reasons by both paths, the batch one first (so the memo is what answers it). */
function compareBatch(ruleset: LoadedRuleset, households: Household[], date: string, lang: (typeof LANGS)[number]): number {
  let subjects = 0;
  for (const h of households) {
    const batch = evaluate(ruleset, h, { date, explain: false, lang, resolve: shippedRuleset }).decisions.map((d) => d.reasons);
    const fresh = evaluate(ruleset, h, { date, explain: true, lang, resolve: shippedRuleset }).decisions.map((d) => d.reasons);
    expect(batch, `${ruleset.id} ${date} ${lang} household ${h.id}`).toEqual(fresh);
    subjects += batch.length;
  }
  return subjects;
}

describe('remembered reasons', () => {
  const ids = findRulesetFiles([join(root, 'rulesets')]).map((f) => rulesetIdOf(f)!);

  it.each(ids)('%s: the batch path says what the explained path says', (id) => {
    const ruleset = shippedRuleset(id)!;
    const b = boundariesOf(ruleset.checked);
    const dates = [...new Set(fc.sample(dateArbitrary(b), { seed: SEED, numRuns: 6 }))].slice(0, 2);
    let subjects = 0;
    dates.forEach((date, d) => {
      // Each household twice: the second time every part it reads is in the memo.
      const households = fc.sample(householdArbitrary(b, date), { seed: SEED + d, numRuns: HOUSEHOLDS }).map((h, i) => ({ ...h, id: `H${i}` }));
      for (const lang of LANGS) subjects += compareBatch(ruleset, [...households, ...households], date, lang);
    });
    expect(subjects).toBeGreaterThan(0);
    const memo = reasonMemo(ruleset, 'en');
    expect(memo.hits, 'the memo answered no part: the law would hold of the written path alone').toBeGreaterThan(0);
  });

  it('holds on generated rulesets', () => {
    fc.assert(
      fc.property(rulesetArb, fc.array(householdArb, { minLength: 10, maxLength: 25 }), dateArb, (r, hs, date) => {
        const ruleset = loadRuleset('xx/random', r.source).ruleset;
        fc.pre(ruleset !== undefined);
        const households = hs.map((h, i) => ({ ...h, id: `H${i}` }));
        compareBatch(ruleset!, [...households, ...households], date, 'en');
      }),
      { numRuns: 120 },
    );
  });
});
