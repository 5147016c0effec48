// Reading a decision the way a property talks about it: `eligible`, `benefit > 0`, `score priority`.
// Undetermined values are `undefined`: a law is broken only by facts that determine a violation.
import type { DecisionRef, DecisionTest } from '../../dsl/ast';
import type { Decision } from '../decision';
import { compareValues } from '../values';

/** A decision field as a number (eligible: false 0, true 1) or text (outcome); undefined when unknown. */
export function resultOf(ref: DecisionRef, d: Decision): number | string | undefined {
  switch (ref.field) {
    case 'eligible': return d.eligible === null ? undefined : d.eligible ? 1 : 0;
    case 'benefit': return d.benefit.amount ?? undefined;
    case 'score': return d.scores[ref.scoreName ?? ''] ?? undefined;
    case 'outcome': return d.outcome ?? undefined;
  }
}

/** true, false, or undefined when the decision leaves it open. */
export function holds(test: DecisionTest, d: Decision): boolean | undefined {
  const value = resultOf(test.ref, d);
  let result: boolean | undefined;
  if (value === undefined) result = undefined;
  else if (test.value === undefined) {
    // A bare field: `eligible` holds when true, `benefit` when positive, `outcome` when there is one.
    result = test.ref.field === 'outcome' ? value !== '' : Number(value) > 0;
  } else {
    const expected = test.value.kind === 'TextLiteral' ? test.value.value : Number(test.value.text);
    result = compareValues(test.op ?? '=', value, expected);
  }
  return result === undefined ? undefined : test.negated ? !result : result;
}

export function describeRef(ref: DecisionRef): string {
  return ref.field === 'score' ? `score ${ref.scoreName}` : ref.field;
}

/** The decision fields that must agree when a law says "unchanged". */
export function comparable(d: Decision): string {
  return JSON.stringify([d.eligible, d.benefit, d.scores, d.outcome]);
}
