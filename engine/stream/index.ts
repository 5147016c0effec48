// The streaming API: households in from JSON Lines or a JSON array (bytes or text, as async iterables —
// files, stdin, sockets, `fetch` bodies), decisions out one row at a time, in bounded memory.
// Runtime-agnostic (no Node API): the CLI (cli/households.ts) adds files and stdin; population analysis
// (engine/analysis/population.ts) folds the rows as they come. Interface documented in README.md here.
export { readRecords, DEFAULT_MAX_RECORD_CHARS, type Chunk, type RawRecord, type ReadRecordsOptions, type RecordFormat } from './records';
export {
  readHouseholds, evaluateRows, rowLine,
  type EvaluatedRow, type HouseholdRow, type HouseholdValidator, type ReadHouseholdsOptions, type RowError,
} from './households';
