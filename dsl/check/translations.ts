// The ruleset's language and its translations. `language pt` says which language the labels are written
// in (English when absent); each `translation es { … }` gives the texts in another language, keyed by the
// text as written (the title, condition and group labels, `sum of` terms) or by a name (parameter, table,
// let, score). Labels and translations may show values: `{income_limit}` names a parameter, or a `let`
// computed from parameters alone, whose value in force is printed there.
import type { Expr, Range, RulesetFile, TranslationDecl, TranslationEntry } from '../ast';
import { quote } from '../format';
import { closest, didYouMean } from '../suggest';
import { parseTemplate } from '../text-template';
import { operation } from '../../ops/registry';
import { error, warning, type Ctx } from './context';
import type { Language, Translations } from './types';

export type { Language, Translations } from './types';

export const LANGUAGES = ['es', 'pt', 'en'] as const satisfies readonly Language[];

/** What people write for a language, and the code to write instead. */
const LANGUAGE_WORDS: Record<string, Language> = {
  spanish: 'es', español: 'es', espanol: 'es', castellano: 'es', spa: 'es',
  portuguese: 'pt', português: 'pt', portugues: 'pt', por: 'pt',
  english: 'en', inglés: 'en', ingles: 'en', inglês: 'en', eng: 'en',
};

const LANGUAGE_NAMES: Record<Language, string> = { es: 'Spanish', pt: 'Portuguese', en: 'English' };

/** A text of the ruleset that a translation may give in another language. */
export interface RulesetText {
  text: string;
  /** Of the quoted text; undefined for a tree not parsed from text. */
  range: Range | undefined;
  what: string; // "the title", "a condition's label", …
}


export const textKey = (text: string) => `text:${text}`;
export const nameKey = (name: string) => `name:${name}`;
export const outcomeKey = (value: string) => `outcome:${value}`;

/** The values the ruleset's outcome can report: the text literals of its `outcome` expression and of the
 *  definitions it reads, in file order. */
export function outcomeValues(ctx: Ctx): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as { kind?: string; id?: number } & Record<string, unknown>;
    if (n.kind === 'TextLiteral' && typeof n.value === 'string' && !out.includes(n.value)) out.push(n.value);
    if (n.kind === 'NameRef' && typeof n.id === 'number') {
      const r = ctx.names.get(n.id);
      if (r?.kind === 'let') visit(r.decl.value);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'range' && !k.endsWith('Range')) visit(v);
  };
  visit(ctx.outcome?.value);
  return out;
}

function languageOf(ctx: Ctx, code: { text: string; range: Range } | undefined): Language | undefined {
  if (typeof code?.text !== 'string') return undefined;
  if ((LANGUAGES as readonly string[]).includes(code.text)) return code.text as Language;
  const lower = code.text.toLowerCase();
  const word = LANGUAGE_WORDS[lower] ?? (LANGUAGES as readonly string[]).find((l) => lower.startsWith(`${l}-`) || lower.startsWith(`${l}_`));
  error(ctx, 'E-UNKNOWN-LANGUAGE', code.range, `\`${code.text}\` is not a language of the rules; use es (Spanish), pt (Portuguese) or en (English)`,
    { hint: word ? `write \`${word}\`` : didYouMean(code.text, LANGUAGES) });
  return undefined;
}

/** Every text of the ruleset a translation may translate, in file order. */
export function rulesetTexts(ast: RulesetFile): RulesetText[] {
  const out: RulesetText[] = [];
  if (typeof ast?.program?.title === 'string') out.push({ text: ast.program.title, range: ast.program.titleRange, what: 'the title' });
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as { kind?: string } & Record<string, unknown>;
    if (n.kind === 'LabelledCondition' && typeof n.label === 'string') out.push({ text: n.label as string, range: n.labelRange as Range | undefined, what: "a condition's label" });
    if (n.kind === 'ConditionGroup' && typeof n.label === 'string') out.push({ text: n.label, range: n.labelRange as Range | undefined, what: "a group's label" });
    if (n.kind === 'PointsSum') {
      for (const t of (n.terms ?? []) as { label: string; labelRange?: Range }[]) if (typeof t?.label === 'string') out.push({ text: t.label, range: t.labelRange, what: 'a term of `sum of`' });
    }
    if (n.kind === 'ExampleDecl' || n.kind === 'PropertyDecl' || n.kind === 'TranslationDecl') return;
    for (const [k, v] of Object.entries(n)) if (k !== 'range' && !k.endsWith('Range')) visit(v);
  };
  visit(ast?.declarations);
  return out;
}

