// Golden counterfactuals for each shipped program: one household each — the first of the ruleset's own
// examples that refuses someone (else its first example) — with every margin, flip and date change as
// the engine states them. UPDATE_GOLDEN=1 rewrites test/golden/counterfactuals/<country>-<name>.txt
// (review the diff). Every flip in a golden is also re-checked here by applying it.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { counterfactuals, decide, Registry, type Household, type SubjectCounterfactuals } from '../../engine';
import { jsonToValue } from '../../engine/checks/json-value';
import { withFacts } from '../../engine/counterfactuals/household-edit';
import { lower } from '../../engine/ir/lower';
import { sayCounterfactuals } from '../../engine/render/counterfactuals';
import { rendererFor } from '../../engine/render/render';
import { membersOf, type RawHousehold } from '../../engine/types';
import { parseIsoDate } from '../../engine/values';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOLDEN = join(ROOT, 'test/golden/counterfactuals');
const update = process.env.UPDATE_GOLDEN === '1';
const registry = new Registry((id) => {
  const file = join(ROOT, 'rulesets', `${id}.elig`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
});
const ids = readdirSync(join(ROOT, 'rulesets'), { withFileTypes: true }).filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(ROOT, 'rulesets', d.name)).filter((f) => f.endsWith('.elig')).map((f) => `${d.name}/${f.slice(0, -5)}`)).sort();

function render(id: string, example: string, date: string, results: SubjectCounterfactuals[]): string {
  const out = [`# ${id} — example "${example}" on ${date}`];
  for (const r of results) {
    out.push('', `${r.subject}: eligible ${r.eligible}`);
    for (const m of r.margins) out.push(`  margin ${m.fact} ${m.direction}: ${m.value} → limit ${m.limit}, flips at ${m.flipsAt} [${m.conditions.join('; ')}]`, `    ${m.message.code}: ${m.message.text}`);
    for (const f of r.flips) out.push(`  flip (size ${f.size}): ${f.changes.map((c) => `${c.fact} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join(', ')}`, `    ${f.message.code}: ${f.message.text}`);
    if (r.next) out.push(`  next ${r.next.date}: eligible ${r.next.eligible}`, `    ${r.next.message.code}: ${r.next.message.text}`);
    out.push(`  search: ${r.search.evaluations} of ${r.search.cap} evaluations${r.search.capped ? ' (capped)' : ''}; fixed ${r.search.fixed.join(', ') || 'none'}`);
  }
  return out.join('\n') + '\n';
}

/** The same results as a case worker reads them in one language (engine/render/counterfactuals.ts). */
function said(id: string, example: string, date: string, results: SubjectCounterfactuals[], lang: 'es' | 'pt' | 'en', ruleset: NonNullable<ReturnType<typeof registry.get>>, household: Household): string {
  const w = rendererFor(lower(ruleset.checked), lang).on(parseIsoDate(date)!);
  const out = [`# ${id} — example "${example}" on ${date} (${lang})`];
  for (const r of structuredClone(results)) {
    const c = sayCounterfactuals({ margins: r.margins, flips: r.flips, ...(r.next ? { next: r.next } : {}), search: r.search }, w, membersOf(household as RawHousehold));
    out.push('', `${r.subject}:`);
    for (const m of c.margins) out.push(`  ${m.message.text}`);
    for (const f of c.flips) out.push(`  ${f.message.text}`);
    if (c.next) out.push(`  ${c.next.message.text}`);
  }
  return out.join('\n') + '\n';
}

describe('golden counterfactuals', () => {
  it('covers every shipped program (12 and more)', () => expect(ids.length).toBeGreaterThanOrEqual(12));
  for (const id of ids) {
    it(id, () => {
      const ruleset = registry.get(id)!;
      expect(ruleset).toBeDefined();
      const examples = ruleset.checked.examples.filter((e) => e.date);
      const refusing = examples.find((e) => e.expectations.some((x) => x.field === 'eligible' && x.expected.kind === 'JsonBool' && !(x.expected as { value: boolean }).value));
      const example = refusing ?? examples[0]!;
      const household = jsonToValue(example.household) as Household;
      const date = example.date!.text;
      const results = counterfactuals(ruleset, household, { date, resolve: registry.resolve });
      // each flip, applied, makes its subject eligible; each margin's limit keeps the decision and flipsAt changes it
      for (const r of results) {
        const eligibleWith = (h: Household) => decide(ruleset, h, { date, resolve: registry.resolve }).find((d) => d.subject === r.subject)?.eligible ?? false;
        for (const f of r.flips) expect(eligibleWith(withFacts(household, f.changes.map((c) => ({ fact: c.fact, to: c.to }))))).toBe(true);
        for (const m of r.margins) {
          expect(eligibleWith(withFacts(household, [{ fact: m.fact, to: m.limit }]))).toBe(r.eligible);
          expect(eligibleWith(withFacts(household, [{ fact: m.fact, to: m.flipsAt }]))).not.toBe(r.eligible);
        }
      }
      const actual = render(id, example.name, date, results);
      const file = join(GOLDEN, `${id.replace('/', '-')}.txt`);
      if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, actual);
      }
      if (!existsSync(file)) throw new Error(`${id}: no golden; run with UPDATE_GOLDEN=1 and review it`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      // The sentences in each language of the renderer, beside the analysis's English (<id>.<lang>.txt).
      for (const lang of ['es', 'pt', 'en'] as const) {
        const text = said(id, example.name, date, results, lang, ruleset, household);
        const langFile = join(GOLDEN, `${id.replace('/', '-')}.${lang}.txt`);
        if (update) writeFileSync(langFile, text);
        if (!existsSync(langFile)) throw new Error(`${id}: no ${lang} golden; run with UPDATE_GOLDEN=1 and review it`);
        expect(text).toBe(readFileSync(langFile, 'utf8'));
        if (lang !== 'en') expect(text.slice(text.indexOf('\n')), 'no English sentence frames').not.toMatch(/\b(eligible|would|could|were|when|the household's|member \w+'s)\b/);
      }
    });
  }
});
