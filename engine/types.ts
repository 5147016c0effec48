// Types shared by the evaluators and the public API (kept apart to avoid import cycles).
import type { CheckedRuleset } from '../dsl/check/types';
import type { CompiledRuleset } from './compile';

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
}

export type RawHousehold = Record<string, unknown> & { members?: unknown };
export type RawMember = Record<string, unknown>;

export function membersOf(h: RawHousehold): RawMember[] {
  return Array.isArray(h.members) ? (h.members as RawMember[]) : [];
}