export function checkTranslations(ctx: Ctx, ast: RulesetFile): Translations {
  const header = ast?.program;
  const language = (header?.language && languageOf(ctx, header.language)) || 'en';
  const texts = rulesetTexts(ast);
  for (const t of texts) checkTemplate(ctx, t.text, t.range);

  const names = new Set<string>([...ctx.parameters.keys(), ...ctx.tables.keys(), ...ctx.lets.keys(), ...ctx.scores.map((s) => s.name.text), ...ctx.components.map((k) => k.name.text)]);
  const outcomes = outcomeValues(ctx);
  const known = new Set(texts.map((t) => t.text));
  const byLanguage = new Map<Language, Map<string, string>>();
  const blocks = new Map<Language, TranslationDecl>();
  for (const d of ast?.declarations ?? []) {
    if (d?.kind !== 'TranslationDecl') continue;
    const lang = languageOf(ctx, d.language);
    if (!lang) continue;
    const first = blocks.get(lang);
    if (first) {
      error(ctx, 'E-DUPLICATE-TRANSLATION', d.language.range,
        `there is already a translation into ${lang} (${LANGUAGE_NAMES[lang]}) at line ${first.range?.start.line}: put these entries there`,
        { related: [{ range: first.language.range, message: 'the first translation into this language' }] });
      continue;
    }
    blocks.set(lang, d);
    const entries = new Map<string, string>();
    const seen = new Map<string, TranslationEntry>();
    for (const e of d.entries ?? []) {
      if (!e?.key || typeof e.text !== 'string' || (e.key.kind === 'name' && typeof e.key.name?.text !== 'string')) continue;
      const key = e.key.kind === 'text' ? textKey(e.key.text) : e.key.kind === 'outcome' ? outcomeKey(e.key.value) : nameKey(e.key.name.text);
      const keyRange = e.key.kind === 'name' ? e.key.name.range : e.key.range;
      const shown = e.key.kind === 'text' ? quote(e.key.text) : e.key.kind === 'outcome' ? `outcome ${quote(e.key.value)}` : `\`${e.key.name.text}\``;
      const earlier = seen.get(key);
      if (earlier) {
        error(ctx, 'E-DUPLICATE-TRANSLATION', keyRange, `${shown} is translated twice into ${lang}; keep one`,
          { related: [{ range: earlier.range, message: 'the first translation of it' }] });
        continue;
      }
      seen.set(key, e);
      if (e.key.kind === 'text') {
        // A base's translation of a text its variant replaced (the title, a reworded label) is unused here.
        if (!known.has(e.key.text) && ctx.inherited?.(e.key.range)) continue;
        if (!known.has(e.key.text)) {
          const near = closest(e.key.text, known);
          error(ctx, 'E-TRANSLATION-UNKNOWN', keyRange,
            `${shown} is no text of this ruleset (a title, label or \`sum of\` term), so there is nothing to translate; a label that changed needs its translations changed too`,
            near ? { hint: `did you mean ${quote(near)}?` } : {});
          continue;
        }
        if (lang === language) {
          error(ctx, 'E-TRANSLATION-OWN-LANGUAGE', keyRange,
            `the ruleset is written in ${lang}, so ${shown} already is its ${LANGUAGE_NAMES[lang]} text: change the label itself instead`);
          continue;
        }
      } else if (e.key.kind === 'outcome') {
        if (!outcomes.includes(e.key.value) && ctx.inherited?.(e.key.range)) continue;
        if (!outcomes.includes(e.key.value)) {
          const near = closest(e.key.value, outcomes);
          error(ctx, 'E-TRANSLATION-UNKNOWN', keyRange,
            outcomes.length === 0
              ? `${shown}: this ruleset reports no outcome, so there is nothing to translate`
              : `${shown} is no value the outcome reports (it reports ${outcomes.map(quote).join(', ')})`,
            near ? { hint: `did you mean ${quote(near)}?` } : {});
          continue;
        }
      } else if (!names.has(e.key.name.text) && ctx.inherited?.(e.key.name.range)) {
        continue;
      } else if (!names.has(e.key.name.text)) {
        error(ctx, 'E-TRANSLATION-UNKNOWN', keyRange,
          `\`${e.key.name.text}\` is no parameter, table, definition, score or component of this ruleset, so there is nothing to translate`,
          { hint: didYouMean(e.key.name.text, names) });
        continue;
      }
      checkTemplate(ctx, e.text, e.textRange);
      entries.set(key, e.text);
    }
    byLanguage.set(lang, entries);
    if (lang === language) continue;
    const missing = [...[...new Set(texts.map((t) => t.text))].filter((t) => !entries.has(textKey(t))).map(quote),
      ...outcomes.filter((o) => !entries.has(outcomeKey(o))).map((o) => `outcome ${quote(o)}`)];
    if (missing.length > 0) {
      const listed = missing.slice(0, 3).join(', ');
      const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
      warning(ctx, 'W-MISSING-TRANSLATION', d.language.range,
        `the translation into ${lang} (${LANGUAGE_NAMES[lang]}) has no text for ${listed}${more}; ${missing.length === 1 ? 'it is' : 'they are'} shown in ${language} until translated`);
    }
  }
  return { language, byLanguage };
}

