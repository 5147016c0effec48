// The OpenAPI 3.1 description of the service. Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect);
// the household schema is the shared one, with its $defs moved to components. The contract tests check
// that every route app.ts registers is here and that real responses validate against these schemas.
import { householdSchema, requestSchemas, RULESET_ID_PATTERN, VERSION_PATTERN } from './validate';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** The household schema, rewritten for components: `#/$defs/member` → `#/components/schemas/Member`. */
function householdComponents(): { Household: Schema; Member: Schema } {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Schema = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
          out[k] = `#/components/schemas/${v.slice('#/$defs/'.length).replace(/^member$/, 'Member')}`;
        } else out[k] = rewrite(v);
      }
      return out;
    }
    return value;
  };
  const { $schema: _s, $id: _i, $defs, ...household } = householdSchema as Schema & { $defs: { member: Schema } };
  return { Household: rewrite(household) as Schema, Member: rewrite($defs.member) as Schema };
}

function withHouseholdRefs(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"household.schema.json"', '"#/components/schemas/Household"'));
}

const position: Schema = {
  type: 'object', required: ['line', 'column', 'offset'],
  properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 }, offset: { type: 'integer', minimum: 0 } },
};
const range: Schema = { type: 'object', required: ['start', 'end'], properties: { start: position, end: position } };

