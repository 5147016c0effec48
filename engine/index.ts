// The engine's public API (see api-contract.md). Runs in Node and in the browser.
export { loadRuleset, evaluate, decide, interpretHousehold, type BareDecision, type EvaluateOptions, type LoadOptions } from './evaluate';
export { Registry } from './registry';
export { checkRuleset } from './checks/run';
export { compile, type CompiledRuleset, type CompiledSubject } from './compile';
export { interpretSubjects, interpretSubject, type SubjectValues } from './interpret';
export { sha256Hex } from './sha256';
export type { LoadedRuleset, RulesetResolver, EvalEnv } from './types';
export type * from './decision';
export { lower, lowerExpression, irChildren } from './ir/lower';
export { resolveForDate, periodOn } from './ir/resolve';
export type * from './ir/types';
export { OPERATIONS, operation, functionEntry, operatorEntry } from '../ops/registry';
export { counterfactuals, withCounterfactuals, DEFAULT_CAP as COUNTERFACTUAL_CAP, type CounterfactualOptions } from './counterfactuals';
export type { SubjectCounterfactuals, Margin, Flip, FactChange, DateChange, SearchBounds, CounterfactualMessage } from './counterfactuals';
