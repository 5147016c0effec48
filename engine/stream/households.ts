// Households from a stream of records: each row validated, bad rows reported with their row number and
// JSON pointers, never dropped silently and never stopping the run.
import type { EvaluateResponse, Household } from '../decision';
import { evaluate, type EvaluateOptions } from '../evaluate';
import type { LoadedRuleset } from '../types';
import { readRecords, type Chunk, type ReadRecordsOptions } from './records';

/** One violation in a row: a JSON pointer into that row's record ('' for the record itself). */
export interface RowError {
  pointer: string;
  message: string;
}

/** Checks one record against the household schema; [] when it is valid. */
export type HouseholdValidator = (record: unknown) => RowError[];

/** A row of the input: a valid household, or the reasons it is not one. */
export type HouseholdRow =
  | { row: number; household: Household; errors?: undefined }
  | { row: number; household?: undefined; errors: RowError[] };

export interface ReadHouseholdsOptions extends ReadRecordsOptions {
  /** Schema validation (e.g. the CLI's, generated from household.schema.json). Without it, only the shape
   *  the engine needs is checked: an object with an `id` and a `members` array. */
  validate?: HouseholdValidator;
}

/** The minimum the evaluator relies on, when no schema validator is given. */
function shapeErrors(record: unknown): RowError[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return [{ pointer: '', message: 'must be a JSON object (a household)' }];
  const r = record as Record<string, unknown>;
  const errors: RowError[] = [];
  if (typeof r.id !== 'string') errors.push({ pointer: '/id', message: 'must be a string (the household id)' });
  if (!Array.isArray(r.members)) errors.push({ pointer: '/members', message: 'must be an array of members' });
  return errors;
}

/** The households of a JSONL or JSON-array stream, one row at a time (see readRecords for row numbers). */
export async function* readHouseholds(source: AsyncIterable<Chunk> | Iterable<Chunk>, options: ReadHouseholdsOptions = {}): AsyncGenerator<HouseholdRow> {
  const validate = options.validate ?? shapeErrors;
  for await (const record of readRecords(source, options)) {
    if (record.error !== undefined) {
      yield { row: record.row, errors: [{ pointer: '', message: record.error }] };
      continue;
    }
    const errors = validate(record.value);
    yield errors.length ? { row: record.row, errors } : { row: record.row, household: record.value as Household };
  }
}

/** A row's answer: the response for a valid household, or its errors. */
export type EvaluatedRow =
  | { row: number; response: EvaluateResponse; errors?: undefined }
  | { row: number; response?: undefined; errors: RowError[] };

/** Evaluates every valid row (explanations off unless asked for); invalid rows pass through. */
export async function* evaluateRows(ruleset: LoadedRuleset, rows: AsyncIterable<HouseholdRow>, options: EvaluateOptions): AsyncGenerator<EvaluatedRow> {
  const opts: EvaluateOptions = { explain: false, ...options };
  for await (const r of rows) {
    if (r.errors) yield { row: r.row, errors: r.errors };
    else yield { row: r.row, response: evaluate(ruleset, r.household, opts) };
  }
}

/** One JSON Lines line (without the newline) for a row: the response with its row number, or
 *  `{"row": n, "errors": [...]}`. The row number leads so a reader can match rows to input lines. */
export function rowLine(r: EvaluatedRow): string {
  return r.errors ? JSON.stringify({ row: r.row, errors: r.errors }) : JSON.stringify({ row: r.row, ...r.response });
}
