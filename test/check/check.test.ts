// The checker's contract beyond the golden messages: what CheckedRuleset holds, the program resolver,
// and never throwing on the partial ASTs the parser hands over after syntax errors.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RulesetFile } from '../../dsl/ast';
import { check } from '../../dsl/check';
import { parse } from '../../dsl/parse';
import { householdFields, memberFields } from '../../dsl/schema/fields';

const BOLSA = `
program br/bolsa-escola-df "Bolsa Escola, Federal District"
  country BR
  currency BRL
  in force from 1995-01-01

parameter minimum_wage: BRL per month
  from 1995-01-01 = 100 source "BE Appendix III"
  from 1998-05-01 = 130 source "BE §4.4"
parameter income_limit_share: number = 0.7 source "BE Appendix III fn 17"

table housing_points: points source "BE Annex 1" {
  rented => 120
  lent => 80
  otherwise => 0
}

let points = housing_points(household.housing) + 10 points * children / 1 person
let per_capita_income = household.monthly_income / count(members)
let children = count(members as c where c.age in 7..14)

eligible when all of {
  "a child aged 7 to 14": children >= 1
  "income at most 0.7 MW per person": per_capita_income <= income_limit_share * minimum_wage / 1 person
  "not in JUNTOS": not eligible(pe/juntos)
}
benefit per month = minimum_wage
score priority = points
`;

const codes = (r: ReturnType<typeof check>) => r.diagnostics.map((d) => d.code);

describe('check', () => {
  it('hands over resolved names, fields, calls and lets in dependency order', () => {
    const { ast, diagnostics } = parse(BOLSA);
    expect(diagnostics).toEqual([]);
    const r = check(ast, { id: 'br/bolsa-escola-df', resolve: () => ({}) as RulesetFile });
    expect(r.diagnostics).toEqual([]);
    const c = r.checked!;
    expect(c.id).toBe('br/bolsa-escola-df');
    expect(c.currency).toBe('BRL');
    expect(c.country).toBe('BR');
    expect(c.subject.kind).toBe('HouseholdSubject');
    expect(c.lets.map((l) => l.name.text)).toEqual(['children', 'points', 'per_capita_income']);
    expect(c.programDependencies).toEqual(['pe/juntos']);
    expect([...c.parameters.keys()]).toEqual(['minimum_wage', 'income_limit_share']);
    const resolutions = [...c.names.values()].map((n) => n.kind);
    expect(resolutions).toContain('parameter');
    expect(resolutions).toContain('let');
    expect(resolutions).toContain('binder');
    const fields = [...c.fields.values()];
    expect(fields).toContainEqual({ kind: 'derived', owner: 'member', name: 'age' });
    expect(fields).toContainEqual({ kind: 'stored', owner: 'household', path: ['monthly_income'] });
    expect([...c.calls.values()].map((t) => t.kind)).toEqual(['table']);
    expect(c.types.get(c.benefit!.amount.id)).toEqual({ kind: 'number', unit: { BRL: 1, month: -1 } });
  });

  it('reports an unknown program when the resolver does not know it', () => {
    const r = check(parse(BOLSA).ast, { resolve: () => undefined });
    expect(codes(r)).toEqual(['E-UNKNOWN-PROGRAM']);
    expect(r.checked).toBeUndefined();
    expect(r.diagnostics[0].message).toContain('unknown program `pe/juntos`');
  });

  it('without a resolver, trusts other program ids', () => {
    expect(check(parse(BOLSA).ast).checked?.programDependencies).toEqual(['pe/juntos']);
  });

  it('types member programs: the alias is a member', () => {
    const text = `program bo/mped "M"
      country BO
      currency BOB
      for each member as youth where youth.age in 15..29
      eligible when "young": youth.age < 25 and youth.enrollment.level is secondary`;
    const r = check(parse(text).ast);
    expect(r.diagnostics).toEqual([]);
    expect(r.checked!.subject.kind).toBe('MemberSubject');
    expect([...r.checked!.names.values()]).toContainEqual({ kind: 'subject' });
    expect([...r.checked!.fields.values()]).toContainEqual({ kind: 'stored', owner: 'member', path: ['enrollment', 'level'] });
  });

  it('never throws on an empty or header-only AST', () => {
    const empty = { kind: 'RulesetFile', id: 0, range: undefined, program: undefined, declarations: undefined } as unknown as RulesetFile;
    expect(codes(check(empty))).toEqual(['E-NO-PROGRAM']);
  });

  it('never throws on damaged ASTs: any property may be missing', () => {
    const base = parse(BOLSA).ast;
    fc.assert(fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (picks) => {
      const ast = structuredClone(base);
      for (const p of picks) damage(ast, p);
      const r = check(ast);
      expect(r.diagnostics.filter((d) => d.code === 'E-INTERNAL').map((d) => d.message)).toEqual([]);
    }), { numRuns: 1000 });
  });

  it('never throws on truncated source text (the parser recovers, the checker copes)', () => {
    const text = readFileSync(new URL('../golden/diagnostics/valid-mped/input.elig', import.meta.url), 'utf8');
    for (let cut = 0; cut < text.length; cut += 7) {
      const r = check(parse(text.slice(0, cut)).ast);
      expect(codes(r)).not.toContain('E-INTERNAL');
    }
  });
});