const schemas: Record<string, Schema> = {
  ...householdComponents(),
  EvaluateRequest: withHouseholdRefs(requestSchemas.EvaluateRequest),
  SaveRequest: requestSchemas.SaveRequest as unknown as Schema,
  CheckRequest: requestSchemas.CheckRequest as unknown as Schema,
  MergeRequest: requestSchemas.MergeRequest as unknown as Schema,
  PublishRequest: requestSchemas.PublishRequest as unknown as Schema,
  RulesetRef: {
    type: 'object', required: ['id', 'version', 'title'],
    properties: {
      id: { type: 'string', pattern: RULESET_ID_PATTERN },
      version: { type: 'string', pattern: VERSION_PATTERN, description: 'The exact version that made the decisions.' },
      title: { type: 'string' },
    },
  },
  ExplanationNode: {
    type: 'object', required: ['kind', 'label'],
    properties: {
      kind: { enum: ['all', 'any', 'none', 'condition', 'value', 'term'] },
      id: { type: 'integer', description: 'The rule\'s node id (stable for the same ruleset source).' },
      label: { type: 'string', description: 'In the language of the response when the ruleset gives one, else the ruleset\'s own.' },
      holds: { type: ['boolean', 'null'] },
      value: {},
      compared: { type: 'object', required: ['op'], properties: { op: { type: 'string' }, threshold: {}, name: { type: 'string' } } },
      unit: { type: 'string' },
      source: { type: 'string' },
      assumption: { type: 'string' },
      missing: { type: 'array', items: { type: 'string' } },
      line: { type: 'integer', minimum: 1 },
      children: { type: 'array', items: ref('ExplanationNode') },
    },
  },
  Decision: {
    type: 'object',
    required: ['subject', 'eligible', 'benefit', 'scores', 'outcome', 'missing', 'not_in_force', 'assumptions', 'reasons'],
    properties: {
      subject: { type: 'string', description: 'A member id, or "household".' },
      eligible: { type: ['boolean', 'null'], description: 'null when the facts given cannot decide it (see missing).' },
      benefit: {
        type: 'object', required: ['amount', 'currency', 'period'],
        properties: {
          amount: { type: ['number', 'null'] },
          currency: { type: 'string' },
          period: { enum: ['month', 'bimonth', 'year', 'once'] },
        },
      },
      scores: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
      outcome: { type: ['string', 'null'] },
      missing: { type: 'array', items: { type: 'string' }, description: 'JSON pointers into the household of absent facts that would decide it.' },
      not_in_force: { type: 'array', items: { type: 'string' } },
      assumptions: { type: 'array', items: { type: 'string' } },
      reasons: { type: 'array', items: { type: 'string' }, description: 'In the language of the response (`lang`, Accept-Language, else English).' },
      explanation: ref('ExplanationNode'),
      reason_details: {
        type: 'array', description: 'With the explanation: each reason as data beside its `text` — a stable `code`, the node id, values with units and currencies, missing facts with pointer, member and field.',
        items: { type: 'object', required: ['code', 'text'], properties: { code: { type: 'string' }, text: { type: 'string' }, node: { type: 'integer' } } },
      },
      counterfactuals: ref('Counterfactuals'),
    },
  },
  Counterfactuals: {
    type: 'object', required: ['margins', 'flips', 'search'],
    description: 'With `"counterfactuals": true`: how far each decisive number can move (margins), the smallest one- or two-fact changes that make the subject eligible (flips, smallest first), the next date the decision changes by itself, and the bounds of the search. Every change reported was re-evaluated.',
    properties: {
      margins: {
        type: 'array', items: {
          type: 'object', required: ['fact', 'value', 'unit', 'direction', 'limit', 'flipsAt', 'by', 'resolution', 'conditions', 'message'],
          properties: {
            fact: { type: 'string', description: 'JSON pointer into the household.' },
            value: { type: 'number' }, unit: { type: 'string' }, direction: { enum: ['up', 'down'] },
            limit: { type: 'number', description: 'The last value (on the resolution grid) with the same decision.' },
            flipsAt: { type: 'number', description: 'One resolution step past limit: the decision differs.' },
            by: { type: 'number' }, resolution: { type: 'number' },
            conditions: { type: 'array', items: { type: 'string' } },
            via: { type: 'object' },
            message: ref('CounterfactualMessage'),
          },
        },
      },
      flips: {
        type: 'array', items: {
          type: 'object', required: ['changes', 'size', 'conditions', 'message'],
          properties: {
            changes: { type: 'array', items: { type: 'object', required: ['fact', 'from', 'to'], properties: { fact: { type: 'string' }, from: {}, to: {}, unit: { type: 'string' }, by: { type: 'number' } } } },
            size: { type: 'number' }, conditions: { type: 'array', items: { type: 'string' } }, message: ref('CounterfactualMessage'),
          },
        },
      },
      next: {
        type: 'object', required: ['date', 'eligible', 'because', 'message'],
        properties: { date: { type: 'string', format: 'date' }, eligible: { type: ['boolean', 'null'] }, because: { type: 'array', items: ref('CounterfactualMessage') }, message: ref('CounterfactualMessage') },
      },
      search: {
        type: 'object', required: ['evaluations', 'cap', 'capped', 'horizonDays', 'fixed', 'note'],
        properties: { evaluations: { type: 'integer' }, cap: { type: 'integer' }, capped: { type: 'boolean' }, horizonDays: { type: 'integer' }, fixed: { type: 'array', items: { type: 'string' } }, note: { type: 'string' } },
      },
    },
  },
  CounterfactualMessage: {
    type: 'object', required: ['code', 'args', 'text'],
    description: 'A sentence as a message code with arguments (for other languages\' catalogues) and its English text.',
    properties: { code: { type: 'string' }, args: { type: 'object' }, text: { type: 'string' } },
  },
  EvaluateResponse: {
    type: 'object', required: ['ruleset', 'date', 'household', 'in_force', 'decisions'],
    properties: {
      ruleset: ref('RulesetRef'),
      date: { type: 'string', format: 'date' },
      household: { type: 'string', description: 'The household id.' },
      in_force: { type: 'boolean' },
      decisions: { type: 'array', items: ref('Decision') },
      language: { enum: ['es', 'pt', 'en'], description: 'The language of reasons and labels, when the request chose one.' },
    },
  },
  BatchResponse: {
    type: 'object', required: ['ruleset', 'date', 'results'],
    properties: {
      ruleset: ref('RulesetRef'),
      date: { type: 'string', format: 'date' },
      results: {
        type: 'array', description: 'One result per household, in request order.',
        items: {
          type: 'object', required: ['household', 'in_force', 'decisions'],
          properties: { household: { type: 'string' }, in_force: { type: 'boolean' }, decisions: { type: 'array', items: ref('Decision') } },
        },
      },
    },
  },
  Problem: {
    type: 'object', required: ['type', 'title', 'status'],
    description: 'RFC 9457 problem details (application/problem+json).',
    properties: {
      type: { type: 'string', format: 'uri', description: 'urn:elig:problem:<kind>' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      request_id: { type: 'string' },
    },
  },
  ValidationProblem: {
    allOf: [ref('Problem')],
    type: 'object', required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        items: {
          type: 'object', required: ['pointer', 'message'],
          properties: {
            pointer: { type: 'string', description: 'JSON pointer into the request body, e.g. /household/members/0/age.' },
            message: { type: 'string' },
            keyword: { type: 'string' },
          },
        },
      },
      total_errors: { type: 'integer', description: 'Present when more violations were found than listed.' },
    },
  },
  DiagnosticsProblem: {
    allOf: [ref('Problem')],
    type: 'object', required: ['diagnostics'],
    properties: { ruleset: { type: 'string' }, version: { type: 'string' }, diagnostics: { type: 'array', items: ref('Diagnostic') } },
  },
  PreconditionFailedProblem: {
    allOf: [ref('Problem')],
    type: 'object', required: ['current', 'submitted'],
    properties: {
      ruleset: { type: 'string' },
      current: { oneOf: [ref('VersionMeta'), { type: 'null' }], description: 'The version that is current now (with its source).' },
      merge: {
        oneOf: [{ allOf: [ref('MergeResult')], type: 'object', properties: { base: { type: 'string' }, theirs: { type: 'string' } } }, { type: 'null' }],
        description: 'Present when the save sent `base`: the three-way merge (null when `base` is not a saved version).',
      },
      submitted: {
        type: 'object', required: ['version', 'source'], description: 'What you sent, so nothing is lost.',
        properties: { version: { type: 'string' }, author: { type: 'string' }, message: { type: 'string' }, source: { type: 'string' } },
      },
    },
  },
  SaveRejectedProblem: { anyOf: [ref('DiagnosticsProblem'), ref('ValidationProblem'), ref('ConflictMarkerProblem'), ref('ProgramIdProblem')] },
  ConflictMarkerProblem: {
    allOf: [ref('Problem')],
    type: 'object', required: ['line'],
    properties: { ruleset: { type: 'string' }, line: { type: 'integer', description: 'The first line holding a merge marker.' } },
  },
  ProgramIdProblem: {
    allOf: [ref('Problem')],
    type: 'object', required: ['header'],
    properties: { ruleset: { type: 'string' }, header: { type: 'string', description: 'The id the text\'s header names.' } },
  },
  Reads: {
    type: 'object', additionalProperties: { type: 'string', pattern: VERSION_PATTERN },
    description: 'The exact versions of the programs this version read (`extends`, `eligible(…)`) when it was saved: its pins. ' +
      'Evaluating `id@version` uses them. Empty for versions saved before pins were recorded.',
  },
  GateReport: {
    type: 'object', required: ['ok', 'errors', 'warnings', 'examples', 'properties'],
    description: 'The publishing gate: no check errors, every example and property passes.',
    properties: {
      ok: { type: 'boolean' }, errors: { type: 'integer' }, warnings: { type: 'integer' },
      examples: {
        type: 'object', required: ['total', 'failed'],
        properties: {
          total: { type: 'integer' },
          failed: { type: 'array', items: { type: 'object', required: ['name', 'line', 'failures'], properties: { name: { type: 'string' }, line: { type: 'integer' }, failures: { type: 'array', items: { type: 'string' } } } } },
        },
      },
      properties: {
        type: 'object', required: ['total', 'runs', 'seed', 'failed'],
        properties: {
          total: { type: 'integer' }, runs: { type: 'integer' }, seed: { type: 'integer', description: 'Fixed by the version: a gate is repeatable.' },
          failed: { type: 'array', items: { type: 'object', required: ['name', 'line', 'message'], properties: { name: { type: 'string' }, line: { type: 'integer' }, message: { type: 'string' } } } },
        },
      },
      incomplete: { type: 'string', description: 'Why the gate could not finish (its time budget): the version does not pass.' },
      reads: { allOf: [ref('Reads')], description: 'The exact versions of the programs the gate ran against: the version\'s pins, what `/evaluate id@version` uses.' },
    },
  },
  MergeResult: {
    type: 'object', required: ['clean', 'merged', 'conflicts'],
    description: 'Three-way merge (node-diff3, by line) of base → theirs and base → mine.',
    properties: {
      clean: { type: 'boolean', description: 'No overlapping changes: `merged` holds both; confirm it, then save with If-Match of theirs.' },
      merged: { type: 'string', description: 'The merged text; each conflict is written between `<<<<<<< mine`, `||||||| base`, `=======` and `>>>>>>> theirs` (which do not parse, so it cannot be saved unresolved).' },
      conflicts: {
        type: 'array',
        items: {
          type: 'object', required: ['line', 'mine', 'base', 'theirs'],
          properties: { line: { type: 'integer', description: 'Line of the region\'s `<<<<<<<` in merged.' }, mine: { type: 'array', items: { type: 'string' } }, base: { type: 'array', items: { type: 'string' } }, theirs: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
  MergeResponse: {
    allOf: [ref('MergeResult')],
    type: 'object', required: ['id', 'base', 'theirs'],
    properties: { id: { type: 'string' }, base: { type: 'string', pattern: VERSION_PATTERN }, theirs: { allOf: [ref('VersionMeta')], type: 'object', required: ['source'], properties: { source: { type: 'string' } } } },
  },
  GateResponse: {
    type: 'object', required: ['id', 'version', 'number', 'gate', 'summary', 'diagnostics'],
    properties: { id: { type: 'string' }, version: { type: 'string', pattern: VERSION_PATTERN }, number: { type: 'integer' }, gate: ref('GateReport'), summary: { type: 'string' }, diagnostics: { type: 'array', items: ref('Diagnostic') } },
  },
  PublishResponse: {
    allOf: [ref('VersionMeta')],
    type: 'object', required: ['status', 'published', 'published_by', 'gate', 'gate_summary', 'override_reason'],
    properties: {
      status: { enum: ['published', 'already-published'] }, published: { const: true }, published_by: { type: 'string' },
      gate: ref('GateReport'), gate_summary: { type: 'string' }, override_reason: { type: ['string', 'null'] },
    },
  },
  PublicationsResponse: {
    type: 'object', required: ['id', 'publications'],
    properties: {
      id: { type: 'string' },
      publications: {
        type: 'array', description: 'Newest first; append-only.',
        items: {
          type: 'object', required: ['version', 'number', 'author', 'role', 'at', 'gate_ok', 'override_reason', 'gate'],
          properties: {
            version: { type: 'string', pattern: VERSION_PATTERN }, number: { type: 'integer' }, author: { type: 'string' }, role: { type: 'string' },
            at: { type: 'string', format: 'date-time' }, gate_ok: { type: 'boolean' }, override_reason: { type: ['string', 'null'] },
            gate: { description: 'The gate report, or for versions read from the rulesets/ folder `{reviewed}`.' },
          },
        },
      },
    },
  },
  Diagnostic: {
    type: 'object', required: ['code', 'severity', 'range', 'message'],
    properties: {
      code: { type: 'string' },
      severity: { enum: ['error', 'warning', 'info'] },
      range,
      message: { type: 'string' },
      hint: { type: 'string' },
      related: { type: 'array', items: { type: 'object', required: ['range', 'message'], properties: { range, message: { type: 'string' } } } },
    },
  },
  RulesetSummary: {
    type: 'object', required: ['id', 'title', 'version', 'updated', 'folder_in_sync'],
    properties: {
      id: { type: 'string' }, title: { type: ['string', 'null'] },
      version: { type: 'string', pattern: VERSION_PATTERN }, updated: { type: 'string', format: 'date-time' },
      folder_in_sync: { type: 'boolean', description: 'rulesets/<id>.elig holds the current version.' },
      published: { type: ['string', 'null'], description: 'The version /evaluate serves (null: only drafts so far).' },
    },
  },
  VersionMeta: {
    type: 'object', required: ['id', 'version', 'number', 'title', 'author', 'message', 'created', 'parent'],
    properties: {
      id: { type: 'string' },
      version: { type: 'string', pattern: VERSION_PATTERN, description: 'sha256 of the UTF-8 source; also the ETag.' },
      number: { type: 'integer', minimum: 1, description: 'Position in the history, 1 for the first save.' },
      title: { type: ['string', 'null'] },
      author: { type: 'string' },
      message: { type: 'string' },
      created: { type: 'string', format: 'date-time' },
      parent: { type: ['string', 'null'], description: 'The version this one was saved over.' },
      current: { type: 'boolean' },
      published: { type: 'boolean' },
      errors: { type: ['integer', 'null'], description: 'In the history: check errors the version was saved with (a draft with errors is never served or published); null when not recorded (read from the rulesets/ folder, or saved before schema 3).' },
    },
  },
  VersionDetail: {
    allOf: [ref('VersionMeta')],
    type: 'object', required: ['source', 'current', 'ok', 'diagnostics'],
    properties: {
      source: { type: 'string' }, current: { type: 'boolean' }, ok: { type: 'boolean' }, diagnostics: { type: 'array', items: ref('Diagnostic') },
      published: { type: 'boolean' }, reads: ref('Reads'),
    },
  },
  RulesetDetail: {
    type: 'object',
    required: ['id', 'title', 'version', 'number', 'updated', 'created', 'author', 'message', 'folder', 'source', 'metadata', 'ok', 'diagnostics'],
    properties: {
      id: { type: 'string' }, title: { type: ['string', 'null'] }, version: { type: 'string' }, number: { type: 'integer' },
      updated: { type: 'string', format: 'date-time' }, created: { type: 'string', format: 'date-time' },
      author: { type: 'string' }, message: { type: 'string' },
      folder: {
        type: 'object', required: ['path', 'version', 'in_sync'],
        properties: { path: { type: 'string' }, version: { type: ['string', 'null'] }, in_sync: { type: 'boolean' } },
      },
      source: { type: 'string' },
      metadata: {
        oneOf: [{ type: 'null' }, {
          type: 'object',
          required: ['title', 'country', 'currency', 'in_force', 'extends', 'sources', 'assumptions', 'subject', 'parameters', 'tables', 'scores', 'depends_on', 'examples'],
          properties: {
            title: { type: ['string', 'null'] }, country: { type: ['string', 'null'] }, currency: { type: ['string', 'null'] },
            in_force: { oneOf: [{ type: 'null' }, { type: 'object', required: ['from', 'until'], properties: { from: { type: 'string' }, until: { type: ['string', 'null'] } } }] },
            extends: { type: ['string', 'null'] },
            sources: { type: 'array', items: { type: 'string' } },
            assumptions: { type: 'array', items: { type: 'string' } },
            subject: { enum: ['household', 'member'] },
            parameters: { type: 'array', items: { type: 'string' } },
            tables: { type: 'array', items: { type: 'string' } },
            scores: { type: 'array', items: { type: 'string' } },
            depends_on: { type: 'array', items: { type: 'string' } },
            examples: { type: 'integer' },
          },
        }],
        description: 'From the program header and declarations; null when the version does not compile.',
      },
      ok: { type: 'boolean', description: 'The version compiles without errors.' },
      diagnostics: { type: 'array', items: ref('Diagnostic') },
      published: {
        oneOf: [{ type: 'null' }, { type: 'object', required: ['version', 'number', 'author'], properties: { version: { type: 'string' }, number: { type: 'integer' }, author: { type: 'string' } } }],
        description: 'The version /evaluate serves; `version` above is the latest saved (maybe a draft).',
      },
      reads: ref('Reads'),
    },
  },
  SaveResponse: {
    allOf: [ref('VersionMeta')],
    type: 'object', required: ['status', 'diagnostics'],
    properties: {
      status: { enum: ['created', 'saved', 'unchanged'], description: 'unchanged: the text equals the current version; nothing new stored.' },
      diagnostics: { type: 'array', items: ref('Diagnostic'), description: 'What the checker found, each with its line and column; errors too: a text with errors is kept as a draft.' },
      ok: { type: 'boolean', description: 'The text checks without errors.' },
      draft: { type: 'boolean', description: 'Not the version /evaluate serves (the opposite of `published`).' },
      publishable: { type: 'boolean', description: 'false for a draft with check errors: it can never be published, even with a reason, until a corrected version is saved.' },
      published: { type: 'boolean', description: 'This version is now the one /evaluate serves (it passed the gate and the token may publish).' },
      gate: ref('GateReport'), gate_summary: { type: 'string' }, reads: ref('Reads'),
    },
  },
  CheckResponse: {
    type: 'object', required: ['id', 'version', 'ok', 'diagnostics'],
    properties: {
      id: { type: 'string' }, version: { type: 'string', pattern: VERSION_PATTERN },
      ok: { type: 'boolean' }, diagnostics: { type: 'array', items: ref('Diagnostic') },
    },
  },
  Health: {
    type: 'object', required: ['status', 'database', 'uptime_seconds'],
    properties: {
      status: { enum: ['ok', 'degraded', 'draining', 'unavailable'], description: 'degraded: decisions are answered, but `degraded` lists what an operator must fix (read-only data directory, failing audit writes).' },
      degraded: { type: 'array', items: { type: 'string' } },
      database: { enum: ['ok', 'unavailable'] },
      rulesets: { type: 'integer' },
      uptime_seconds: { type: 'integer' },
    },
  },
  ExportResponse: {
    type: 'object', required: ['files'],
    properties: {
      files: {
        type: 'array',
        items: {
          type: 'object', required: ['id', 'path', 'version', 'changed'],
          properties: { id: { type: 'string' }, path: { type: 'string' }, version: { type: 'string' }, changed: { type: 'boolean' }, number: { type: 'integer' }, author: { type: 'string' }, published: { type: 'boolean' }, refused: { type: 'string', description: 'Why the file was not written (a symbolic link out of the folder).' } },
        },
      },
    },
  },
};

const problem = (description: string, schema = 'Problem') => ({
  description,
  content: { 'application/problem+json': { schema: ref(schema) } },
});
const json = (description: string, schema: string, headers?: Schema) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref(schema) } },
});
const etagHeader = { ETag: { description: 'The version, quoted: "sha256:…". Send it back as If-Match.', schema: { type: 'string' } } };
const rulesetParams = [
  { name: 'country', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]{2}$' }, description: 'First part of the ruleset id (bo in bo/mped).' },
  { name: 'program', in: 'path', required: true, schema: { type: 'string' }, description: 'Second part of the ruleset id (mped in bo/mped).' },
];
const bearer = [{ bearer: [] }];
const versionParam = { name: 'version', in: 'path', required: true, description: 'The version number (1, 2, …), its full hash `sha256:…`, or at least 8 hex digits of it.', schema: { type: 'string' } };
const writeErrors = {
  '401': problem('Missing or unknown bearer token.'),
  '403': problem('The token\'s role does not allow this (reader < editor < publisher); the problem names the author, the role and the role needed.'),
  '503': problem('Writes are disabled (no ELIG_TOKEN), or the server runs read-only (`read-only`: the data directory cannot be written; `reason` says why).'),
  '507': problem('The server\'s disk is full; nothing was saved.'),
};
const bodyErrors = {
  '400': problem('Malformed JSON, a body that is not what its Content-Encoding says, or (on saves) a path that is not a ruleset id.'),
  '413': problem('The body is larger than ELIG_BODY_LIMIT.'),
  '415': problem('The body is not application/json, or its Content-Encoding is not gzip, deflate or br.'),
};

