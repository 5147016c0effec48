// The type checker: resolves every name, field and call of a parsed ruleset, types every expression,
// and reports what a policy designer must fix. Never throws: the parser hands over partial ASTs after
// syntax errors, and every pass treats a missing piece as "already reported".
import { checkCoefficients } from './coefficients';
import type { Declaration, HouseholdSubject, Range, RulesetFile } from '../ast';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { createCtx, error, type Ctx } from './context';
import { collectDeclarations } from './declarations';
import { checkCannotChange } from './cannot-change';
import { checkExamples } from './examples';
import { checkHeader } from './header';
import { checkLets } from './lets';
import { checkNumberRanges } from './number-range';
import { checkParameters } from './parameters';
import { checkProperties } from './properties';
import { checkResults, checkSubject } from './results';
import { checkEnumTables, checkTables } from './tables';
import type { CheckedRuleset, ProgramResolver, Translations } from './types';
import { checkTranslations } from './translations';
import { reportUnused } from './usage';
import { applyVariant } from '../variants';

export type { CheckedRuleset, ProgramResolver } from './types';
export { analyseBands } from './bands';

export interface CheckOptions {
  /** The ruleset id the file's path gives (`rulesets/bo/mped.elig` → `bo/mped`); the header must match. */
  id?: string;
  /** Finds other rulesets, for `eligible(…)` and `extends`. */
  resolve?: ProgramResolver;
}

export function check(ast: RulesetFile, options: CheckOptions = {}): { checked: CheckedRuleset | undefined; diagnostics: Diagnostic[] } {
  return ast?.program?.extends ? checkVariant(ast, options) : checkFile(ast, options);
}

/** A variant is checked as the merged ruleset; what comes from the base was checked with the base. */
function checkVariant(ast: RulesetFile, options: CheckOptions): { checked: CheckedRuleset | undefined; diagnostics: Diagnostic[] } {
  const at = ast.program!.extends!;
  const merged = applyVariant(ast, options.resolve);
  if ('kind' in merged) {
    const message = merged.kind === 'cycle'
      ? `these rulesets extend each other in a circle: ${merged.chain.join(' → ')}`
      : `the ruleset \`${merged.id}\` that this one extends cannot be found`;
    return { checked: undefined, diagnostics: [{ code: 'E-VARIANT', severity: 'error', range: at.range, message }] };
  }
  const baseId = merged.bases[0]!;
  const base = checkFile(options.resolve!(baseId)!, { id: baseId, resolve: options.resolve });
  if (hasErrors(base.diagnostics)) {
    const message = `the ruleset \`${baseId}\` that this one extends has errors: fix them first`;
    return { checked: undefined, diagnostics: [{ code: 'E-VARIANT', severity: 'error', range: at.range, message }] };
  }
  const inheritedRanges = rangesIn(merged.inherited);
  const result = checkFile(merged.ast, options, (range) => inheritedRanges.has(range));
  // Explanations of inherited rules name the file their line is in.
  const checked = result.checked && { ...result.checked, inheritedFrom: (range: Range) => inheritedRanges.get(range) };
  return { checked, diagnostics: result.diagnostics.filter((d) => !inheritedRanges.has(d.range)) };
}

/** Every source range inside the inherited declarations, with the ruleset whose file it is in. */
function rangesIn(declarations: ReadonlyMap<Declaration, string>): Map<unknown, string> {
  const ranges = new Map<unknown, string>();
  for (const [declaration, program] of declarations) {
    const visit = (x: unknown) => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) return x.forEach(visit);
      for (const [k, v] of Object.entries(x)) {
        if (k === 'range' || k.endsWith('Range')) ranges.set(v, program);
        else visit(v);
      }
    };
    visit(declaration);
  }
  return ranges;
}

function checkFile(
  ast: RulesetFile, options: CheckOptions, inherited?: (range: Range) => boolean,
): { checked: CheckedRuleset | undefined; diagnostics: Diagnostic[] } {
  const ctx = createCtx(options.id, options.resolve);
  if (inherited) ctx.inherited = inherited;
  let checked: CheckedRuleset | undefined;
  try {
    const translations = runPasses(ctx, ast);
    if (!hasErrors(ctx.diagnostics) && ast?.program) checked = { ...build(ctx, ast), translations };
  } catch (e) {
    // A checker bug must not take the editor or server down: report it and refuse the ruleset.
    error(ctx, 'E-INTERNAL', ast?.range, `internal checker error: ${e instanceof Error ? e.message : String(e)}`);
    checked = undefined;
  }
  return { checked, diagnostics: ctx.diagnostics };
}

function runPasses(ctx: Ctx, ast: RulesetFile): Translations {
  checkHeader(ctx, ast);
  checkNumberRanges(ctx, ast);
  collectDeclarations(ctx, ast);
  checkParameters(ctx, ast);
  checkTables(ctx, ast);
  checkSubject(ctx);
  checkLets(ctx);
  checkResults(ctx);
  checkProperties(ctx); // may read lets and tables: before the table and unused passes
  checkEnumTables(ctx);
  checkExamples(ctx);
  ctx.coefficients = checkCoefficients(ctx, ast); // after every expression is resolved
  const translations = checkTranslations(ctx, ast); // a `{parameter}` in a label is a use of it
  ctx.cannotChange = checkCannotChange(ctx, ast);
  reportUnused(ctx);
  return translations;
}

function build(ctx: Ctx, ast: RulesetFile): CheckedRuleset {
  const header = ast.program!;
  const subject = ctx.subject ?? ({ kind: 'HouseholdSubject', id: -1, range: header.range } satisfies HouseholdSubject);
  return {
    ast,
    id: ctx.id ?? header.programId?.programId ?? '',
    header,
    currency: ctx.currency!,
    country: ctx.country,
    parameters: ctx.parameters,
    tables: ctx.tables,
    lets: ctx.letOrder.filter((l) => ctx.lets.get(l.name.text) === l),
    subject,
    eligible: ctx.eligible,
    benefit: ctx.benefit,
    payment: ctx.payment,
    components: ctx.components,
    scores: ctx.scores,
    outcome: ctx.outcome,
    examples: ctx.examples,
    properties: ctx.properties,
    names: ctx.names,
    fields: ctx.fields,
    calls: ctx.calls,
    types: ctx.types,
    programDependencies: ctx.programDependencies,
    cannotChange: ctx.cannotChange,
    ...(ctx.coefficients ? { coefficients: ctx.coefficients } : {}),
  };
}
