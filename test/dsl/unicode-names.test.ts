// Names with accents end to end: they check, compile and evaluate exactly as the interpreter does, the
// generated JavaScript holds none of them (names never reach code: slots and constants do), and the SQL
// backend quotes them. Also: the two Unicode spellings of `ç` are one name.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { analyse, format, parse } from '../../dsl';
import { evaluate, interpretHousehold } from '../../engine/evaluate';
import { rulesetSql } from '../../engine/sql';
import { household, load } from '../engine/helpers';
import { createTables, insertRows } from '../sql/registry-tables';

const SOURCE = `
program br/acentos "Programa com acentos"
  country BR
  currency BRL
  source "teste"

parameter limite_de_renda: BRL per person per month = 100 source "teste"
parameter idade_máxima: year = 14 source "teste"
parameter valor_por_criança: BRL per person per month = 15 source "teste"
parameter pontos_por_criança: point per person = 1 source "teste"

table pontos_habitação: point source "teste" {
  rented => 10
  lent => 5
  otherwise => 0
}

for household

let crianças = count(members as criança where criança.age <= idade_máxima)
let renda_per_capita = household.monthly_income / household.size

eligible when all of {
  "tem crianças": crianças >= 1
  "renda per capita": renda_per_capita <= limite_de_renda
}

let pontos = pontos_habitação(household.housing) + pontos_por_criança * crianças

benefit per month = min(crianças, 3 person) * valor_por_criança
score pontuação = pontos
outcome = if pontos >= 11 then "seleção" else "espera"
`;

const HOUSEHOLDS = [
  household({ monthly_income: 150, housing: 'rented' }, [{ age: 30 }, { age: 9 }, { age: 4 }]),
  household({ monthly_income: 150, housing: 'lent' }, [{ age: 30 }, { age: 19 }]),
  household({ monthly_income: 900, housing: 'owned_regular_plot' }, [{ age: 30 }, { age: 3 }]),
  household({ housing: 'rented' }, [{ age: 30 }, {}]),
];

describe('names with accents', () => {
  it('check without a diagnostic', () => {
    expect(analyse(SOURCE).diagnostics).toEqual([]);
  });

  it('compile and evaluate exactly as the interpreter does', () => {
    const r = load(SOURCE);
    const answers = HOUSEHOLDS.map((h) => evaluate(r, h, { date: '2020-01-01' }));
    expect(answers.map((a) => a.decisions[0]!.eligible)).toEqual([true, false, false, null]);
    expect(answers[0]!.decisions[0]!.benefit).toMatchObject({ amount: 30 });
    expect(answers[0]!.decisions[0]!.scores).toEqual({ pontuação: 12 });
    expect(answers[0]!.decisions[0]!.outcome).toBe('seleção');
    HOUSEHOLDS.forEach((h, i) => expect(answers[i]).toEqual(interpretHousehold(r, h, { date: '2020-01-01' })));
    for (const code of [r.compiled.fastSource, r.compiled.tracedSource]) {
      expect(code).not.toMatch(/[^\x00-\x7f]/); // no name, label or text of the ruleset is in the code
    }
  });

  it('the two spellings of ç (precomposed, and c + combining cedilla) are one name', () => {
    const decomposed = SOURCE.replace('let crianças =', 'let crianc\u0327as =');
    expect(decomposed).not.toBe(SOURCE);
    expect(analyse(decomposed).diagnostics).toEqual([]);
  });

  it('print back as written (NFC) and parse to the same tree', () => {
    const once = format(parse(SOURCE).ast);
    expect(once).toContain('let crianças = count(members as criança where criança.age <= idade_máxima)');
    expect(format(parse(once).ast)).toBe(once);
  });

  it('are quoted by the SQL backend, and DuckDB agrees with the evaluator', async () => {
    const r = load(SOURCE);
    const { query, prelude, diagnostics } = rulesetSql(r, '2020-01-01', 'duckdb');
    expect(diagnostics).toEqual([]);
    expect(query!.sql).toContain('"score_pontuação"');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const hs = HOUSEHOLDS.map((h, i) => ({ ...h, id: `H${i}` }));
      for (const s of [...prelude, ...createTables(), ...insertRows(hs)]) await c.run(s);
      const rows = (await c.runAndReadAll(`SELECT to_json(q)::VARCHAR FROM (${query!.sql}) q ORDER BY household_id`)).getRows()
        .map(([j]) => JSON.parse(j as string) as Record<string, unknown>);
      const want = hs.map((h) => evaluate(r, h, { date: '2020-01-01' }).decisions[0]!);
      expect(rows.map((x) => x.eligible)).toEqual(want.map((d) => d.eligible));
      expect(rows.map((x) => (x.score_pontuação === null ? null : Number(x.score_pontuação)))).toEqual(want.map((d) => d.scores.pontuação));
      expect(rows.map((x) => x.outcome)).toEqual(want.map((d) => d.outcome));
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
