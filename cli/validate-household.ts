// The household record checked against household.schema.json before evaluation, with the server's
// pointers and messages, so the CLI and /evaluate reject the same records in the same words.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { householdSchema, toFieldErrors } from '../server/validate';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(householdSchema);

export function householdProblems(record: unknown): { pointer: string; message: string }[] {
  return validate(record) ? [] : toFieldErrors(validate.errors ?? []);
}
