// Every shipped ruleset (rulesets/**/*.elig) parses and checks without errors, and every worked
// `example` block in it holds: one `it` per example, named "<ruleset id>: <example name>".
// The comparison is done here, field by field, rather than through engine/checks, so a bug in the
// engine's own example runner cannot hide a wrong ruleset.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, parse } from '../../dsl';
import type { ExampleDecl, Expectation, JsonValue, RulesetFile } from '../../dsl/ast';
import { evaluate, loadRuleset, type Decision, type Household, type LoadedRuleset } from '../../engine';

const RULESETS = resolvePath(dirname(fileURLToPath(import.meta.url)), '../../rulesets');

function findFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findFiles(join(dir, e.name)) : e.name.endsWith('.elig') ? [join(dir, e.name)] : []))
    .sort();
}

const files = findFiles(RULESETS);
const idOf = (file: string) => relative(RULESETS, file).split(sep).join('/').replace(/\.elig$/, '');
const sources = new Map(files.map((f) => [idOf(f), readFileSync(f, 'utf8')]));

// Other programs, for `eligible(…)`: ASTs for the checker, loaded rulesets for evaluation.
const asts = new Map<string, RulesetFile | undefined>();
function astOf(id: string): RulesetFile | undefined {
  const bare = id.split('@')[0];
  if (!asts.has(bare)) {
    const source = sources.get(bare);
    asts.set(bare, source === undefined ? undefined : parse(source).ast);
  }
  return asts.get(bare);
}
const loaded = new Map<string, LoadedRuleset | undefined>();
function rulesetOf(id: string): LoadedRuleset | undefined {
  const bare = id.split('@')[0];
  if (!loaded.has(bare)) {
    loaded.set(bare, undefined); // a cycle resolves to "unknown program" instead of looping
    const source = sources.get(bare);
    loaded.set(bare, source === undefined ? undefined : loadRuleset(bare, source, { resolve: rulesetOf }).ruleset);
  }
  return loaded.get(bare);
}

/** The JSON written in an example, as a plain value. */
function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case 'JsonObject': return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'JsonArray': return v.items.map(plain);
    case 'JsonString': return v.value;
    case 'JsonNumber': return Number(v.text);
    case 'JsonBool': return v.value;
    case 'JsonNull': return null;
  }
}

function actual(x: Expectation, d: Decision): unknown {
  switch (x.field) {
    case 'eligible': return d.eligible;
    case 'benefit': return d.benefit.amount;
    case 'outcome': return d.outcome;
    case 'score': return d.scores[x.scoreName ?? ''] ?? null;
    case 'component': return d.components?.find((k) => k.name === x.scoreName)?.amount ?? null;
  }
}

function label(x: Expectation): string {
  return `${x.subject} ${x.field === 'score' ? `score ${x.scoreName}` : x.field} (line ${x.range.start.line})`;
}

it('finds the shipped rulesets', () => {
  expect(files.length).toBeGreaterThanOrEqual(9);
});

for (const file of files) {
  const id = idOf(file);
  const source = sources.get(id)!;
  const parsed = parse(source);

  describe(id, () => {
    it(`${id}: parses and checks without errors`, () => {
      const errors = (ds: { severity: string; code: string; message: string; range: { start: { line: number } } }[]) =>
        ds.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}: ${d.message} [${d.code}]`);
      expect(errors(parsed.diagnostics)).toEqual([]);
      const checked = check(parsed.ast, { id, resolve: astOf });
      expect(errors(checked.diagnostics)).toEqual([]);
      expect(checked.checked).toBeDefined();
      expect(parsed.ast.program?.programId.programId).toBe(id);
    });

    const examples = parsed.ast.declarations.filter((d): d is ExampleDecl => d.kind === 'ExampleDecl');
    it(`${id}: has worked examples`, () => {
      expect(examples.length).toBeGreaterThanOrEqual(3);
    });

    for (const example of examples) {
      it(`${id}: ${example.name}`, () => {
        const ruleset = rulesetOf(id);
        expect(ruleset, `${id} does not load`).toBeDefined();
        expect(example.date, 'every shipped example states its date').toBeDefined();
        const household = plain(example.household) as Household;
        const response = evaluate(ruleset!, household, { date: example.date!.text, explain: false, resolve: rulesetOf });
        expect(example.expectations.length).toBeGreaterThan(0);
        for (const x of example.expectations) {
          const decision = response.decisions.find((d) => d.subject === x.subject);
          expect(decision, `no decision for subject ${x.subject}`).toBeDefined();
          expect(actual(x, decision!), label(x)).toBe(plain(x.expected));
        }
      });
    }
  });
}
