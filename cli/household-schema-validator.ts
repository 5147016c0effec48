// The household.schema.json validator, compiled by Ajv when the sources run directly (tests, tsx).
// The built CLI replaces this module with the same validator generated at build time by Ajv's standalone
// mode (scripts/build.ts), so `elig` does not compile the schema on every start.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import schema from '../dsl/schema/household.schema.json';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

export default ajv.compile(schema);
