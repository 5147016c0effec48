// The ruleset's language and its translations: parsed and printed back, lowered to the IR's
// LocalizedText (shared contract 2 of the brief), inherited and overridden by variants.
import { describe, expect, it } from 'vitest';
import { analyse, check, format, parse } from '../../dsl';
import type { RulesetFile } from '../../dsl/ast';
import { parseTemplate, templateSource } from '../../dsl/text-template';
import { lower } from '../../engine/ir/lower';
import type { IrConditionGroup, IrLabelledCondition, IrPoints } from '../../engine/ir/types';
import { withoutPositions } from './ast-equality';

const BASE = `
program br/base-traducao "Bolsa de teste"
  country BR
  currency BRL
  language pt
  source "teste"

parameter limite_de_renda: BRL per person per month = 100 source "teste"
parameter idade_mínima: year = 7 source "teste"

for household

let renda_per_capita = household.monthly_income / household.size
let pontos = sum of {
  "crianças": 10 point * count(members as c where c.age < 14) / 1 person
}

eligible when any of "uma das condições" {
  "tem criança de {idade_mínima} anos ou mais": any(members as c: c.age >= idade_mínima)
  "renda per capita até {limite_de_renda}": renda_per_capita <= limite_de_renda
}

score prioridade = pontos

translation es {
  "Bolsa de teste": "Beca de prueba"
  "uma das condições": "una de las condiciones"
  "tem criança de {idade_mínima} anos ou mais": "tiene un niño de {idade_mínima} años o más"
  "renda per capita até {limite_de_renda}": "ingreso por persona de hasta {limite_de_renda}"
  "crianças": "niños"
  prioridade: "prioridad"
}

translation en {
  "Bolsa de teste": "Test grant"
}
`;

const VARIANT = `
program br/variante-traducao "Bolsa de teste (variante)"
  extends br/base-traducao
  source "teste"

parameter limite_de_renda: BRL per person per month = 120 source "teste"

translation es {
  "Bolsa de teste (variante)": "Beca de prueba (variante)"
  "crianças": "hijos"
}
`;

const files: Record<string, RulesetFile> = { 'br/base-traducao': parse(BASE).ast };
const resolve = (id: string) => files[id];

function irOf(text: string, id: string) {
  const r = check(parse(text).ast, { id, resolve });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(r.checked!);
}

