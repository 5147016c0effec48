// Request validation with Ajv (JSON Schema draft 2020-12, formats on). The household schema is the shared
// one (dsl/schema/household.schema.json); the request schemas wrap it. Every violation comes back with
// the JSON pointer of the offending value, so a caller can fix all of them in one round trip.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import householdSchemaJson from '../dsl/schema/household.schema.json';
import { toFieldErrors } from './field-errors';
import type { FieldError } from './problems';

export { toFieldErrors };

// Imported, not read from a path next to this file: the bundled CLI (dist/) carries it inside.
export const householdSchema: Record<string, unknown> = householdSchemaJson;

import { MAX_RULESET_ID, MAX_RULESET_REF, RULESET_ID_PATTERN, RULESET_REF_PATTERN } from '../dsl/ruleset-id';

export { RULESET_ID_PATTERN, RULESET_REF_PATTERN } from '../dsl/ruleset-id';
export const VERSION_PATTERN = '^sha256:[0-9a-f]{64}$';
const HOUSEHOLD_REF = 'household.schema.json';

/** Request bodies, by name; referenced from the OpenAPI document too. */
export const requestSchemas = {
  EvaluateRequest: {
    type: 'object',
    description: 'Exactly one of `household` (single) and `households` (batch).',
    additionalProperties: false,
    required: ['ruleset'],
    properties: {
      ruleset: {
        type: 'string', pattern: RULESET_REF_PATTERN, maxLength: MAX_RULESET_REF,
        description: 'A ruleset id (`bo/mped`: its published version, reading the published versions of the programs it reads), ' +
          'or pinned to a saved version by full hash (`bo/mped@sha256:…`), short hash (`bo/mped@3f2a9c01`, at least 8 hex digits) ' +
          'or number (`bo/mped@3`): then the programs it reads are the exact versions it recorded when it was saved.',
      },
      date: { type: 'string', format: 'date', description: 'Evaluation date (YYYY-MM-DD); default: today (UTC).' },
      explain: { type: 'boolean', default: true, description: 'Include the explanation tree in each decision.' },
      lang: {
        type: 'string', enum: ['es', 'pt', 'en'],
        description: 'Language of reasons and explanation labels (default: the best of Accept-Language, else en).',
      },
      counterfactuals: { type: 'boolean', default: false, description: 'Add each decision\'s margins, nearest flips and next date of change (weighs COUNTERFACTUAL_WEIGHT work units per decision).' },
      household: { $ref: HOUSEHOLD_REF },
      households: { type: 'array', items: { $ref: HOUSEHOLD_REF } },
    },
  },
  SaveRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'message'],
    properties: {
      source: { type: 'string', minLength: 1, maxLength: 1_000_000, description: 'The full text of the ruleset.' },
      message: { type: 'string', minLength: 1, maxLength: 2000, description: 'Why it changed (like a commit message).' },
      author: { type: 'string', minLength: 1, maxLength: 200, description: 'Ignored when the token has a name: the token names the author.' },
      base: {
        type: 'string', pattern: '^sha256:[0-9a-f]{64}$',
        description: 'The version the text was edited from. When If-Match is stale, the server merges base → current and base → source (three-way) and answers 412 with the merge.',
      },
      publish: { type: 'boolean', default: true, description: 'Publish the saved version when it passes the gate and the token may publish. false: keep it a draft.' },
    },
  },
  MergeRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['base', 'source'],
    properties: {
      base: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$', description: 'The stored version the text was edited from.' },
      source: { type: 'string', minLength: 1, maxLength: 1_000_000, description: 'My text.' },
      theirs: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$', description: 'The version to merge with; default: the latest saved.' },
    },
  },
  PublishRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['version'],
    properties: {
      version: { type: 'string', pattern: '^(?:(?:sha256:)?[0-9a-f]{8,64}|[1-9][0-9]{0,8})$', description: 'The saved version: full hash, short hash or number.' },
      reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'Publish although the gate fails: why (kept in the publication log).' },
    },
  },
  CheckRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['source'],
    properties: {
      source: { type: 'string', maxLength: 1_000_000 },
      id: { type: 'string', pattern: RULESET_ID_PATTERN, maxLength: MAX_RULESET_ID, description: 'Ruleset id; default: the one in the program header.' },
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addSchema(householdSchema, HOUSEHOLD_REF);

const compiled = {
  evaluate: ajv.compile(requestSchemas.EvaluateRequest),
  save: ajv.compile(requestSchemas.SaveRequest),
  check: ajv.compile(requestSchemas.CheckRequest),
  merge: ajv.compile(requestSchemas.MergeRequest),
  publish: ajv.compile(requestSchemas.PublishRequest),
};

/** At most this many violations are listed (a 10,000-household batch can have millions). */
export const MAX_REPORTED_ERRORS = 1000;

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; total: number };

function run<T>(validate: ValidateFunction, body: unknown, extra?: (value: T) => FieldError[]): Validation<T> {
  if (!validate(body)) {
    const errors = toFieldErrors(validate.errors ?? []);
    return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS), total: errors.length };
  }
  const more = extra?.(body as T) ?? [];
  if (more.length > 0) return { ok: false, errors: more, total: more.length };
  return { ok: true, value: body as T };
}

export interface EvaluateBody {
  ruleset: string;
  date?: string;
  explain?: boolean;
  lang?: 'es' | 'pt' | 'en';
  counterfactuals?: boolean;
  household?: { id: string; members: { id: string }[] } & Record<string, unknown>;
  households?: ({ id: string; members: { id: string }[] } & Record<string, unknown>)[];
}

export function validateEvaluate(body: unknown): Validation<EvaluateBody> {
  return run<EvaluateBody>(compiled.evaluate, body, (value) => {
    const single = value.household !== undefined;
    const batch = value.households !== undefined;
    if (single && batch) return [{ pointer: '/households', message: 'send either household or households, not both', keyword: 'oneOf' }];
    if (!single && !batch) return [{ pointer: '/household', message: 'is required (or households for a batch)', keyword: 'required' }];
    return [];
  });
}

export interface SaveBody { source: string; message: string; author?: string; base?: string; publish?: boolean }
export interface MergeBody { base: string; source: string; theirs?: string }
export function validateMerge(body: unknown): Validation<MergeBody> {
  return run<MergeBody>(compiled.merge, body);
}
export interface PublishBody { version: string; reason?: string }
export function validatePublish(body: unknown): Validation<PublishBody> {
  return run<PublishBody>(compiled.publish, body, (v) =>
    v.reason !== undefined && v.reason.trim() === '' ? [{ pointer: '/reason', message: 'a reason must say something, not only spaces', keyword: 'minLength' }] : []);
}
export function validateSave(body: unknown): Validation<SaveBody> {
  return run<SaveBody>(compiled.save, body);
}

export interface CheckBody { source: string; id?: string }
export function validateCheck(body: unknown): Validation<CheckBody> {
  return run<CheckBody>(compiled.check, body);
}

/** YYYY-MM-DD that names a real calendar day (2023-02-29 is not). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
