// The IR is complete (every typed expression of the checked ruleset is a node), its ids are stable for
// the same source, every node is typed and located, and resolveForDate leaves no parameter unresolved.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../../engine/registry';
import { lower, irChildren } from '../../../engine/ir/lower';
import { resolveForDate } from '../../../engine/ir/resolve';
import type { IrExpr, IrRuleset } from '../../../engine/ir/types';
import { parseIsoDate } from '../../../engine/values';
import { childExprs, rootExprs } from '../../../engine/walk';
import type { Expr } from '../../../dsl/ast';

const RULESETS = resolvePath(dirname(fileURLToPath(import.meta.url)), '../../../rulesets');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.elig') ? [join(dir, e.name)] : []));
const ids = files(RULESETS).map((f) => relative(RULESETS, f).split(sep).join('/').replace(/\.elig$/, '')).sort();
const registry = () => new Registry((id) => { try { return readFileSync(join(RULESETS, `${id}.elig`), 'utf8'); } catch { return undefined; } });

function allExprs(ir: IrRuleset): IrExpr[] {
  const out: IrExpr[] = [];
  const visit = (e: IrExpr) => { out.push(e); irChildren(e).forEach(visit); };
  for (const n of ir.nodes.values()) if ('type' in n && n.kind !== 'parameter' && n.kind !== 'table' && n.kind !== 'let') visit(n as IrExpr);
  return out;
}

describe('lowering to the IR', () => {
  const reg = registry();
  for (const id of ids) {
    it(`${id}: every typed expression is a typed, located IR node`, () => {
      const r = reg.get(id)!;
      expect(r).toBeDefined();
      const ir = lower(r.checked);
      // Every expression a decision is computed from (subject filter, conditions, lets, benefit, scores,
      // outcome) is a node, under the same id.
      // (a record step like `household.electricity` is folded into the field read after it)
      const visit = (e: Expr): void => {
        if (r.checked.types.get(e.id)?.kind !== 'record') expect(ir.nodes.has(e.id), `node ${e.id} (${e.kind})`).toBe(true);
        const f = e.kind === 'FieldAccess' ? r.checked.fields.get(e.id) : undefined;
        const c = e.kind === 'Call' ? r.checked.calls.get(e.id) : undefined;
        // `household.size` and the participation functions' program ids are part of their node.
        if (f?.kind === 'derived' && f.owner === 'household') return;
        if (c?.kind === 'builtin' && e.kind === 'Call' && e.args[0]?.kind === 'ProgramLiteral') return;
        childExprs(e).forEach(visit);
      };
      [...rootExprs(r.checked), ...r.checked.lets.map((l) => l.value)].forEach(visit);
      for (const e of allExprs(ir)) {
        expect(e.type.kind).toMatch(/^(number|bool|text|date|enum|household|member|members|record)$/);
        expect(e.at.rulesetId).toMatch(/^[a-z]{2}\//);
        expect(e.at.range.start.line).toBeGreaterThan(0);
        expect(ir.nodes.get(e.id)).toBe(e);
      }
    });
  }

  it('gives the same ids and shapes for the same source, run after run', () => {
    const a = lower(registry().get('br/bolsa-escola-belo-horizonte')!.checked);
    const b = lower(registry().get('br/bolsa-escola-belo-horizonte')!.checked);
    const shape = (ir: IrRuleset) => JSON.stringify([...ir.nodes.entries()], (_k, v) => (v instanceof Map ? [...v.entries()] : v));
    expect(shape(a)).toBe(shape(b));
    expect(a.nodes.size).toBeGreaterThan(20);
  });

  it('keeps a variant\'s inherited rules located in the base\'s file', () => {
    const ir = lower(registry().get('br/bolsa-escola-belo-horizonte')!.checked);
    const files = new Set([...ir.nodes.values()].map((n) => n.at.rulesetId));
    expect(files).toEqual(new Set(['br/bolsa-escola-df', 'br/bolsa-escola-belo-horizonte']));
  });

  it('lowers tables to explicit row matchers and parameters to explicit periods', () => {
    const ir = lower(registry().get('bo/bjp')!.checked);
    for (const p of ir.parameters.values()) {
      expect(p.periods.length).toBeGreaterThan(0);
      for (const period of p.periods) expect(period.provenance?.text.length).toBeGreaterThan(0);
    }
    const df = lower(registry().get('br/bolsa-escola-df')!.checked);
    const rows = [...df.tables.values()].flatMap((t) => t.rows);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(['point', 'range', 'enum']).toContain(r.kind);
  });
});

describe('resolveForDate', () => {
  const reg = registry();
  for (const id of ['bo/bjp', 'bo/mped', 'pe/juntos']) {
    for (const date of ['2005-01-01', '2008-06-30', '2013-06-30']) {
      it(`${id} on ${date}: every parameter is a resolved constant with the period in force`, () => {
        const r = reg.get(id)!;
        const day = parseIsoDate(date)!;
        const ir = resolveForDate(lower(r.checked), day);
        const exprs = allExprs(ir);
        expect(exprs.filter((e) => e.kind === 'param')).toEqual([]);
        for (const e of exprs) {
          if (e.kind !== 'paramValue') continue;
          // Read from the source's values directly: the latest dated value on or before the day, within `until`.
          const decl = r.checked.parameters.get(e.name)!;
          const from = (v: (typeof decl.values)[number]) => (v.from ? parseIsoDate(v.from.text)! : -Infinity);
          const latest = [...decl.values].sort((a, b) => from(a) - from(b)).filter((v) => from(v) <= day).pop();
          const expected = decl.until && day > parseIsoDate(decl.until.text)! ? undefined : latest;
          expect(e.inForce?.provenance?.text).toBe(expected?.provenance?.text);
          expect(e.inForce === undefined).toBe(expected === undefined);
          if (expected && expected.value.kind === 'NumberLiteral') expect(e.inForce?.value).toBe(Number(expected.value.text));
        }
        expect(ir.resolvedFor).toBe(day);
        expect(resolveForDate(lower(r.checked), day)).toBe(ir); // memoised
      });
    }
  }
});
