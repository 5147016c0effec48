// The state one check() run shares between its passes: declarations by name, what has been resolved and
// typed so far, and the diagnostics. Passes add to it; nothing here decides what is an error.
import type {
  BenefitDecl, ComponentDecl, EligibleDecl, PaymentDecl, ExampleDecl, LetDecl, OutcomeDecl, ParameterDecl, PropertyDecl, Range,
  ScoreDecl, SubjectDecl, TableDecl,
} from '../ast';
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics';
import { householdFields, memberFields, type FieldInfo } from '../schema/fields';
import type { CallTarget, CoefficientScales, FieldRef, ProgramResolver, Resolution, Type, Unit } from './types';

export interface Ctx {
  id: string | undefined;
  /** Regions computed with more than 6 places (coefficients.ts), when the ruleset has any. */
  coefficients?: CoefficientScales;
  resolve: ProgramResolver | undefined;
  currency: string | undefined; // undefined when missing or unknown: money fields are then untyped
  country: string | undefined;
  programId: string | undefined;
  householdFields: Map<string, FieldInfo>;
  memberFields: Map<string, FieldInfo>;

  parameters: Map<string, ParameterDecl>;
  parameterTypes: Map<ParameterDecl, Type>;
  tables: Map<string, TableDecl>;
  tableUnits: Map<TableDecl, Unit | undefined>;
  tableKeyKind: Map<TableDecl, 'number' | 'enum' | 'none'>;
  /** Enum fields each enum-keyed table is called with, for checking its keys and coverage. */
  tableEnumUses: Map<TableDecl, Map<string, readonly string[]>>;
  lets: Map<string, LetDecl>;
  allLets: LetDecl[];
  scores: ScoreDecl[];
  subject: SubjectDecl | undefined;
  eligible: EligibleDecl | undefined;
  benefit: BenefitDecl | undefined;
  payment: PaymentDecl | undefined;
  components: ComponentDecl[];
  outcome: OutcomeDecl | undefined;
  examples: ExampleDecl[];
  properties: PropertyDecl[];
  /** From `cannot change` declarations (cannot-change.ts). */
  cannotChange: { owner: 'household' | 'member'; path: readonly string[] }[];

  letState: Map<LetDecl, 'visiting' | Type>;
  letStack: LetDecl[];
  letOrder: LetDecl[];
  reportedCycles: Set<string>;
  used: Set<object>; // parameters, tables and lets that something reads

  names: Map<number, Resolution>;
  fields: Map<number, FieldRef>;
  calls: Map<number, CallTarget>;
  types: Map<number, Type>;
  programDependencies: string[];

  diagnostics: Diagnostic[];
  /** In a variant: whether a range is in a declaration inherited from a base (checked with the base). */
  inherited?: (range: Range) => boolean;
}

export function createCtx(id: string | undefined, resolve: ProgramResolver | undefined): Ctx {
  return {
    id, resolve, currency: undefined, country: undefined, programId: undefined,
    householdFields: new Map(), memberFields: new Map(),
    parameters: new Map(), parameterTypes: new Map(), tables: new Map(), tableUnits: new Map(),
    tableKeyKind: new Map(), tableEnumUses: new Map(), lets: new Map(), allLets: [], scores: [],
    subject: undefined, eligible: undefined, benefit: undefined, payment: undefined, components: [], outcome: undefined, examples: [], properties: [], cannotChange: [],
    letState: new Map(), letStack: [], letOrder: [], reportedCycles: new Set(), used: new Set(),
    names: new Map(), fields: new Map(), calls: new Map(), types: new Map(), programDependencies: [],
    diagnostics: [],
  };
}

/** Fills the field catalogues once the currency is known (money fields depend on it). */
export function setCurrency(ctx: Ctx, currency: string | undefined) {
  ctx.currency = currency;
  ctx.householdFields = new Map(householdFields(currency).map((f) => [f.path, f]));
  ctx.memberFields = new Map(memberFields(currency).map((f) => [f.path, f]));
}

export function report(
  ctx: Ctx, severity: Severity, code: string, range: Range | undefined, message: string,
  extra: { hint?: string; related?: { range: Range; message: string }[] } = {},
) {
  const clean: typeof extra = {};
  if (extra.hint) clean.hint = extra.hint;
  if (extra.related?.length) clean.related = extra.related.filter((r) => r.range);
  ctx.diagnostics.push(diagnostic(code, severity, range ?? ZERO_RANGE, message, clean));
}

export const error = (ctx: Ctx, code: string, range: Range | undefined, message: string, extra?: Parameters<typeof report>[5]) =>
  report(ctx, 'error', code, range, message, extra);
export const warning = (ctx: Ctx, code: string, range: Range | undefined, message: string, extra?: Parameters<typeof report>[5]) =>
  report(ctx, 'warning', code, range, message, extra);

/** Where to point when a partial AST has no better place: the start of the file. */
export const ZERO_RANGE: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
