// Read-aloud goldens: one decision of every shipped program, as a case worker reads it to a family, in
// Spanish, Portuguese and English (test/golden/read-aloud/<case>/expected.<lang>.txt: verdict, amount,
// reasons, missing facts named). They are for review by people who speak the language: a change shows
// as a diff of sentences. `UPDATE_GOLDEN=1 npx vitest run test/engine/golden-read-aloud` rewrites them.
// The machine fields (reason codes, node ids, values, pointers) must not depend on the language.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, shippedRuleset, type GoldenCase } from './shipped';
import { evaluate, lower } from '../../engine';
import { reportText } from '../../engine/render/report';
import { messagesFor } from '../../engine/render/messages';
import { LANGS, type Lang } from '../../engine/render/catalog/types';
import type { IrRuleset, LocalizedText, TextTemplate } from '../../engine/ir/types';

const dir = join(root, 'test/golden/read-aloud');
const update = process.env.UPDATE_GOLDEN === '1';
const rulesetOf = shippedRuleset;

type Case = GoldenCase;
const cases = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const shipped = readdirSync(join(root, 'rulesets'), { recursive: true }).map(String).filter((f) => f.endsWith('.elig')).map((f) => f.replace(/\.elig$/, '').replace(/\\/g, '/'));

describe('read-aloud explanations in es, pt and en', () => {
  it('has a case for every shipped program', () => {
    const covered = new Set(cases.map((c) => (JSON.parse(readFileSync(join(dir, c, 'case.json'), 'utf8')) as Case).ruleset));
    expect(shipped.filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const c = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as Case;
      const ruleset = rulesetOf(c.ruleset)!;
      expect(ruleset, `${c.ruleset} loads`).toBeDefined();
      const machine: unknown[] = [];
      const ir = lower(ruleset.checked);
      for (const lang of LANGS) {
        const response = evaluate(ruleset, c.household, { date: c.date, explain: true, resolve: rulesetOf, lang });
        machine.push(response.decisions.map((d) => ({ ...d, reasons: undefined, explanation: undefined, reason_details: d.reason_details?.map(({ text: _t, ...rest }) => rest) })));
        const text = `${reportText(response, { lang, household: c.household, ir: lower(ruleset.checked), tree: false })}\n`.replace(/sha256:[0-9a-f]{12}…/, 'sha256:…');
        const file = join(dir, name, `expected.${lang}.txt`);
        if (update || !existsSync(file)) writeFileSync(file, text);
        expect(text).toBe(readFileSync(file, 'utf8'));
        if (lang !== 'en') expect(text, 'no English sentence frames').not.toMatch(/\b(Not met|Met|Cannot decide|needs|Benefit|Not paid|Payment for|Condition of payment)\b/);
        // The tree of conditions (`elig eval`, `elig explain` without --no-tree) as its own golden.
        const tree = treeOf(reportText(response, { lang, household: c.household, ir, tree: true }), lang);
        const treeFile = join(dir, name, `tree.${lang}.txt`);
        if (update || !existsSync(treeFile)) writeFileSync(treeFile, tree);
        expect(tree).toBe(readFileSync(treeFile, 'utf8'));
        // Citations quote the sources in their own (English) words; everything else is in the language.
        if (lang !== 'en') expect(tree.replace(/ {2}\[(fuente|fonte|supuesto|premissa): [^\n]*/g, ''), 'no English words in the tree').not.toMatch(/\b(all of|any of|none of|condition of payment|missing|source|assumption)\b|[<>]=?|\/members\//);
        if (lang !== ir.language) {
          expect(untranslated(ir, lang), `every text of ${c.ruleset} has a ${lang} translation`).toEqual([]);
          expect(ownTextsIn(text, ir, lang), `no ${ir.language ?? 'en'} text of ${c.ruleset} in the ${lang} reading`).toEqual([]);
        }
      }
      expect(machine[1]).toEqual(machine[0]);
      expect(machine[2]).toEqual(machine[0]);
    });
  }
});

/** The subject lines and the tree of conditions under each, from a full reading. */
function treeOf(reading: string, lang: Lang): string {
  const why = `  ${messagesFor(lang, undefined).format('report_why', {})}`;
  const out: string[] = [];
  let inTree = false;
  for (const line of reading.split('\n').slice(1)) {
    if (line === why) inTree = true;
    else if (/^\S/.test(line)) out.push(line);
    else if (inTree && line.startsWith('    ')) out.push(line);
    else inTree = false;
  }
  return `${out.join('\n')}\n`;
}

/** Every text of the ruleset that can appear in a reading: the title, labels, `sum of` terms, the names a
 *  translation gives, the outcome values. */
function texts(ir: IrRuleset): { what: string; text: LocalizedText; required: boolean }[] {
  const out: { what: string; text: LocalizedText; required: boolean }[] = [];
  if (ir.titles) out.push({ what: 'title', text: ir.titles, required: true });
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (x instanceof Map) return [...x.values()].forEach(visit);
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as Record<string, unknown>;
    if (n.labels && typeof n.labels === 'object' && 'default' in (n.labels as object)) {
      const named = typeof n.name === 'string';
      out.push({ what: named ? `name ${n.name as string}` : `label ${JSON.stringify(n.label)}`, text: n.labels as LocalizedText, required: !named });
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'labels' && k !== 'titles') visit(v);
  };
  visit([ir.eligible, ir.payment, ir.lets, ir.scores, ir.parameters, ir.tables, ir.benefit, ir.components, ir.outcome]);
  for (const [value, text] of ir.outcomeTexts ?? []) out.push({ what: `outcome ${value}`, text, required: true });
  return out;
}

const literal = (t: TextTemplate) => t.map((p) => (typeof p === 'string' ? p : '{}')).join('');

/** Labels (and outcome values) with no text in `lang`. */
function untranslated(ir: IrRuleset, lang: Lang): string[] {
  const missing = texts(ir).filter((t) => t.required && !t.text.byLang[lang]).map((t) => t.what);
  // An outcome value must be translated too, though no `outcome` entry exists yet.
  for (const v of outcomeValues(ir)) if (!ir.outcomeTexts?.get(v)?.byLang[lang]) missing.push(`outcome ${v}`);
  return [...new Set(missing)];
}

/** The ruleset's own-language texts that appear in a reading in another language which translates them:
 *  each literal piece of 8 characters or more of the original (a `{param}` splits a label into pieces),
 *  and an outcome value on the outcome line. */
function ownTextsIn(reading: string, ir: IrRuleset, lang: Lang): string[] {
  const found: string[] = [];
  for (const t of texts(ir)) {
    const translated = t.text.byLang[lang];
    if (!translated || literal(translated) === literal(t.text.default)) continue;
    if (t.what.startsWith('outcome ')) {
      const value = t.what.slice('outcome '.length);
      if (new RegExp(`: ${value}$`, 'm').test(reading)) found.push(t.what);
      continue;
    }
    for (const piece of t.text.default) if (typeof piece === 'string' && piece.trim().length >= 8 && asWords(piece.trim()).test(reading)) found.push(`${t.what}: ${piece.trim()}`);
  }
  return found;
}

/** The piece as whole words ("transfer" is not in "transferencia"). */
function asWords(piece: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
}

/** The text values an outcome can report (its expression's literals). */
function outcomeValues(ir: IrRuleset): string[] {
  const out = new Set<string>();
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as Record<string, unknown>;
    if (n.kind === 'const' && typeof n.value === 'string') out.add(n.value);
    if (n.kind === 'letRef') visit(ir.lets.find((l) => l.name === n.name)?.value);
    for (const [k, v] of Object.entries(n)) if (k !== 'type') visit(v);
  };
  visit(ir.outcome?.value);
  return [...out];
}
