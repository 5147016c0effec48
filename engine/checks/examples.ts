// Worked examples written in a ruleset (`example "…" { date … household {…} expect … }`), run against the
// compiled evaluator: each expectation compares one decision field.
import type { ExampleDecl, Expectation } from '../../dsl/ast';
import type { Decision, EvaluateResponse, Household } from '../decision';
import { evaluate } from '../evaluate';
import type { LoadedRuleset, RulesetResolver } from '../types';
import { jsonToValue } from './json-value';

export interface ExpectationFailure {
  line: number;
  expectation: string;
  expected: unknown;
  actual: unknown;
}

export interface ExampleOutcome {
  name: string;
  line: number;
  date: string;
  household: Household;
  ok: boolean;
  failures: ExpectationFailure[];
  response: EvaluateResponse;
}

/** Examples without a date are evaluated on the first day their program is in force, else today. */
function exampleDate(ruleset: LoadedRuleset, example: ExampleDecl): string {
  return example.date?.text ?? ruleset.checked.header.inForce?.from.text ?? new Date().toISOString().slice(0, 10);
}

export function runExamples(ruleset: LoadedRuleset, resolve?: RulesetResolver): ExampleOutcome[] {
  return ruleset.checked.examples.map((example) => runExample(ruleset, example, resolve));
}

export function runExample(ruleset: LoadedRuleset, example: ExampleDecl, resolve?: RulesetResolver): ExampleOutcome {
  const household = jsonToValue(example.household) as Household;
  const date = exampleDate(ruleset, example);
  const response = evaluate(ruleset, household, { date, explain: true, resolve });
  const failures = example.expectations.flatMap((x) => compare(x, response.decisions));
  return { name: example.name, line: example.range.start.line, date, household, ok: failures.length === 0, failures, response };
}

function describe(x: Expectation): string {
  const field = x.field === 'score' || x.field === 'component' ? `${x.field} ${x.scoreName}` : x.field;
  return `${x.subject} ${field}`;
}

function actualValue(x: Expectation, d: Decision): unknown {
  switch (x.field) {
    case 'eligible': return d.eligible;
    case 'benefit': return d.benefit.amount;
    case 'outcome': return d.outcome;
    case 'score': return d.scores[x.scoreName ?? ''] ?? null;
    case 'component': return d.components?.find((k) => k.name === x.scoreName)?.amount ?? null;
  }
}

function compare(x: Expectation, decisions: Decision[]): ExpectationFailure[] {
  const expected = jsonToValue(x.expected);
  const decision = decisions.find((d) => d.subject === x.subject);
  const line = x.range.start.line;
  if (!decision) return [{ line, expectation: describe(x), expected, actual: 'no decision for this subject' }];
  const actual = actualValue(x, decision);
  return actual === expected ? [] : [{ line, expectation: describe(x), expected, actual }];
}
