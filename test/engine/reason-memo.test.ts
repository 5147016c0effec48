// The batch path remembers reason texts by what their writing read (engine/explain/memo.ts). The law: the
// remembered texts are the texts written afresh — the explained path (explain: true), which never reads
// the memo — for every subject, on every shipped ruleset and on generated rulesets, in every language,
// over batches long enough for the memo to serve most parts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluate, type Household, type LoadedRuleset } from '../../engine';
import { reasonMemo } from '../../engine/evaluate';
import { ReasonMemo } from '../../engine/explain/memo';
import type { NodeValues } from '../../engine/explain/build';
import type { Quantity } from '../../engine/explain/types';
import { boundariesOf } from '../../engine/checks/boundaries';
import { dateArbitrary, householdArbitrary } from '../../engine/checks/generate';
import { findRulesetFiles, rulesetIdOf } from '../../cli/ruleset-files';
import { loadRuleset } from '../../engine';
import { dateArb, householdArb, rulesetArb } from './arbitraries';
import { root, shippedRuleset } from './shipped';
import { LANGS } from '../../engine/render/catalog/types';

const SEED = 20261202;
const HOUSEHOLDS = 60;
/** Its criteria compare figures only inside `any`/`all` over members, whose reasons name members. */
const NO_FIGURES = new Set(['pe/juntos']);

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
    // A part that shows a computed figure (an income, a bill) is remembered as a template with a hole
    // (engine/explain/template.ts): the law covers the filled texts of every ruleset that has one.
    const filled = LANGS.reduce((n, lang) => n + reasonMemo(ruleset, lang).filled, 0);
    if (!NO_FIGURES.has(id)) expect(filled, 'no part was answered from a template: its holes go untested').toBeGreaterThan(0);
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

describe('templates (engine/explain/template.ts)', () => {
  /** One subject's values: node 1 is the figure shown, node 2 a value the writing keys on. */
  const subject = (figure: unknown, flag = true): NodeValues => ({
    value: (id) => (id === 2 ? flag : undefined),
    shown: (id) => (id === 1 ? figure : undefined),
    origins: () => undefined,
    members: () => [],
    concerned: () => [],
  });
  /** A part that shows node 1 as a hole, as the builder and the renderer do; `note` is text from data. */
  const write = (v: NodeValues, note: string): string[] => {
    const flag = v.value(2);
    const x = v.shown(1);
    const q: Quantity = { value: typeof x === 'number' ? x : null };
    v.template?.showing(q, 1);
    const text = v.template?.hole(q, (n) => `Bs ${n}`) ?? (typeof x === 'number' ? `Bs ${x}` : 'not known');
    return [`income ${text} ${flag ? 'is' : 'is not'} below the line${note}`];
  };
  const DAY = 15000;

  it('fills the hole with each subject\'s figure, and keys an unknown figure apart', () => {
    const memo = new ReasonMemo();
    expect(memo.texts('p', subject(450), DAY, write, '')).toEqual(['income Bs 450 is below the line']);
    expect(memo.texts('p', subject(34.5), DAY, write, '')).toEqual(['income Bs 34.5 is below the line']);
    expect(memo.texts('p', subject(34.5, false), DAY, write, '')).toEqual(['income Bs 34.5 is not below the line']);
    expect(memo.texts('p', subject(undefined), DAY, write, '')).toEqual(['income not known is below the line']);
    expect(memo.texts('p', subject(7), DAY, write, '')).toEqual(['income Bs 7 is below the line']);
    expect([memo.writes, memo.hits, memo.filled]).toEqual([3, 2, 2]);
  });

  it('writes plainly a text whose data holds the hole marks, and an unsound one', () => {
    const memo = new ReasonMemo();
    const marked = ' \uE0000\uE001';
    expect(memo.texts('p', subject(450), DAY, write, marked)).toEqual([`income Bs 450 is below the line${marked}`]);
    expect(memo.texts('p', subject(20), DAY, write, marked)).toEqual([`income Bs 20 is below the line${marked}`]);
    expect(memo.filled).toBe(0);
    const unsound = (v: NodeValues): string[] => {
      if (v.template) v.template.unsound = true;
      return write(v, '');
    };
    expect(memo.texts('q', subject(450), DAY, unsound, undefined)).toEqual(['income Bs 450 is below the line']);
    expect(memo.texts('q', subject(20), DAY, unsound, undefined)).toEqual(['income Bs 20 is below the line']);
    expect(memo.filled).toBe(0);
  });

  it('counts the texts its templates keep against the memo\'s cap, and starts again at it', () => {
    const memo = new ReasonMemo();
    // 30,000 figures, each seen twice: half the fills find their texts, so the template keeps them.
    for (let x = 0; x < 30_000; x++) {
      for (let twice = 0; twice < 2; twice++) expect(memo.texts('p', subject(x), DAY, write, '')[0]).toBe(`income Bs ${x} is below the line`);
    }
    expect(memo.writes, 'the memo never started again: the kept texts are not bounded').toBeGreaterThan(1);
  });
});
