// The household record checked against household.schema.json before evaluation, with the server's
// pointers and messages, so the CLI and /evaluate reject the same records in the same words.
import { toFieldErrors } from '../server/field-errors';
import validate from './household-schema-validator';

export function householdProblems(record: unknown): { pointer: string; message: string }[] {
  return validate(record) ? [] : toFieldErrors(validate.errors ?? []);
}