/** `{name}` in a label or translation must name a parameter, or a `let` computed from parameters. */
function checkTemplate(ctx: Ctx, text: string, range: Range | undefined): void {
  if (!text.includes('{')) return;
  const parsed = parseTemplate(text);
  const at = (index: number, length: number) => rangeInText(text, range, index, length);
  for (const r of parsed.references) {
    const param = ctx.parameters.get(r.name);
    const letDecl = ctx.lets.get(r.name);
    if (param) {
      ctx.used.add(param);
      continue;
    }
    if (letDecl) {
      const reads = householdRead(ctx, letDecl.value, new Set());
      if (reads) {
        error(ctx, 'E-LABEL-TEMPLATE', at(r.at, r.length),
          `\`{${r.name}}\` cannot be shown in a label: ${r.name} ${reads}, so it differs from family to family; a label can show parameters, and definitions computed from parameters alone`);
      }
      continue;
    }
    error(ctx, 'E-LABEL-TEMPLATE', at(r.at, r.length), `\`{${r.name}}\` names no parameter or definition of this ruleset`,
      { hint: didYouMean(r.name, [...ctx.parameters.keys(), ...ctx.lets.keys()]) });
  }
}

/** Why an expression differs between households (it reads the household, a member, another program's
 *  decision or the household's programs), or undefined when it depends on parameters and the date alone. */
function householdRead(ctx: Ctx, e: Expr, seen: Set<object>): string | undefined {
  let why: string | undefined;
  const visit = (x: unknown): void => {
    if (why || !x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as Expr;
    if (n.kind === 'NameRef') {
      const r = ctx.names.get(n.id);
      if (r?.kind === 'let' && !seen.has(r.decl)) {
        seen.add(r.decl);
        const inner = householdRead(ctx, r.decl.value, seen);
        if (inner) why = `reads ${r.decl.name.text}, which ${inner.replace(/^reads /, 'reads ')}`;
      } else if (r && r.kind !== 'parameter' && r.kind !== 'let' && !(r.kind === 'builtin' && r.name === 'evaluation_date')) {
        why = `reads ${n.name}`;
      }
      return;
    }
    if (n.kind === 'ProgramDecision') {
      why = `reads the decision of ${n.program.programId}`;
      return;
    }
    if (n.kind === 'Call') {
      const target = ctx.calls.get(n.id);
      if (target?.kind === 'builtin' && operation(target.name)?.kind === 'participation') {
        why = `reads the household's programs (${n.callee.text})`;
        return;
      }
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'range' && !k.endsWith('Range')) visit(v);
  };
  visit(e);
  return why;
}

/** The range of text[index, index + length) inside a quoted text starting at `range` (its opening quote).
 *  The text was unquoted: each `\` or `"` before the index took one more character in the file. */
export function rangeInText(text: string, range: Range | undefined, index: number, length: number): Range | undefined {
  if (!range) return undefined;
  const escapes = (upTo: number) => [...text.slice(0, upTo)].filter((c) => c === '\\' || c === '"').length;
  const from = 1 + index + escapes(index);
  const to = 1 + index + length + escapes(index + length);
  if (range.start.line !== range.end.line) return range;
  return {
    start: { line: range.start.line, column: range.start.column + from, offset: range.start.offset + from },
    end: { line: range.start.line, column: range.start.column + to, offset: range.start.offset + to },
  };
}
