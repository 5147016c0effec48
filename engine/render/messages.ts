// The catalogues' ICU messages, prepared once per language, and the locale's number, date and list
// formatters. intl-messageformat parses and validates each pattern (a pattern that fails to parse is a
// bug in a catalogue: the test suite formats every one); its `format` re-derives Intl formatters through
// a memoiser keyed by JSON on every call, which made a reason cost several microseconds, so the parsed
// pattern is compiled here once into a function over its arguments (literals, arguments, `select`,
// `plural` with `=n` and `#`) — formatting is then string concatenation.
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './catalog/en';
import { es } from './catalog/es';
import { pt } from './catalog/pt';
import type { Catalog, Lang, MessageKey } from './catalog/types';

export const CATALOGS: Record<Lang, Catalog> = { en, es, pt };

type Args = Record<string, string | number | boolean>;
type Compiled = (args: Args) => string;

/** The parts of intl-messageformat's AST (TYPE in @formatjs/icu-messageformat-parser) the catalogues use. */
interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  offset?: number;
}
const LITERAL = 0, ARGUMENT = 1, NUMBER = 2, SELECT = 5, PLURAL = 6, POUND = 7;

/** One language in one country's conventions (es-BO writes "Bs 1.820", es-PE "S/ 1,820", pt-BR "R$ 91,00"). */
export class Messages {
  readonly catalog: Catalog;
  private readonly compiled = new Map<string, Compiled>();
  private readonly numbers: Intl.NumberFormat;
  private readonly money = new Map<string, Intl.NumberFormat>();
  private readonly dates: Intl.DateTimeFormat | undefined;
  private readonly and: Intl.ListFormat;
  private readonly or: Intl.ListFormat;
  private readonly plurals: Intl.PluralRules;

  constructor(readonly lang: Lang, readonly locale: string) {
    this.catalog = CATALOGS[lang];
    this.numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    // English keeps ISO dates, as reasons always printed them; Spanish and Portuguese write the month.
    this.dates = lang === 'en' ? undefined : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    this.and = new Intl.ListFormat(locale, { type: 'conjunction' });
    this.or = new Intl.ListFormat(locale, { type: 'disjunction' });
    this.plurals = new Intl.PluralRules(locale);
  }

  format(key: MessageKey, args: Args): string {
    return this.pattern(key, this.catalog.messages[key])(args);
  }

  /** A catalogue pattern (also one that is not a message key, such as a unit's plural), compiled on first use. */
  pattern(key: string, text: string): Compiled {
    let m = this.compiled.get(key);
    if (!m) this.compiled.set(key, (m = this.compile(new IntlMessageFormat(text, this.locale).getAst() as Element[], key)));
    return m;
  }

  private compile(elements: readonly Element[], key: string): Compiled {
    const parts = elements.map((e) => this.element(e, key));
    if (parts.length === 1) return parts[0];
    return (args) => {
      let out = '';
      for (let i = 0; i < parts.length; i++) out += parts[i](args);
      return out;
    };
  }

  private element(e: Element, key: string): Compiled {
    const name = e.value ?? '';
    switch (e.type) {
      case LITERAL:
        return () => name;
      case ARGUMENT:
        return (args) => {
          const v = args[name];
          if (v === undefined) throw new Error(`message ${key}: no value for {${name}}`);
          return typeof v === 'number' ? this.plain(v) : String(v);
        };
      case NUMBER:
        return (args) => this.plain(Number(args[name]));
      case POUND:
        return (args) => this.plain(Number(args['#']));
      case SELECT: {
        const options = new Map(Object.entries(e.options ?? {}).map(([k, o]) => [k, this.compile(o.value, key)]));
        const other = options.get('other') ?? (() => '');
        return (args) => (options.get(String(args[name])) ?? other)(args);
      }
      case PLURAL: {
        const exact = new Map<number, Compiled>();
        const byRule = new Map<string, Compiled>();
        for (const [k, o] of Object.entries(e.options ?? {})) {
          const c = this.compile(o.value, key);
          if (k.startsWith('=')) exact.set(Number(k.slice(1)), c);
          else byRule.set(k, c);
        }
        const other = byRule.get('other') ?? (() => '');
        const offset = e.offset ?? 0;
        return (args) => {
          const n = Number(args[name]);
          const hit = exact.get(n);
          const inner = { ...args, '#': n - offset };
          if (hit) return hit(inner);
          return (byRule.get(this.plurals.select(n - offset)) ?? other)(inner);
        };
      }
      default:
        throw new Error(`message ${key}: a kind of ICU element the renderer does not support (${e.type})`);
    }
  }

