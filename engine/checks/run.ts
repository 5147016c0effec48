// `elig test` for one ruleset: its examples, then its properties with fast-check. A failing property
// reports the seed (re-running with it reproduces the failure), the shrunk household and its explanation.
import fc from 'fast-check';
import type { PropertyDecl } from '../../dsl/ast';
import type { EvaluateResponse } from '../decision';
import { evaluate } from '../evaluate';
import type { LoadedRuleset, RulesetResolver } from '../types';
import { boundariesOf } from './boundaries';
import { runExamples, type ExampleOutcome } from './examples';
import { lawCheck, type LawCheck, type Violation } from './laws';

export const DEFAULT_RUNS = 300;

export interface CheckOptions {
  runs?: number;
  seed?: number;
  resolve?: RulesetResolver;
}

export interface PropertyOutcome {
  name: string;
  line: number;
  ok: boolean;
  runs: number;
  seed: number;
  /** fast-check's path to the shrunk case: `--seed S` with this path replays it directly. */
  path?: string;
  violation?: Violation;
  /** The shrunk counterexample evaluated with explanations, for the report. */
  response?: EvaluateResponse;
  /** A law that could not run (e.g. a field path it cannot change). */
  error?: string;
}

export interface RulesetCheckReport {
  id: string;
  examples: ExampleOutcome[];
  properties: PropertyOutcome[];
  ok: boolean;
}

export function checkRuleset(ruleset: LoadedRuleset, options: CheckOptions = {}): RulesetCheckReport {
  const examples = runExamples(ruleset, options.resolve);
  const properties = ruleset.checked.properties.map((p) => runProperty(ruleset, p, options));
  return { id: ruleset.id, examples, properties, ok: examples.every((e) => e.ok) && properties.every((p) => p.ok) };
}

/** A property made ready to run: its law as a fast-check arbitrary and check, or the reason it cannot run. */
export type PreparedProperty =
  | { base: Omit<PropertyOutcome, 'ok'>; law: LawCheck }
  | { outcome: PropertyOutcome };

export function prepareProperty(ruleset: LoadedRuleset, property: PropertyDecl, options: CheckOptions = {}): PreparedProperty {
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  const base = { name: property.name, line: property.range.start.line, runs, seed };
  const programs = [ruleset.id, ...ruleset.checked.programDependencies];
  try {
    return { base, law: lawCheck(property, { ruleset, boundaries: boundariesOf(ruleset.checked), resolve: options.resolve, programs }) };
  } catch (error) {
    return { outcome: { ...base, ok: false, error: (error as Error).message } };
  }
}

/** The outcome of a fast-check run of a prepared property; a failure is re-evaluated with its explanation. */
export function outcomeOf(
  ruleset: LoadedRuleset,
  prepared: { base: Omit<PropertyOutcome, 'ok'>; law: LawCheck },
  details: { failed: boolean; counterexample: [unknown] | null; counterexamplePath: string | null; errorInstance: unknown },
  resolve?: RulesetResolver,
): PropertyOutcome {
  const { base, law } = prepared;
  if (!details.failed) return { ...base, ok: true };
  if (!details.counterexample) return { ...base, ok: false, error: String(details.errorInstance ?? 'the property threw') };
  let violation: Violation | undefined;
  try {
    violation = law.check(details.counterexample[0]);
  } catch (error) {
    return { ...base, ok: false, error: `evaluation failed: ${(error as Error).message}` };
  }
  if (!violation) return { ...base, ok: false, error: String(details.errorInstance ?? 'the property threw') };
  const failing = violation.other ?? violation.case;
  const response = evaluate(ruleset, failing.household, { date: failing.date, explain: true, resolve });
  return { ...base, ok: false, path: details.counterexamplePath ?? undefined, violation, response };
}

export function runProperty(ruleset: LoadedRuleset, property: PropertyDecl, options: CheckOptions = {}): PropertyOutcome {
  const prepared = prepareProperty(ruleset, property, options);
  if ('outcome' in prepared) return prepared.outcome;
  const { law, base } = prepared;
  const details = fc.check(fc.property(law.arbitrary, (value) => law.check(value) === undefined), { numRuns: base.runs, seed: base.seed });
  return outcomeOf(ruleset, prepared, details, options.resolve);
}
