// Export a ruleset's eligibility rule as json-rules-engine (v7) rule JSON, for systems that already run
// that engine. The output is pure data; a small adapter (jre-facts.ts) supplies the fact values.
//
// SUPPORTED
// - The condition tree: `all of` → all, `any of` → any, `none of` → not(any); labels become `name`.
//   `and` / `or` / `not` inside a test become all / any / not. The subject filter of
//   `for each member as x where …` is the rule's first condition (the adapter runs once per member).
// - Comparisons `< <= > >= = !=`, `in a..b` (two bounds), `in {…}` / `not in` (in / notIn), `is` / `is not`,
//   boolean facts (equal true); fact-vs-fact comparisons use `value: {fact, path}`.
// - Operands: stored household/member fields of number, enum, text or boolean type become the input facts
//   `household`, the subject alias (e.g. `youth`), `head`, `spouse` with a JSONPath `path`.
//   Parameters in force on the export date, literals and anything computed from them alone are folded to
//   constant values with the engine's decimal semantics (hence `{ date }`).
// - Computed facts, whose values the adapter computes with the engine's own semantics: `let`s, derived
//   fields (`x.age`, `household.residency_years`, `household.size`), date fields (as day numbers),
//   inline aggregates / arithmetic / min, max, round… over household values, and `x is known` /
//   `x is unknown` (json-rules-engine cannot test a field's absence; the adapter reports it as a boolean).
//   A `let` may contain anything (tables, `sum of`, `normal_cdf`, `if`): json-rules-engine only sees its value.
// - A boolean `if c then a else b` used as a condition becomes any[all[c, a], all[not c, b]].
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
  const { computed: _c, inputs: _i, ...data } = planJsonRulesEngine(checked, options);
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
