// Random well-typed rulesets and households for the property tests. Rulesets are built as source TEXT
// (then parsed and checked like any other), from a typed grammar: every expression is generated for a type
// (a number in a given unit, a condition, an enum field), so almost every ruleset passes the checker.
// Draws go through fast-check's `fc.gen()`, so failures shrink draw by draw.
import fc from 'fast-check';

/** The random choices a generator makes. */
export interface Rand {
  int(min: number, max: number): number;
  bool(pTrue?: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

export function randFromGen(g: fc.GeneratorValue): Rand {
  const int = (min: number, max: number) => g(fc.integer, { min, max });
  return {
    int,
    bool: (p = 0.5) => int(0, 999) < p * 1000,
    pick: (xs) => xs[int(0, xs.length - 1)],
  };
}

// ---------------------------------------------------------------- the typed catalogue

type UnitName = 'money' | 'year' | 'kwh' | 'person' | 'ratio' | 'money_pp';
const UNIT_TEXT: Record<UnitName, string> = {
  money: 'BOB per month', year: 'year', kwh: 'kWh per month', person: 'person', ratio: 'number', money_pp: 'BOB per person per month',
};
const UNITS = Object.keys(UNIT_TEXT) as UnitName[];

/** Numeric fields by unit: household ones (`household.…`) and member ones (`M.…`, M replaced by a member). */
const NUMERIC_FIELDS: Record<UnitName, string[]> = {
  money: ['household.monthly_income', 'household.electricity.bill_per_month', 'M.monthly_income'],
  year: ['M.age', 'household.residency_years'],
  kwh: ['household.electricity.kwh_per_month'],
  person: ['household.size'],
  ratio: ['M.enrollment.attendance_rate', 'household.community.juntos_household_share'],
  money_pp: [],
};

const ENUM_FIELDS: [string, string[]][] = [
  ['household.area', ['urban', 'suburban', 'rural']],
  ['household.housing', ['rented', 'lent', 'owned_irregular_plot', 'owned_regular_plot']],
  ['household.registry_poverty', ['extreme_poor', 'poor', 'non_poor']],
  ['M.sex', ['female', 'male']],
  ['M.employment', ['employed', 'unemployed', 'inactive']],
  ['M.relationship', ['head', 'spouse', 'child', 'grandchild', 'parent', 'other_relative', 'other']],
  ['M.secondary_school_type', ['public', 'agreement', 'private']],
  ['M.enrollment.level', ['primary', 'secondary', 'special', 'alternative_youth']],
];
const BOOL_FIELDS = ['household.walls_plastered', 'household.has_electricity', 'M.pregnant', 'M.disabled', 'M.indigenous'];
const DATE_FIELDS = ['M.birth_date', 'household.resident_since'];

interface Param {
  name: string;
  unit: UnitName | 'date';
}
interface Table {
  name: string;
  key: { kind: 'number'; unit: UnitName } | { kind: 'enum'; field: string };
}
interface Let {
  name: string;
  type: UnitName | 'bool';
}

interface Scope {
  members: string[]; // member-valued names in scope: the subject alias, binders
}

export interface RandomRuleset {
  source: string;
  /** Parameters whose values the laws may vary (for documentation in failures). */
  parameters: string[];
}

// ---------------------------------------------------------------- names

interface NameStyle {
  parameter: string;
  table: string;
  let: string;
  binder: string;
  alias: string;
}
const ASCII_NAMES: NameStyle = { parameter: 'p', table: 't', let: 'l', binder: 'm', alias: 'x' };
/** Names in the designers' languages: accents, ñ, ç, a combining mark, and a letter of another script. */
const UNICODE_NAMES: NameStyle[] = [
  { parameter: 'parâmetro', table: 'tabela_habitação', let: 'definição', binder: 'criança', alias: 'beneficiária' },
  { parameter: 'año_', table: 'tabla_niños', let: 'cálculo', binder: 'niño', alias: 'señora' },
  { parameter: 'Ωmega', table: 'tábua', let: 'ĺet', binder: 'membro_u\u0308', alias: 'mãe' },
];

// ---------------------------------------------------------------- the generator

export class RulesetGenerator {
  private params: Param[] = [];
  private tables: Table[] = [];
  private lets: Let[] = [];
  private binderCount = 0;
  private labelCount = 0;
  /** How this ruleset spells its names: plain ASCII, or with letters beyond it (`parâmetro0`, `niño`).
   *  Decided once per ruleset, so shrinking keeps it. */
  private names: NameStyle = ASCII_NAMES;

  constructor(private readonly r: Rand) {}

  ruleset(): RandomRuleset {
    const r = this.r;
    this.names = r.bool(0.3) ? r.pick(UNICODE_NAMES) : ASCII_NAMES;
    const names = this.names;
    const lines: string[] = ['program xx/random "A random program"', '  country BO', '  currency BOB', '  source "generated"'];
    if (r.bool(0.25)) {
      const from = r.int(2005, 2020);
      lines.push(`  in force from ${this.date(from, from)}${r.bool(0.5) ? ` until ${this.date(from + 1, from + 10)}` : ''}`);
    }
    lines.push('');
    for (let i = 0, n = r.int(1, 4); i < n; i++) lines.push(this.parameter(i));
    for (let i = 0, n = r.int(0, 2); i < n; i++) lines.push(this.table(i));
    const memberSubject = r.bool(0.5);
    const scope: Scope = { members: memberSubject ? [names.alias] : [] };
    if (memberSubject) {
      lines.push(`for each member as ${names.alias}${r.bool(0.7) ? ` where ${this.boolExpr({ members: [names.alias] }, 1)}` : ''}`);
    }
    for (let i = 0, n = r.int(0, 3); i < n; i++) {
      const type: Let['type'] = r.bool(0.3) ? 'bool' : r.pick(UNITS);
      const value = type === 'bool' ? this.boolExpr(scope, 2) : this.numExpr(type, scope, 2);
      lines.push(`let ${names.let}${i} = ${value}`);
      this.lets.push({ name: `${names.let}${i}`, type });
    }
    if (r.bool(0.9)) lines.push(`eligible when ${this.item(scope, r.int(0, 3))}`);
    if (r.bool(0.6)) lines.push(`benefit per month = ${this.numExpr('money', scope, 2)}`);
    for (let i = 0, n = r.int(0, 2); i < n; i++) lines.push(`score s${i} = ${r.bool(0.4) ? this.pointsSum(scope) : this.numExpr(r.pick(UNITS), scope, 2)}`);
    if (r.bool(0.3)) lines.push(`outcome = if ${this.boolExpr(scope, 1)} then "selected" else "waitlist"`);
    if (r.bool(0.3)) lines.push(this.translation(lines));
    return { source: lines.join('\n') + '\n', parameters: this.params.map((p) => p.name) };
  }

  /** `language pt` in the header and a Spanish translation of some labels, names and parameter values. */
  private translation(lines: string[]): string {
    const r = this.r;
    lines.splice(1, 0, '  language pt');
    const labels = [...new Set([...lines.join('\n').matchAll(/"([cg]\d+|term \d+)"/g)].map((m) => m[1]!))];
    const entries = ['  "A random program": "Un programa al azar"'];
    for (const l of labels) if (r.bool(0.6)) entries.push(`  "${l}": "${l} en español"`);
    const p = this.params[0];
    if (p && p.unit !== 'date' && r.bool(0.5)) entries.push(`  ${p.name}: "el parámetro, {${p.name}}"`);
    return `translation es {\n${entries.join('\n')}\n}`;
  }

  // ------------------------------------------------------------ declarations

  private parameter(i: number): string {
    const r = this.r;
    const unit: Param['unit'] = r.bool(0.1) ? 'date' : r.pick(UNITS);
    this.params.push({ name: `${this.names.parameter}${i}`, unit });
    const head = `parameter ${this.names.parameter}${i}: ${unit === 'date' ? 'date' : UNIT_TEXT[unit]}`;
    const value = () => (unit === 'date' ? this.date() : this.literal(unit));
    const prov = () => (r.bool(0.5) ? 'source "s"' : 'assumption "a guess"');
    if (r.bool(0.4)) return `${head} = ${value()} ${prov()}`;
    const years = new Set<number>();
    for (let k = 0, n = r.int(1, 3); k < n; k++) years.add(r.int(2005, 2024));
    const rows = [...years].sort().map((y) => `  from ${y}-${r.pick(['01-01', '07-01', '03-15'])} = ${value()} ${prov()}`);
    const until = r.bool(0.3) ? `\n  until ${Math.max(...years) + r.int(0, 4)}-12-31` : '';
    return `${head}\n${rows.join('\n')}${until}`;
  }

  private table(i: number): string {
    const r = this.r;
    const name = `${this.names.table}${i}`;
    const prov = r.bool(0.5) ? 'source "s"' : 'assumption "a guess"';
    const rows: string[] = [];
    if (r.bool(0.5)) {
      const [field, values] = r.pick(ENUM_FIELDS.filter(([f]) => f.startsWith('household.')));
      this.tables.push({ name, key: { kind: 'enum', field } });
      for (const v of values) if (r.bool(0.7)) rows.push(`  ${v} => ${r.int(-5, 50)}`);
    } else {
      const unit = r.pick(['year', 'money', 'person'] as const);
      this.tables.push({ name, key: { kind: 'number', unit } });
      // Consecutive bands with occasional gaps; open ends sometimes.
      let low = r.int(0, 20);
      if (r.bool(0.3)) rows.push(`  ..<${low} => ${r.int(0, 9)}`);
      for (let k = 0, n = r.int(1, 4); k < n; k++) {
        const high = low + r.int(0, 15);
        const excl = r.bool(0.4);
        rows.push(`  ${low}..${excl ? '<' : ''}${excl ? high + 1 : high} => ${r.int(-5, 99)}`);
        low = high + 1 + (r.bool(0.2) ? r.int(1, 3) : 0);
      }
      if (r.bool(0.4)) rows.push(`  ${low}.. => ${r.int(0, 9)}`);
    }
    if (rows.length === 0 || r.bool(0.4)) rows.push(`  otherwise => ${r.int(0, 9)}`);
    return `table ${name}: point ${prov} {\n${rows.join('\n')}\n}`;
  }

  private item(scope: Scope, depth: number): string {
    const r = this.r;
    if (depth === 0 || r.bool(0.3)) return `"c${this.labelCount++}": ${this.boolExpr(scope, 2)}`;
    const combinator = r.pick(['all', 'all', 'any', 'none']);
    const label = r.bool(0.5) ? ` "g${this.labelCount++}"` : '';
    const items = Array.from({ length: r.int(1, 3) }, () => this.item(scope, depth - 1));
    return `${combinator} of${label} {\n${items.join('\n')}\n}`;
  }

  private pointsSum(scope: Scope): string {
    const terms = Array.from({ length: this.r.int(1, 3) }, (_, i) => `"term ${i}": ${this.pointsTerm(scope)}`);
    return `sum of { ${terms.join(' ')} }`;
  }

  // ------------------------------------------------------------ expressions

  numExpr(unit: UnitName, scope: Scope, depth: number): string {
    const r = this.r;
    const leaves: (() => string | undefined)[] = [
      () => (NUMERIC_FIELDS[unit].length > 0 ? this.field(r.pick(NUMERIC_FIELDS[unit]), scope) : undefined),
      () => this.paramOf(unit),
      () => this.letOf(unit),
      () => this.literal(unit),
      () => (unit === 'person' ? (r.bool(0.5) ? 'count(members)' : this.count(scope)) : undefined),
      () => (unit === 'money_pp' ? `${this.field(r.pick(NUMERIC_FIELDS.money), scope)} / ${r.bool(0.7) ? 'count(members)' : 'household.size'}` : undefined),
      () => (unit === 'year' ? `years_between(${this.dateExpr(scope)}, ${this.dateExpr(scope)})` : undefined),
    ];
    if (depth > 0 && r.bool(0.5)) {
      const sub = () => this.numExpr(unit, scope, depth - 1);
      const choice = r.int(0, 12);
      switch (choice) {
        case 0: return `(${sub()} + ${sub()})`;
        case 1: return `(${sub()} - ${sub()})`;
        case 2: return `(${this.factor()} * ${sub()})`;
        case 3: return `(${sub()} / ${r.bool(0.1) ? '0' : this.factor()})`;
        case 4: return `min(${sub()}, ${sub()})`;
        case 5: return `max(${sub()}, ${sub()}, ${sub()})`;
        case 6: return `clamp(${sub()}, ${this.literal(unit)}, ${this.literal(unit)})`;
        case 7: return r.bool(0.5) ? `round(${sub()})` : `round(${sub()}, ${r.int(0, 3)})`;
        case 8: return `${r.pick(['floor', 'ceil', 'abs'])}(${sub()})`;
        case 9: return `(if ${this.boolExpr(scope, depth - 1)} then ${sub()} else ${sub()})`;
        case 10: return `-(${sub()})`;
        case 11: {
          const m = `${this.names.binder}${this.binderCount++}`;
          const inner = { members: [...scope.members, m] };
          const memberField = (NUMERIC_FIELDS[unit] ?? []).filter((f) => f.startsWith('M.'));
          if (memberField.length === 0) return sub();
          const where = r.bool(0.5) ? ` where ${this.boolExpr(inner, 0)}` : '';
          return `${r.pick(['sum', 'min', 'max'])}(members as ${m}${where}: ${this.field(r.pick(memberField), { members: [m] })})`;
        }
        default:
          if (unit === 'ratio') return `normal_cdf(${sub()})`;
          return sub();
      }
    }
    for (;;) {
      const x = r.pick(leaves)();
      if (x !== undefined) return x;
    }
  }

  boolExpr(scope: Scope, depth: number): string {
    const r = this.r;
    const choice = r.int(0, depth > 0 ? 13 : 8);
    switch (choice) {
      case 0:
        if (this.tables.length > 0 && r.bool(0.5)) return `${this.pointsTerm(scope)} ${r.pick(['<', '<=', '>', '>='])} ${r.int(0, 40)}`;
        if (r.bool(0.5)) return `${this.count(scope)} ${r.pick(['<', '<=', '>', '>=', '='])} ${r.int(0, 3)}`;
        return this.comparison(scope, depth);
      case 1:
        return this.comparison(scope, depth);
      case 2: {
        const unit = r.pick(UNITS);
        const lo = this.literal(unit);
        const form = r.int(0, 3);
        const hi = addDecimal(lo, r.int(0, 30));
        const range = form === 0 ? `${lo}..${hi}` : form === 1 ? `${lo}..<${addDecimal(hi, 1)}` : form === 2 ? `..${hi}` : `${lo}..`;
        return `${this.numExpr(unit, scope, depth)} ${r.bool(0.2) ? 'not in' : 'in'} ${range}`;
      }
      case 3: {
        const [field, values] = this.enumField(scope);
        const set = values.filter(() => r.bool(0.4));
        if (set.length === 0) set.push(values[0]);
        return `${field} ${r.bool(0.2) ? 'not in' : 'in'} {${set.join(', ')}}`;
      }
      case 4: {
        const [field, values] = this.enumField(scope);
        return `${field} ${r.bool(0.2) ? 'is not' : 'is'} ${r.pick(values)}`;
      }
      case 5: {
        const f = r.pick([...BOOL_FIELDS, ...NUMERIC_FIELDS.money, ...DATE_FIELDS]);
        return `${this.field(f, scope)} ${r.bool(0.7) ? 'is known' : 'is unknown'}`;
      }
      case 6:
        return this.field(r.pick(BOOL_FIELDS), scope)!;
      case 7:
        return this.letOf('bool') ?? `${this.dateExpr(scope)} ${r.pick(['<', '>=', '='])} ${this.dateExpr(scope)}`;
      case 8:
        return r.pick(['true', 'false', `evaluation_date >= ${this.date()}`]);
      case 9:
        return `(${this.boolExpr(scope, depth - 1)} and ${this.boolExpr(scope, depth - 1)})`;
      case 10:
        return `(${this.boolExpr(scope, depth - 1)} or ${this.boolExpr(scope, depth - 1)})`;
      case 11:
        return `not (${this.boolExpr(scope, depth - 1)})`;
      default: {
        const m = `${this.names.binder}${this.binderCount++}`;
        const inner = { members: [...scope.members, m] };
        const where = r.bool(0.4) ? ` where ${this.boolExpr(inner, 0)}` : '';
        return `${r.pick(['any', 'all'])}(members as ${m}${where}: ${this.boolExpr({ members: [m] }, depth - 1)})`;
      }
    }
  }

  private comparison(scope: Scope, depth: number): string {
    const unit = this.r.pick(UNITS);
    return `${this.numExpr(unit, scope, depth)} ${this.r.pick(['<', '<=', '>', '>=', '=', '!='])} ${this.numExpr(unit, scope, depth)}`;
  }

  private count(scope: Scope): string {
    const m = `${this.names.binder}${this.binderCount++}`;
    return `count(members as ${m} where ${this.boolExpr({ members: [...scope.members, m] }, 0)})`;
  }

  private dateExpr(scope: Scope): string {
    const r = this.r;
    const p = this.params.filter((x) => x.unit === 'date');
    const choice = r.int(0, 3);
    if (choice === 0 && p.length > 0) return r.pick(p).name;
    if (choice === 1) return 'evaluation_date';
    if (choice === 2) return this.field(r.pick(DATE_FIELDS), scope)!;
    return this.date(1950, 2024);
  }

  /** A field path with `M.` replaced by a member in scope (head/spouse when none is). */
  private field(path: string | undefined, scope: Scope): string | undefined {
    if (!path) return undefined;
    if (!path.startsWith('M.')) return path;
    const member = scope.members.length > 0 && this.r.bool(0.85) ? this.r.pick(scope.members) : this.r.pick(['head', 'spouse']);
    return member + path.slice(1);
  }

  private enumField(scope: Scope): [string, string[]] {
    const [f, values] = this.r.pick(ENUM_FIELDS);
    return [this.field(f, scope)!, values];
  }

  private paramOf(unit: UnitName): string | undefined {
    const ps = this.params.filter((p) => p.unit === unit);
    return ps.length > 0 ? this.r.pick(ps).name : undefined;
  }

  private letOf(type: Let['type']): string | undefined {
    const ls = this.lets.filter((l) => l.type === type);
    return ls.length > 0 ? this.r.pick(ls).name : undefined;
  }

  /** A table lookup (in points) or a plain number, for the terms of `sum of` and point comparisons. */
  private pointsTerm(scope: Scope): string {
    if (this.tables.length === 0 || this.r.bool(0.3)) return `(if ${this.boolExpr(scope, 0)} then ${this.r.int(0, 50)} else ${this.r.int(0, 5)})`;
    const t = this.r.pick(this.tables);
    const key = t.key.kind === 'enum' ? t.key.field : this.numExpr(t.key.unit, scope, 1);
    return `${t.name}(${key})`;
  }

  private literal(unit: UnitName | 'person'): string {
    const r = this.r;
    const scale = unit === 'money' ? 2000 : unit === 'money_pp' ? 800 : unit === 'year' ? 80 : unit === 'kwh' ? 300 : unit === 'ratio' ? 1 : 8;
    if (unit === 'ratio') return r.pick(['0', '0.5', '0.25', '0.9', '1', '0.333333']);
    const whole = r.int(0, scale);
    return r.bool(0.25) ? `${whole}.${r.pick(['5', '25', '7', '05', '125'])}` : String(whole);
  }

  private factor(): string {
    return this.r.pick(['2', '0.5', '0.7', '1.15', '3', '0.1', '130', '4']);
  }

  private date(from = 2005, to = 2024): string {
    const r = this.r;
    return `${r.int(from, to)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  }
}

export const rulesetArb: fc.Arbitrary<RandomRuleset> = fc.gen().map((g) => new RulesetGenerator(randFromGen(g)).ruleset());

/** `lo + n` printed as an exact decimal. */
function addDecimal(lo: string, n: number): string {
  return String(Math.round((Number(lo) + n) * 1e6) / 1e6);
}

// ---------------------------------------------------------------- households and dates

const MONEY = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(91, 364, 700, 699.99, 0.7, 130), fc.integer({ min: 0, max: 300000 }).map((c) => c / 100));
const DATE = fc.integer({ min: Date.UTC(1940, 0, 1) / 864e5, max: Date.UTC(2025, 11, 31) / 864e5 }).map((d) => new Date(d * 864e5).toISOString().slice(0, 10));
const LEAP = fc.constantFrom('2000-02-29', '2004-02-29', '1996-02-29');

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

const memberArb = fc.record({
  relationship: optional(fc.constantFrom('head', 'spouse', 'child', 'grandchild', 'parent', 'other_relative', 'other')),
  sex: optional(fc.constantFrom('female', 'male')),
  birth_date: optional(fc.oneof(DATE, LEAP)),
  age: optional(fc.integer({ min: 0, max: 100 })),
  employment: optional(fc.constantFrom('employed', 'unemployed', 'inactive')),
  monthly_income: optional(MONEY),
  secondary_school_type: optional(fc.constantFrom('public', 'agreement', 'private')),
  pregnant: optional(fc.boolean()),
  disabled: optional(fc.boolean()),
  indigenous: optional(fc.boolean()),
  enrollment: optional(fc.record({
    level: fc.constantFrom('primary', 'secondary', 'special', 'alternative_youth'),
    year: fc.integer({ min: 1, max: 8 }),
    attendance_rate: optional(fc.constantFrom(0, 0.5, 0.8, 0.9, 0.93, 1)),
  })),
});

export const householdArb = fc.record({
  monthly_income: optional(MONEY),
  electricity: optional(fc.record({ kwh_per_month: optional(fc.integer({ min: 0, max: 400 })), bill_per_month: optional(MONEY) })),
  area: optional(fc.constantFrom('urban', 'suburban', 'rural')),
  housing: optional(fc.constantFrom('rented', 'lent', 'owned_irregular_plot', 'owned_regular_plot')),
  registry_poverty: optional(fc.constantFrom('extreme_poor', 'poor', 'non_poor')),
  resident_since: optional(DATE),
  walls_plastered: optional(fc.boolean()),
  has_electricity: optional(fc.boolean()),
  community: optional(fc.record({ juntos_household_share: optional(fc.constantFrom(0, 0.1, 0.5, 0.75, 1)) })),
  members: fc.array(memberArb, { minLength: 1, maxLength: 4 }),
}).map((h) => clean({ id: 'H', ...h, members: h.members.map((m, i) => ({ id: `p${i + 1}`, ...m })) }));

export const dateArb = fc.oneof(DATE.filter((d) => d >= '2000-01-01'), fc.constantFrom('2012-01-01', '2013-06-30', '2016-02-29'));

/** Drops undefined properties so a household is plain JSON. */
export function clean<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** Every JSON pointer to a leaf fact of a household (not ids, not the members array itself). */
export function factPointers(h: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (o: unknown, base: string) => {
    if (o === null || typeof o !== 'object') {
      out.push(base);
      return;
    }
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (k === 'id') continue;
      walk(v, `${base}/${k}`);
    }
  };
  walk(h, '');
  return out.filter((p) => p !== '/members');
}

/** A copy of `h` without the facts at `pointers`. */
export function withoutFacts<T>(h: T, pointers: string[]): T {
  const copy = clean(h) as Record<string, unknown>;
  for (const p of pointers) {
    const parts = p.split('/').slice(1);
    let o: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) o = o[part] as Record<string, unknown>;
    delete o[parts[parts.length - 1]];
  }
  return copy as T;
}