export function buildOpenApi(settings: { batchLimit: number; bodyLimit: string }): Schema {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'elig decision service',
      version: '0.1.0',
      description:
        'Evaluates households against eligibility rulesets for social-protection programs and stores the rulesets ' +
        'as immutable versions. Decisions name the exact ruleset version (sha256 of its source) that made them; ' +
        'pin it as `id@version` to reproduce a decision. Errors are RFC 9457 problem details. ' +
        'Any unknown path answers 404 and any undocumented method on a known path 405 (with Allow), both as Problem. ' +
        'Every response carries X-Request-Id. ' +
        `Limits: request body ${settings.bodyLimit} (ELIG_BODY_LIMIT), ${settings.batchLimit} households per batch (ELIG_BATCH_LIMIT).`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A named token (ELIG_TOKENS_FILE / ELIG_TOKENS; roles reader, editor, publisher) or the one ELIG_TOKEN. Required for writes only.' },
      },
      parameters: {
        RequestId: { name: 'X-Request-Id', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9._:\\-]{1,128}$' }, description: 'Echoed back; generated when absent.' },
      },
    },
    paths: {
      '/': {
        get: {
          operationId: 'editor', summary: 'The browser editor (or a page saying to run npm run build:editor)',
          responses: { '200': { description: 'HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health', summary: 'Liveness and readiness',
          responses: { '200': json('Healthy.', 'Health'), '503': json('Draining or the database is unavailable.', 'Health') },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics', summary: 'Prometheus metrics (text format 0.0.4)',
          responses: { '200': { description: 'Metrics.', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
      '/evaluate': {
        post: {
          operationId: 'evaluate', summary: 'Decide one household, or a batch',
          description: 'Send `household` for one decision set, `households` for a batch (one result per household, in order). ' +
            'The whole request is validated before anything is evaluated; nothing is half-applied.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('EvaluateRequest') } } },
          responses: {
            '200': {
              description: 'Decisions: EvaluateResponse for `household`, BatchResponse for `households`.',
              content: { 'application/json': { schema: { oneOf: [ref('EvaluateResponse'), ref('BatchResponse')] } } },
            },
            ...bodyErrors,
            '404': problem('Unknown ruleset or version.'),
            '409': problem('The ruleset version does not compile, so it cannot evaluate.', 'DiagnosticsProblem'),
            '413': problem('Body larger than ELIG_BODY_LIMIT, more households than ELIG_BATCH_LIMIT, or more work than ELIG_WORK_BUDGET (`work-too-large`: decisions × 20 with explanations; the problem says how to get under it).'),
            '422': problem('The request does not match the schema; errors[] has every violation with its JSON pointer.', 'ValidationProblem'),
            '500': problem('The engine failed on a household; the log has the stack under the request id. Nothing was recorded.'),
          },
        },
      },
      '/check': {
        post: {
          operationId: 'check', summary: 'Diagnostics for a ruleset text (for the editor; nothing is stored)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CheckRequest') } } },
          responses: {
            '200': json('Diagnostics.', 'CheckResponse'), ...bodyErrors,
            '422': problem('Bad request body (`invalid-request`), or a text too heavy to check within ELIG_CHECK_TIMEOUT_MS (`check-too-complex`).'),
            '503': problem('Too many checks waiting (`checker-busy`); retry.'),
          },
        },
      },
      '/export': {
        post: {
          operationId: 'exportAll', summary: 'Write every published version (with ?drafts=1, the latest saved) to the rulesets/ folder (atomically), for git review; publisher role',
          security: bearer,
          parameters: [{ name: 'drafts', in: 'query', required: false, schema: { enum: ['1', 'true'] }, description: 'Export the latest saved versions, drafts included.' }],
          responses: { '200': json('What was written.', 'ExportResponse'), ...writeErrors },
        },
      },
      '/rulesets': {
        get: {
          operationId: 'listRulesets', summary: 'All rulesets with their current version',
          responses: {
            '200': {
              description: 'The rulesets, by id.',
              content: { 'application/json': { schema: { type: 'object', required: ['rulesets'], properties: { rulesets: { type: 'array', items: ref('RulesetSummary') } } } } },
            },
          },
        },
      },
      '/rulesets/{country}/{program}': {
        parameters: rulesetParams,
        get: {
          operationId: 'getRuleset', summary: 'The current version: source, metadata, diagnostics',
          responses: { '200': json('The ruleset.', 'RulesetDetail', etagHeader), '404': problem('Unknown ruleset.') },
        },
        put: saveOperation('saveRuleset'),
        post: saveOperation('saveRulesetPost'),
      },
      '/rulesets/{country}/{program}/versions': {
        parameters: rulesetParams,
        get: {
          operationId: 'listVersions', summary: 'Every saved version, newest first (without sources)',
          responses: {
            '200': {
              description: 'The history.', headers: etagHeader,
              content: { 'application/json': { schema: { type: 'object', required: ['id', 'current', 'versions'], properties: { id: { type: 'string' }, current: { type: 'string' }, versions: { type: 'array', items: ref('VersionMeta') } } } } },
            },
            '404': problem('Unknown ruleset.'),
          },
        },
      },
      '/rulesets/{country}/{program}/versions/{version}': {
        parameters: [...rulesetParams, versionParam],
        get: {
          operationId: 'getVersion', summary: 'One saved version with its source and pins',
          responses: { '200': json('The version.', 'VersionDetail', etagHeader), '404': problem('Unknown ruleset or version (`unknown-version`, `ambiguous-version`: the detail and `candidates` say what exists).') },
        },
      },
      '/rulesets/{country}/{program}/versions/{version}/gate': {
        parameters: [...rulesetParams, versionParam],
        get: {
          operationId: 'getGate', summary: 'Run the publishing gate on a saved version (checks, examples, properties), for review before publishing',
          responses: {
            '200': json('The gate\'s result.', 'GateResponse'), '404': problem('Unknown ruleset or version.'),
            '422': problem('The gate took longer than its budget (`check-too-complex`).'), '503': problem('Too many checks waiting (`checker-busy`).'),
          },
        },
      },
      '/rulesets/{country}/{program}/publications': {
        parameters: rulesetParams,
        get: {
          operationId: 'listPublications', summary: 'The publication log: who published which version, the gate\'s result, and any override reason',
          responses: { '200': json('The log.', 'PublicationsResponse'), '404': problem('Unknown ruleset.') },
        },
      },
      '/rulesets/{country}/{program}/merge': {
        parameters: rulesetParams,
        post: {
          operationId: 'mergeRuleset', summary: 'Three-way merge of my text (edited from base) with the latest saved version (editor role)',
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: ref('MergeRequest') } } },
          responses: {
            '200': json('The merge; ETag is theirs, to send as If-Match when saving the result.', 'MergeResponse', etagHeader),
            ...bodyErrors, ...writeErrors,
            '404': problem('Unknown ruleset, or base/theirs is not a saved version.'),
            '422': problem('The body does not match the schema.', 'ValidationProblem'),
          },
        },
      },
      '/rulesets/{country}/{program}/publish': {
        parameters: rulesetParams,
        post: {
          operationId: 'publishRuleset', summary: 'Make a saved version the one /evaluate serves (publisher role)',
          description: 'The gate runs on the version; when it fails, only a `reason` publishes it anyway, and the reason is kept in the publication log.',
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: ref('PublishRequest') } } },
          responses: {
            '200': json('Published.', 'PublishResponse'),
            ...bodyErrors, ...writeErrors,
            '404': problem('Unknown ruleset or version.'),
            '422': problem('The version has check errors (`version-has-errors`, with its diagnostics: never published, even with a reason), the gate failed and no reason was given (`gate-failed`, with the gate report), or the body does not match the schema.'),
          },
        },
      },
      '/rulesets/{country}/{program}/schema': {
        parameters: rulesetParams,
        get: {
          operationId: 'getInputSchema', summary: 'JSON Schema of the household this ruleset reads',
          description: 'The household schema with $id /rulesets/{id}/schema; x-elig-reads lists the fields the current version reads.',
          responses: { '200': { description: 'A JSON Schema (2020-12).', headers: etagHeader, content: { 'application/schema+json': { schema: { type: 'object' } } } }, '404': problem('Unknown ruleset.') },
        },
      },
      '/rulesets/{country}/{program}/export': {
        parameters: rulesetParams,
        get: {
          operationId: 'exportRuleset', summary: 'The current source as a file, to commit at rulesets/{id}.elig',
          responses: {
            '200': {
              description: 'The .elig text.', headers: { ...etagHeader, 'X-Elig-Path': { schema: { type: 'string' }, description: 'Where it belongs in the repository.' } },
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            '404': problem('Unknown ruleset.'),
          },
        },
      },
    },
  };
}

