// The slice of the engine API (engine/api-contract.md) the server calls. main.ts passes the real engine;
// keeping the port explicit lets the routes stay independent of how the engine is built.
import type { Diagnostic } from '../dsl/diagnostics';
import type { CheckedRuleset } from '../dsl/check/types';
import type { RulesetFile } from '../dsl/ast';
import type { EvaluateResponse, Household } from '../engine/decision';
import type { Lang } from '../engine/ir/types';
import type { CheckOptions, RulesetCheckReport } from '../engine/checks/run';

export interface LoadedRulesetLike {
  id: string;
  version: string; // "sha256:<hex of the UTF-8 source>"
  title: string;
  source: string;
  checked?: CheckedRuleset;
}

export type Resolve<L> = (id: string) => L | undefined;

export interface EnginePort<L extends LoadedRulesetLike = LoadedRulesetLike> {
  /** `resolveAst`: other programs' syntax trees for the checker (the shared loader's, loader/loader.ts);
   *  without it the checker reads them through `resolve`. */
  loadRuleset(id: string, source: string, options?: { resolve?: Resolve<L>; resolveAst?: (id: string) => RulesetFile | undefined }): {
    ruleset: L | undefined;
    diagnostics: Diagnostic[];
  };
  evaluate(
    ruleset: L,
    household: Household,
    // `lazy: false`: the routes serialise every decision, so reasons are computed at once (engine/evaluate.ts).
    options: { date: string; explain?: boolean; resolve?: Resolve<L>; lang?: Lang; lazy?: boolean },
  ): EvaluateResponse;
  /** Margins and nearest flips put on each decision of `response` (engine/counterfactuals); optional:
   *  without it, decisions come back without counterfactuals. */
  withCounterfactuals?(
    ruleset: L, household: Household, response: EvaluateResponse,
    options: { date: string; resolve?: Resolve<L>; cap?: number; lang?: Lang },
  ): EvaluateResponse;
  /** Examples and properties (`elig test`), for the publishing gate; an engine without it gates on checks only. */
  checkRuleset?(ruleset: L, options: Omit<CheckOptions, 'resolve'> & { resolve?: Resolve<L> }): RulesetCheckReport;
}
