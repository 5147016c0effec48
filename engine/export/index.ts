// Exports of a checked ruleset to other rule engines. Browser-safe: no node: imports here.
export {
  exportCommandOutput, exportJsonRulesEngine, type ExportOptions, type FactDefinition, type JsonRulesEngineExport,
  type Unsupported,
} from './json-rules-engine';
export { jsonRulesEngineFacts, type SubjectFacts } from './jre-facts';
