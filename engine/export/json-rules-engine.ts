// Export a ruleset's eligibility rule as json-rules-engine (v7) rule JSON, for systems that already run
// that engine. The output is pure data; a small adapter (jre-facts.ts) supplies the fact values.
//
// THE SHAPE: what a json-rules-engine user writes by hand (compare bench/json-rules-engine/idiomatic.ts).
// - Flat facts, computed once per subject before the run (jre-facts.ts): every fact is a plain value
//   named by the expression it stands for (`youth.employment`, `per_capita_income`), never a record with
//   a JSONPath into it (json-rules-engine resolves a path on every condition that reads it).
// - One `all` list per rule; a group only where the logic branches (`any of` inside it, `not`). Nested
//   `all`s are spliced into their parent and a group's label goes to its parts as `name`.
// - The subject filter of `for each member as x where …` selects which members get a run (the adapter
//   applies it), as a caller computes facts only for the people a rule is about; it is in `subject.where`.
//
// SUPPORTED
// - The condition tree: `all of` → all, `any of` → any, `none of` → not(any); labels become `name`.
//   `and` / `or` / `not` inside a test become all / any / not.
// - Comparisons `< <= > >= = !=`, `in a..b` (two bounds), `in {…}` / `not in` (in / notIn), `is` / `is not`,
//   boolean facts (equal true); fact-vs-fact comparisons use `value: {fact}`.
// - Input facts: stored fields of the household, the subject, `head` or `spouse` of number, enum, text or
//   boolean type (null when absent). Parameters in force on the export date, literals and anything
//   computed from them alone are folded to constant values with the engine's decimal semantics (hence
//   `{ date }`).
// - Computed facts, whose values the adapter computes with the engine's own semantics: `let`s, derived
//   fields (`x.age`, `household.residency_years`, `household.size`), date fields (as day numbers),
//   inline aggregates / arithmetic / min, max, round… over household values, `x is known` /
//   `x is unknown`, and a boolean `if c then a else b` used as a condition (one boolean fact).
//   A `let` may contain anything (tables, `sum of`, `normal_cdf`, `if`): json-rules-engine only sees its value.
// - A benefit, score or outcome that is constant on the date goes into the event's params.
//
// REFUSED (listed in `unsupported` with construct and line; exportCommandOutput throws)
// - Inline in a condition: table lookups (bands with points), `sum of`, `normal_cdf`, and `if … then … else`
//   as a value (`(if … then x else y) < z`) — move them into a `let` to export them as computed facts.
// - Unknowns: the export has no third truth value (see SEMANTIC GAP); a parameter not in force on the
//   export date is refused rather than exported as a rule that could never decide.
// - `eligible(other/program)`: another ruleset's decision, anywhere (the adapter has no other rulesets).
// - A benefit, score or outcome that depends on the household (json-rules-engine computes no values);
//   with `eligibilityOnly` these are listed in `omitted` instead and the export goes ahead.
//
// SEMANTIC GAP: json-rules-engine is two-valued. On complete records (every field the rule reads present,
// no division by zero, no unmatched table key) it decides exactly like the engine; where the engine would
// say "undetermined", an absent fact is null, its comparisons are false and `not`/`none of` turn that true.
import type { CheckedRuleset } from '../../dsl/check/types';
import { Translator } from './jre-translator';
import type { ExportOptions, ExportPlan, JsonRulesEngineExport } from './jre-types';

export type { ExportOptions, ExportPlan, FactDefinition, JsonRulesEngineExport, Unsupported } from './jre-types';

export function exportJsonRulesEngine(checked: CheckedRuleset, options: ExportOptions): JsonRulesEngineExport {
  const { computed: _c, filter: _f, ...data } = planJsonRulesEngine(checked, options);
  return data;
}

/** JSON text for `elig export --format json-rules-engine`; throws a readable Error when something is refused. */
export function exportCommandOutput(checked: CheckedRuleset, date: string, options: { eligibilityOnly?: boolean } = {}): string {
  const out = exportJsonRulesEngine(checked, { date, ...options });
  if (out.unsupported.length > 0) {
    const lines = out.unsupported.map((u) => `  ${u.message}`);
    const onlyResults = out.unsupported.every((u) => RESULT_CONSTRUCTS.test(u.construct));
    const hint = onlyResults ? '\n(only results are refused: export the eligibility rule alone with `--eligibility-only`)' : '';
    throw new Error(`${checked.id} cannot be exported to json-rules-engine:\n${lines.join('\n')}${hint}`);
  }
  const { unsupported: _u, omitted, ...rest } = out;
  const notes = omitted.map((o) => ({ construct: o.construct, line: o.range.start.line, message: o.message }));
  return `${JSON.stringify({ ...rest, omitted: notes }, null, 2)}\n`;
}

const RESULT_CONSTRUCTS = /^(benefit formula|condition of payment|score |outcome)/;

const plans = new WeakMap<CheckedRuleset, Map<string, ExportPlan>>();

/** The export with its computed-fact expressions, cached per ruleset and options (the adapter calls it per household). */
export function planJsonRulesEngine(checked: CheckedRuleset, options: ExportOptions): ExportPlan {
  let byKey = plans.get(checked);
  if (!byKey) plans.set(checked, (byKey = new Map()));
  const key = `${options.date}|${options.eligibilityOnly ? 1 : 0}`;
  let plan = byKey.get(key);
  if (!plan) byKey.set(key, (plan = new Translator(checked, options).plan()));
  return plan;
}