/** Deletes the n-th object-valued or scalar property found in a walk of the tree. */
function damage(root: unknown, n: number) {
  const slots: [Record<string, unknown>, string][] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (k !== 'kind') slots.push([v as Record<string, unknown>, k]);
      walk(child);
    }
  };
  walk(root);
  if (slots.length === 0) return;
  const [obj, key] = slots[n % slots.length];
  obj[key] = undefined;
}

describe('field catalogue', () => {
  it('gives money fields the program currency per month', () => {
    const h = householdFields('BRL');
    expect(h.find((f) => f.path === 'monthly_income')?.type).toEqual({ kind: 'number', unit: { BRL: 1, month: -1 } });
    expect(h.find((f) => f.path === 'electricity.bill_per_month')?.type).toEqual({ kind: 'number', unit: { BRL: 1, month: -1 } });
    expect(h.find((f) => f.path === 'electricity.kwh_per_month')?.type).toEqual({ kind: 'number', unit: { kWh: 1, month: -1 } });
    expect(h.find((f) => f.path === 'size')).toMatchObject({ derived: true, type: { kind: 'number', unit: { person: 1 } } });
    expect(h.find((f) => f.path === 'residency_years')?.type).toEqual({ kind: 'number', unit: { year: 1 } });
  });
  it('does not list the members and programs arrays', () => {
    const paths = householdFields('BOB').map((f) => f.path);
    expect(paths).not.toContain('members');
    expect(paths).not.toContain('programs');
  });
  it('lists member fields with units, enums and descriptions', () => {
    const m = memberFields('PEN');
    expect(m.find((f) => f.path === 'age')).toMatchObject({ derived: true, type: { kind: 'number', unit: { year: 1 } } });
    expect(m.filter((f) => f.path === 'age')).toHaveLength(1);
    expect(m.find((f) => f.path === 'enrollment.year')?.type).toEqual({ kind: 'number', unit: { grade: 1 } });
    expect(m.find((f) => f.path === 'prenatal_checkups')?.type).toEqual({ kind: 'number', unit: { checkup: 1 } });
    expect(m.find((f) => f.path === 'enrollment.attendance_rate')?.type).toEqual({ kind: 'number', unit: {} });
    expect(m.find((f) => f.path === 'employment')?.type).toEqual({ kind: 'enum', values: ['employed', 'unemployed', 'inactive'], field: 'members.employment' });
    expect(m.find((f) => f.path === 'birth_date')?.type).toEqual({ kind: 'date' });
    expect(m.find((f) => f.path === 'pregnant')?.type).toEqual({ kind: 'bool' });
    for (const f of [...m, ...householdFields('PEN')]) expect(f.description.length).toBeGreaterThan(5);
  });
});
