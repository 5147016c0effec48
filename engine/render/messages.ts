// The catalogues' ICU messages, compiled once per language (intl-messageformat parses each pattern when
// it is constructed; formatting then walks the parsed pattern only), and the locale's number, date and
// list formatters. A message that fails to parse is a bug in a catalogue: the test suite formats every one.
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './catalog/en';
import { es } from './catalog/es';
import { pt } from './catalog/pt';
import type { Catalog, Lang, MessageKey } from './catalog/types';

export const CATALOGS: Record<Lang, Catalog> = { en, es, pt };

type Args = Record<string, string | number | boolean>;

/** One language in one country's conventions (es-BO writes "Bs 1.820", es-PE "S/ 1,820", pt-BR "R$ 91,00"). */
export class Messages {
  readonly catalog: Catalog;
  private readonly compiled = new Map<string, IntlMessageFormat>();
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
    return this.pattern(key, this.catalog.messages[key]).format(args) as string;
  }

  /** A catalogue pattern that is not a message key (a unit's plural), compiled on first use. */
  pattern(key: string, text: string): IntlMessageFormat {
    let m = this.compiled.get(key);
    if (!m) this.compiled.set(key, (m = new IntlMessageFormat(text, this.locale)));
    return m;
  }

  number(n: number): string {
    return this.numbers.format(n);
  }

  /** "Bs 1.820", "R$ 91,00" (Brazil writes centavos always), "S/ 200". */
  currency(n: number, currency: string): string {
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
    return f === this.numbers ? `${this.numbers.format(n)} ${currency}` : f.format(n);
  }

  date(iso: string): string {
    if (!this.dates) return iso;
    const t = Date.parse(`${iso}T00:00:00Z`);
    return Number.isNaN(t) ? iso : this.dates.format(t);
  }

  list(items: readonly string[], type: 'and' | 'or'): string {
    return (type === 'and' ? this.and : this.or).format(items);
  }

  plural(n: number): Intl.LDMLPluralRule {
    return this.plurals.select(n);
  }
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
