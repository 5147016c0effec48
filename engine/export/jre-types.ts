// The shapes of a json-rules-engine export, apart from the code that makes them (so the translator and
// the exporter read one definition and do not import each other).
import type { Expr, Range } from '../../dsl/ast';

export interface Unsupported {
  construct: string;
  range: Range;
  message: string;
}

export type FactDefinition =
  | { id: string; kind: 'input'; description: string; field: string; type: string }
  | { id: string; kind: 'computed'; description: string; expression: string; type: string; unit?: string; line: number };

export interface JsonRulesEngineExport {
  format: 'json-rules-engine';
  program: string;
  title: string;
  date: string;
  /** false when the program is not in force on the date: no rule, no one is eligible. */
  in_force: boolean;
  /** The adapter runs the rules once per subject: the household, or each member (`alias`) that the
   *  program's `where` selects (members it leaves out get no run and no decision). */
  subject: { kind: 'household' } | { kind: 'member'; alias: string; where?: string };
  rules: object[];
  facts: FactDefinition[];
  unsupported: Unsupported[];
  omitted: Unsupported[];
}

export interface ExportOptions {
  date: string; // ISO; parameters take their value in force on it
  /** Skip (list in `omitted`) a benefit, score or outcome json-rules-engine cannot compute. */
  eligibilityOnly?: boolean;
}

/** What the adapter needs besides the JSON: the expression behind each fact, and the subject filter. */
export interface ExportPlan extends JsonRulesEngineExport {
  computed: ReadonlyMap<string, Expr>;
  filter: Expr | undefined;
}