describe('language and translations', () => {
  it('check, with one warning per translation that lacks texts', () => {
    const diagnostics = analyse(BASE, { id: 'br/base-traducao' }).diagnostics;
    expect(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`)).toEqual(['34:13 W-MISSING-TRANSLATION']);
    expect(diagnostics[0]!.message).toContain('"crianças", "uma das condições", "tem criança de {idade_mínima} anos ou mais" and 1 more');
  });

  it('print back and parse to the same tree; `language "pt"` is `language pt`', () => {
    const first = parse(BASE);
    const printed = format(first.ast, first.comments);
    expect(printed).toContain('  language pt\n');
    expect(printed).toContain('translation es {\n  "Bolsa de teste": "Beca de prueba"\n');
    expect(withoutPositions(parse(printed).ast)).toEqual(withoutPositions(first.ast));
    expect(format(parse(printed).ast)).toBe(printed);
    const quoted = parse(BASE.replace('language pt', 'language "pt"').replace('translation es', 'translation "es"'));
    expect(quoted.diagnostics).toEqual([]);
    expect(withoutPositions(quoted.ast)).toEqual(withoutPositions(first.ast));
  });

  it('lower to LocalizedText on the title, conditions, groups, terms and translated names', () => {
    const ir = irOf(BASE, 'br/base-traducao');
    expect(ir.language).toBe('pt');
    expect(ir.titles).toEqual({ default: ['Bolsa de teste'], byLang: { pt: ['Bolsa de teste'], es: ['Beca de prueba'], en: ['Test grant'] } });
    const group = ir.eligible as IrConditionGroup;
    expect(group.labels).toEqual({ default: ['uma das condições'], byLang: { pt: ['uma das condições'], es: ['una de las condiciones'] } });
    const [child, income] = group.items as IrLabelledCondition[];
    expect(child!.label).toBe('tem criança de {idade_mínima} anos ou mais'); // `label` stays as written
    expect(child!.labels).toEqual({
      default: ['tem criança de ', { param: 'idade_mínima' }, ' anos ou mais'],
      byLang: {
        pt: ['tem criança de ', { param: 'idade_mínima' }, ' anos ou mais'],
        es: ['tiene un niño de ', { param: 'idade_mínima' }, ' años o más'],
      },
    });
    expect(income!.labels!.byLang.es).toEqual(['ingreso por persona de hasta ', { param: 'limite_de_renda' }]);
    const points = ir.lets.find((l) => l.name === 'pontos')!.value as IrPoints;
    expect(points.terms[0]!.labels).toEqual({ default: ['crianças'], byLang: { pt: ['crianças'], es: ['niños'] } });
    expect(ir.scores[0]!.labels).toEqual({ default: ['prioridade'], byLang: { pt: ['prioridade'], es: ['prioridad'] } });
    expect(ir.parameters.get('limite_de_renda')!.labels).toBeUndefined(); // no translation names it
  });

  it('a ruleset without `language` is in English, and every label still has its LocalizedText', () => {
    const ir = irOf(BASE.replace('  language pt\n', '').replace(/translation en \{[^}]*\}/, ''), 'br/base-traducao');
    expect(ir.language).toBe('en');
    expect(ir.titles!.byLang).toEqual({ en: ['Bolsa de teste'], es: ['Beca de prueba'] });
  });

  it('variants inherit the language and translations, and override them entry by entry', () => {
    const ir = irOf(VARIANT, 'br/variante-traducao');
    expect(ir.language).toBe('pt');
    expect(ir.titles!.byLang.es).toEqual(['Beca de prueba (variante)']);
    const points = ir.lets.find((l) => l.name === 'pontos')!.value as IrPoints;
    expect(points.terms[0]!.labels!.byLang.es).toEqual(['hijos']); // overridden
    const [child] = (ir.eligible as IrConditionGroup).items as IrLabelledCondition[];
    expect(child!.labels!.byLang.es).toEqual(['tiene un niño de ', { param: 'idade_mínima' }, ' años o más']); // inherited
    // The base's translation of its own title is stale in the variant, but it is the base's line: not reported here.
    const diagnostics = check(parse(VARIANT).ast, { id: 'br/variante-traducao', resolve }).diagnostics;
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('label templates', () => {
  it('translate outcome values: `outcome <value>` keys, checked against the values the outcome reports', () => {
    const text = `
program br/resultado "Resultado"
  country BR
  currency BRL

parameter corte: point = 300 source "t"

for household

let pontos = 10 point * household.size / 1 person
let classe = if pontos >= corte then "selected" else "waitlist"

eligible when "any": household.size >= 1 person source "t"

outcome when eligible = classe

translation pt {
  "Resultado": "Resultado"
  "any": "qualquer"
  outcome selected: "selecionada"
  outcome "waitlist": "em lista de espera"
}

translation es {
  "Resultado": "Resultado"
  "any": "cualquiera"
  outcome selected: "seleccionada"
  outcome wait_list: "en espera"
}
`;
    const diagnostics = analyse(text, { id: 'br/resultado' }).diagnostics;
    expect(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`)).toEqual(['24:13 W-MISSING-TRANSLATION', '28:11 E-TRANSLATION-UNKNOWN']);
    expect(diagnostics[1]!.message).toContain('reports "selected", "waitlist"');
    expect(diagnostics[1]!.hint).toBe('did you mean "waitlist"?');
    expect(diagnostics[0]!.message).toContain('outcome "waitlist"');
    const ir = irOf(text.replace('outcome wait_list: "en espera"', 'outcome waitlist: "en espera"'), 'br/resultado');
    expect(ir.outcomeTexts?.get('waitlist')).toEqual({ default: ['waitlist'], byLang: { en: ['waitlist'], pt: ['em lista de espera'], es: ['en espera'] } });
    // printed back: a value that is a name stays bare, any other is quoted
    const printed = format(parse(text).ast);
    expect(printed).toContain('  outcome selected: "selecionada"\n  outcome waitlist: "em lista de espera"\n');
    expect(withoutPositions(parse(printed).ast)).toEqual(withoutPositions(parse(text).ast));
  });

  it('cut a text into literal parts and references, with `{{` and `}}` as braces', () => {
    expect(parseTemplate('at most {income_limit} per person').parts).toEqual(['at most ', { param: 'income_limit' }, ' per person']);
    expect(parseTemplate('{a}{ b }').parts).toEqual([{ param: 'a' }, { param: 'b' }]);
    expect(parseTemplate('set {{x}} and {año}').parts).toEqual(['set {x} and ', { param: 'año' }]);
    expect(parseTemplate('no braces').parts).toEqual(['no braces']);
    expect(parseTemplate('open { here, {}, { 1 } and } close').parts).toEqual(['open { here, {}, { 1 } and } close']);
    expect(parseTemplate('`${1}` {x').parts).toEqual(['`${1}` {x']);
    for (const t of ['at most {income_limit} per person', 'set {{x}} and {año}', '{a}{b}']) {
      expect(templateSource(parseTemplate(t).parts)).toBe(t.replace('{ b }', '{b}'));
    }
  });
});

describe('shipped rulesets with translations', () => {
  // Every text of bolsa-escola-df and juntos is given in pt and es (no W-MISSING-TRANSLATION), and the
  // values in their labels name parameters in force.
  it.each([['br/bolsa-escola-df'], ['pe/juntos']])('%s', async (id) => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL(`../../rulesets/${id}.elig`, import.meta.url), 'utf8');
    const { diagnostics, checked } = analyse(source, { id });
    expect(diagnostics.filter((d) => d.code.includes('TRANSLATION') || d.code.includes('LANGUAGE') || d.code.includes('TEMPLATE'))).toEqual([]);
    const ir = lower(checked!);
    for (const lang of ['pt', 'es'] as const) {
      expect(ir.titles!.byLang[lang]).toBeDefined();
      const visit = (c: NonNullable<typeof ir.eligible>): void => {
        if (c.label !== undefined) expect(c.labels!.byLang[lang], `${c.label} in ${lang}`).toBeDefined();
        if (c.kind === 'group') c.items.forEach(visit);
      };
      visit(ir.eligible!);
    }
  });
});