  percent(n: number): string {
    return remembered(this.percentTexts, n, (x) => plainSpaces((this.percents ??= new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 2 })).format(x)));
  }
  private percents: Intl.NumberFormat | undefined;
  private readonly percentTexts = new Map<number, string>();

  number(n: number): string {
    return remembered(this.numberTexts, n, (x) => {
      // A coefficient shown as the source prints it (up to 12 places: ir/scale.ts); every other value has 6.
      if (Math.round(x * 1e6) / 1e6 !== x) return (this.fine ??= new Intl.NumberFormat(this.locale, { maximumFractionDigits: 12 })).format(x);
      return this.numbers.format(x);
    });
  }
  private fine: Intl.NumberFormat | undefined;

  /** A number in a message argument, with up to 6 places. */
  private plain(n: number): string {
    return remembered(this.plainTexts, n, (x) => this.numbers.format(x));
  }
  private readonly plainTexts = new Map<number, string>();
  /** Formatted numbers by value: Intl's `format` costs about a microsecond, and a batch repeats its values
   *  (ages, amounts, thresholds). Bounded (see `remembered`). */
  private readonly numberTexts = new Map<number, string>();
  private readonly currencyTexts = new Map<string, Map<number, string>>();

  /** "Bs 1.820", "R$ 91,00" (Brazil writes centavos always), "S/ 200". */
  currency(n: number, currency: string): string {
    let texts = this.currencyTexts.get(currency);
    if (!texts) this.currencyTexts.set(currency, (texts = new Map()));
    return remembered(texts, n, (x) => this.currencyText(x, currency));
  }

  private currencyText(n: number, currency: string): string {
    const whole = Number.isInteger(n) && currency !== 'BRL';
    const key = `${currency}:${whole}`;
    let f = this.money.get(key);
    if (!f) {
      try {
        f = new Intl.NumberFormat(this.locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 6 });
      } catch {
        f = this.numbers; // not an ISO currency code: the number alone, the code follows
      }
      this.money.set(key, f);
    }
    if (f === this.numbers) return `${this.numbers.format(n)} ${currency}`;
    // CLDR has the sol's "S/" only for Peru's locales; a Peruvian amount reads "S/" in any language.
    // Some locales glue the symbol to the figure ("R$65,00" in es-BO): a case worker reads "R$ 65,00".
    const plain = plainSpaces(f.format(n));
    const text = this.lang === 'en' ? plain : plain.replace(/^(-?[^\d\s.,-]+)(?=\d)/, '$1 ');
    return currency === 'PEN' ? text.replace('PEN', 'S/') : text;
  }

  date(iso: string): string {
    if (!this.dates) return iso;
    const t = Date.parse(`${iso}T00:00:00Z`);
    if (Number.isNaN(t)) return iso;
    // Brazilian usage writes the first of the month as an ordinal: "1º de setembro de 2006".
    const text = this.dates.format(t);
    return this.lang === 'pt' ? text.replace(/^1 de /, '1º de ') : text;
  }

  list(items: readonly string[], type: 'and' | 'or'): string {
    return (type === 'and' ? this.and : this.or).format(items);
  }

  plural(n: number): Intl.LDMLPluralRule {
    return this.plurals.select(n);
  }
}

/** `make(n)`, kept in `texts` (cleared when it reaches 10,000 values: a batch of all-different values
 *  costs what it did without the cache). */
function remembered(texts: Map<number, string>, n: number, make: (n: number) => string): string {
  if (n === 0 && 1 / n < 0) return make(n); // -0 prints "-0", and a Map does not tell it from 0
  let t = texts.get(n);
  if (t === undefined) {
    if (texts.size >= 10_000) texts.clear();
    texts.set(n, (t = make(n)));
  }
  return t;
}

/** CLDR puts no-break spaces in "Bs 500" and "85 %"; reasons are plain text that callers compare and
 *  search, so they get ordinary spaces. */
function plainSpaces(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, ' ');
}

const cache = new Map<string, Messages>();

/** The messages of a language in a country's conventions, made once per (language, country). */
export function messagesFor(lang: Lang, country: string | undefined): Messages {
  const locale = localeOf(lang, country);
  let m = cache.get(locale);
  if (!m) cache.set(locale, (m = new Messages(lang, locale)));
  return m;
}

function localeOf(lang: Lang, country: string | undefined): string {
  if (lang === 'pt') return 'pt-BR';
  if (lang === 'es') return country === 'PE' ? 'es-PE' : 'es-BO';
  return 'en';
}
