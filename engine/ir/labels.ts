// The texts of a ruleset in its languages: a label (or a name a `translation` block gives) becomes a
// LocalizedText of TextTemplates (types.ts), from the checker's `translations`. Lowering calls these.
import type { CheckedRuleset } from '../../dsl/check/types';
import { nameKey, outcomeKey, textKey, type Translations } from '../../dsl/check/translations';
import { parseTemplate } from '../../dsl/text-template';
import type { Lang, LocalizedText, TextTemplate } from './types';

const NO_TRANSLATIONS: Translations = { language: 'en', byLanguage: new Map() };

function translationsOf(checked: CheckedRuleset): Translations {
  return checked.translations ?? NO_TRANSLATIONS;
}

export function rulesetLanguage(checked: CheckedRuleset): Lang {
  return translationsOf(checked).language;
}

function template(text: string): TextTemplate {
  return parseTemplate(text).parts;
}

/** A text of the ruleset (title, label, `sum of` term) in every language that gives it. */
export function localizedText(checked: CheckedRuleset, text: string): LocalizedText {
  const t = translationsOf(checked);
  const own = template(text);
  const byLang: Partial<Record<Lang, TextTemplate>> = { [t.language]: own };
  for (const [lang, entries] of t.byLanguage) {
    const translated = entries.get(textKey(text));
    if (translated !== undefined && lang !== t.language) byLang[lang] = template(translated);
  }
  return { default: own, byLang };
}

/** How a name reads, when some `translation` block gives it; undefined otherwise. */
export function localizedName(checked: CheckedRuleset, name: string): LocalizedText | undefined {
  const t = translationsOf(checked);
  const byLang: Partial<Record<Lang, TextTemplate>> = {};
  for (const [lang, entries] of t.byLanguage) {
    const translated = entries.get(nameKey(name));
    if (translated !== undefined) byLang[lang] = template(translated);
  }
  if (Object.keys(byLang).length === 0) return undefined;
  const own = byLang[t.language] ?? [name.replaceAll('_', ' ')];
  return { default: own, byLang: { [t.language]: own, ...byLang } };
}

/** How each outcome value reads, from the `outcome <value>: "…"` entries; undefined when there are none.
 *  The default is the own language's entry, else the value with spaces for underscores. */
export function outcomeTexts(checked: CheckedRuleset): ReadonlyMap<string, LocalizedText> | undefined {
  const t = translationsOf(checked);
  const values = new Set<string>();
  for (const entries of t.byLanguage.values()) for (const k of entries.keys()) if (k.startsWith('outcome:')) values.add(k.slice('outcome:'.length));
  if (values.size === 0) return undefined;
  const out = new Map<string, LocalizedText>();
  for (const v of values) {
    const byLang: Partial<Record<Lang, TextTemplate>> = {};
    for (const [lang, entries] of t.byLanguage) {
      const translated = entries.get(outcomeKey(v));
      if (translated !== undefined) byLang[lang] = template(translated);
    }
    const own = byLang[t.language] ?? [v.replaceAll('_', ' ')];
    out.set(v, { default: own, byLang: { [t.language]: own, ...byLang } });
  }
  return out;
}
