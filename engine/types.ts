// Types shared by the evaluators and the public API (kept apart to avoid import cycles).
import type { CheckedRuleset } from '../dsl/check/types';
import type { Unknown } from './unknown';

export interface LoadedRuleset {
  id: string;
  version: string; // "sha256:<hex of the UTF-8 source>"
  title: string;
  source: string;
  checked: CheckedRuleset;
  compiled: CompiledRuleset;
}

/** Finds another ruleset for `eligible(other/program)`; a pinned reference arrives as "id@version". */
export type RulesetResolver = (id: string) => LoadedRuleset | undefined;

/** What an evaluation needs besides the household and the date. */
export interface EvalEnv {
  resolve?: RulesetResolver;
  /** Programs being evaluated up the `eligible(…)` chain, to stop a cycle instead of recursing forever. */
  stack?: readonly string[];
  /** Interpreter only (the compiled code has its own withheld run): every assumption's value is unknown
   *  (named in `Unknown.assumed`), so a decision that is still decided did not depend on them
   *  (engine/assumptions.ts). */
  withholdAssumptions?: boolean;
}

export type RawHousehold = Record<string, unknown> & { members?: unknown };
export type RawMember = Record<string, unknown>;

export function membersOf(h: RawHousehold): RawMember[] {
  return Array.isArray(h.members) ? (h.members as RawMember[]) : [];
}

// ---------------------------------------------------------------- what the compiler produces (compile.ts)

export interface CompiledSubject {
  memberIndex: number; // -1 for the household subject
  filter: boolean | undefined; // never false: members outside the filter get no entry
  eligible: boolean | undefined;
  /** The benefit formula. In fast mode only computed when eligible is true. */
  benefit: number | undefined;
  scores: (number | undefined)[];
  outcome: string | undefined;
  /** The components' formulas, in declaration order (fast mode: computed only when eligible). */
  components: (number | undefined)[];
  trace: unknown[] | undefined; // traced mode: node values by slot (an unknown is an `Unknown`, with origins)
  /** Traced mode: where an unknown eligibility or benefit came from. */
  why?: { eligible: Unknown | undefined; benefit: Unknown | undefined };
}

export type CompiledRun = (h: RawHousehold, day: number, env?: EvalEnv) => CompiledSubject[];

/** One subject of the withheld run (compile.ts, withheld mode): its decision values with every assumption
 *  withheld, an unknown kept as it is (its `assumed` names what left it unknown). Members whose filter is
 *  false get no entry, as in the other runs; one whose filter rests on an assumption does. */
export interface WithheldSubject {
  memberIndex: number;
  eligible: unknown;
  benefit: unknown;
  scores: unknown[];
  outcome: unknown;
  components: unknown[];
}

export type WithheldRun = (h: RawHousehold, day: number, env?: EvalEnv) => WithheldSubject[];

export interface CompiledRuleset {
  fast: CompiledRun;
  traced: CompiledRun;
  /** The fast code that also keeps the trace (unknown as undefined, no origins): a decided subject's reasons. */
  values: CompiledRun;
  /** Every assumption withheld, for a decision's `assumptions` (engine/assumptions.ts); generated on first use. */
  withheld: WithheldRun;
  /** Node id → index in a subject's `trace`. */
  traceSlots: ReadonlyMap<number, number>;
  /** The same as an array indexed by node id (-1: not traced), for the explanation's many lookups. */
  slotOfNode: Int32Array;
  /** For `any`/`all` over members that is a condition's own test: the slot of its per-member answers (the
   *  next slot holds whom its filter lets in: true, false, null). */
  memberSlots: ReadonlyMap<number, number>;
  /** The generated sources, for inspection and the injection test. */
  fastSource: string;
  tracedSource: string;
  withheldSource: string;
  valuesSource: string;
}