function saveOperation(operationId: string): Schema {
  return {
    operationId,
    summary: 'Save a new version (editor role; a text with check errors is kept as a draft with its diagnostics); published when it passes the gate and the token may publish',
    description: 'Optimistic concurrency: send `If-Match` with the ETag of the version you edited, and `base` (that version) to get a ' +
      'three-way merge in the 412 when someone saved meanwhile. A new ruleset needs no If-Match (or `If-None-Match: *`). ' +
      'Saving always keeps the version; it becomes the one /evaluate serves only when it passes the publishing gate (no check errors, ' +
      'every example and property passes) and the token is a publisher\'s (`publish: false` keeps it a draft). PUT and POST behave the same.',
    security: bearer,
    parameters: [
      { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'Required when the ruleset exists.' },
      { name: 'If-None-Match', in: 'header', required: false, schema: { const: '*' }, description: 'Create only.' },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: ref('SaveRequest') } } },
    responses: {
      '200': json('Saved over the current version (or unchanged).', 'SaveResponse', etagHeader),
      '201': json('Created a new ruleset.', 'SaveResponse', { ...etagHeader, Location: { schema: { type: 'string' } } }),
      ...bodyErrors,
      ...writeErrors,
      '404': problem('The path is not a ruleset id (two lower-case letters / lower-case words joined by -).'),
      '412': problem('If-Match is not the current version: nothing saved; the body has the current version, your text and (with `base`) the merge.', 'PreconditionFailedProblem'),
      '422': problem('The text still has merge conflict markers (`unresolved-conflict`, with the line), its header names another ruleset (`program-id-mismatch`), or the body does not match the schema (errors). A text with check errors is not refused: it is saved as a draft.', 'SaveRejectedProblem'),
      '428': problem('The ruleset exists and If-Match is missing.'),
    },
  };
}
