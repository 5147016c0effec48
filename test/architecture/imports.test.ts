// The import graph of the engine's stages: data flows one way. A test rather than a lint rule so a new
// cycle fails `npm test` with the files that form it. Type-only imports count too (a cycle of types is
// still two modules that cannot be read apart). It also holds the layering: dsl/ and ops/ never import
// engine/, ops/ imports nothing of the project, and nothing under dsl/, engine/ or ops/ imports a `node:`
// module (the browser editor runs them).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STAGES = ['ops', 'dsl', 'engine'];

/** The one cycle that is intrinsic: the checker types an expression by its kind; calls, fields and
 *  aggregates contain expressions again, and a name is typed by typing the `let` it names. */
const ALLOWED_CYCLES = [
  ['dsl/check/aggregates.ts', 'dsl/check/calls.ts', 'dsl/check/expressions.ts', 'dsl/check/field-access.ts', 'dsl/check/lets.ts', 'dsl/check/names.ts'],
];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name).split(sep).join('/')] : []);
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

function resolveImport(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec)).split(sep).join('/');
  return [`${base}.ts`, `${base}/index.ts`, base].find((c) => known.has(c));
}

const files = STAGES.flatMap(sources);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f).map((s) => resolveImport(f, s, known)).filter((x): x is string => !!x)]));

/** Strongly connected components of more than one file (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('import graph of ops/, dsl/ and engine/', () => {
  it('has no import cycle but the checker\'s recursion over expressions', () => {
    const found = cycles(graph).map((c) => c.join(' → '));
    expect(found).toEqual(ALLOWED_CYCLES.map((c) => c.join(' → ')));
  });

  it('finds a cycle when there is one (the walk itself is tested)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps the layers: ops/ imports nothing of the project, dsl/ no engine/, none a node: module', () => {
    for (const [file, deps] of graph) {
      if (file.startsWith('ops/')) expect(deps.filter((d) => !d.startsWith('ops/')), file).toEqual([]);
      if (file.startsWith('dsl/')) expect(deps.filter((d) => d.startsWith('engine/')), file).toEqual([]);
      expect(importsOf(file).filter((s) => s.startsWith('node:')), file).toEqual([]);
    }
  });
});
