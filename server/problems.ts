// RFC 9457 problem details: every error the service returns is one of these, as application/problem+json.
// `type` is a stable URN per kind of problem so clients can branch on it without parsing `title`.
import type { ServerResponse } from 'node:http';
import { MAX_PROGRAM_SEGMENT, MAX_RULESET_ID, quotedId } from '../dsl/ruleset-id';

/** What an evaluation request would cost, measured before any of it runs (server/work-budget.ts). */
export interface WorkEstimate {
  households: number;
  /** Decisions to make: one per subject (a member-level ruleset: every member may be one). */
  decisions: number;
  explain: boolean;
  explainWeight: number;
  units: number;
  /** Households of this request's average size that fit in one request. */
  fitsPerRequest: number;
  /** Set when the request asks for counterfactuals (each decision then weighs counterfactualWeight more). */
  counterfactuals?: boolean;
  counterfactualWeight?: number;
}

export interface FieldError {
  /** JSON pointer into the request body, e.g. `/household/members/0/age` ("" is the whole body). */
  pointer: string;
  message: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `format`, …). */
  keyword?: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_PREFIX = 'urn:elig:problem:';

/** A thrown problem; the error handler turns it into a response. */
export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.status = status;
    this.type = TYPE_PREFIX + slug;
    this.title = title;
    this.detail = detail;
    this.extensions = extensions;
    this.headers = headers;
  }

  body(): ProblemBody {
    const body: ProblemBody = { type: this.type, title: this.title, status: this.status };
    if (this.detail !== undefined) body.detail = this.detail;
    return { ...body, ...this.extensions };
  }
}

export function sendProblem(res: ServerResponse, problem: Problem, requestId?: string): void {
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  const body = problem.body();
  if (requestId) body.request_id = requestId;
  const text = JSON.stringify(body);
  res.writeHead(problem.status, { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// ------------------------------------------------------------------ the problems the service raises

export const problems = {
  malformedJson: (detail: string) =>
    new Problem(400, 'malformed-json', 'Malformed JSON', `The request body is not valid JSON: ${detail}`),
  unsupportedMediaType: (got: string | undefined) =>
    new Problem(415, 'unsupported-media-type', 'Unsupported media type',
      `Send the body as application/json${got ? ` (got ${got})` : ''}.`),
  invalidRequest: (errors: FieldError[], total: number, detail?: string) =>
    new Problem(422, 'invalid-request', 'The request does not match the schema',
      detail ?? `${total} violation${total === 1 ? '' : 's'}; see errors[] for each JSON pointer.`,
      total > errors.length ? { errors, total_errors: total } : { errors }),
  bodyTooLarge: (limit: string) =>
    new Problem(413, 'body-too-large', 'Request body too large',
      `The request body exceeds the limit of ${limit} (ELIG_BODY_LIMIT). Split a batch into smaller requests.`,
      { limit }),
  batchTooLarge: (size: number, limit: number) =>
    new Problem(413, 'batch-too-large', 'Batch too large',
      `The batch has ${size} households; the limit is ${limit} per request (ELIG_BATCH_LIMIT). Split it into smaller requests.`,
      { size, limit }),
  unknownRuleset: (id: string) =>
    new Problem(404, 'unknown-ruleset', 'Unknown ruleset', `There is no ruleset \`${quotedId(id)}\`.`, { ruleset: quotedId(id) }),
  invalidRulesetId: (id: string, reason: string) =>
    new Problem(400, 'invalid-ruleset-id', 'Not a ruleset id',
      `\`${quotedId(id)}\` ${reason}. A ruleset id is country/program: two lower-case letters, \`/\`, then at most ` +
      `${MAX_PROGRAM_SEGMENT} lower-case letters, digits and single hyphens (like bo/mped).`,
      { ruleset: quotedId(id), max_length: MAX_RULESET_ID }),
  workTooLarge: (work: WorkEstimate, budget: number) =>
    new Problem(413, 'work-too-large', 'Too much work for one request',
      `This request asks for ${work.decisions} decision${work.decisions === 1 ? '' : 's'}` +
      `${work.explain ? ` with explanations (each weighs ${work.explainWeight})` : ''}` +
      `${work.counterfactuals ? ` with counterfactuals (each weighs ${work.counterfactualWeight} more)` : ''}: ${work.units} work units; the limit is ` +
      `${budget} per request (ELIG_WORK_BUDGET). ` +
      (work.counterfactuals ? 'Ask for counterfactuals for a few households at a time, or send "counterfactuals": false; or ' : '') +
      (work.explain ? 'Send "explain": false (each decision then weighs 1)' : 'Split the batch') +
      (work.households > 1 ? `${work.explain ? ', or split the batch' : ''} into requests of at most ${Math.max(1, work.fitsPerRequest)} households.` : '.'),
      { limit: budget, work: work.units, decisions: work.decisions, explain: work.explain, explain_weight: work.explainWeight,
        households: work.households, households_per_request: Math.max(1, work.fitsPerRequest),
        ...(work.counterfactuals ? { counterfactuals: true, counterfactual_weight: work.counterfactualWeight } : {}) }),
  checkTooComplex: (seconds: number) =>
    new Problem(422, 'check-too-complex', 'The ruleset is too large or complex to check',
      `Checking this text took longer than ${seconds} s (ELIG_CHECK_TIMEOUT_MS) and was stopped. Split long expressions ` +
      'with `let`, or split the ruleset.', { limit_seconds: seconds }),
  checkBusy: () =>
    new Problem(503, 'checker-busy', 'The checker is busy', 'Too many checks are waiting; retry in a moment.',
      {}, { 'Retry-After': '2' }),
  diskFull: () =>
    new Problem(507, 'disk-full', 'The server\'s disk is full',
      'The server\'s disk is full; your text was not saved — copy it, and save again once an operator has freed space.'),
  readOnly: (reason: string) =>
    new Problem(503, 'read-only', 'The server is read-only',
      `The server runs read-only (${reason}); it serves decisions from the rulesets it has, but cannot save. ` +
      'Your text was not saved — copy it, and save again once the data directory is writable.', { reason },
      { 'Retry-After': '60' }),
  badContentEncoding: (encoding: string) =>
    new Problem(400, 'bad-content-encoding', 'The body is not encoded as it says',
      `The request says \`Content-Encoding: ${encoding.slice(0, 40)}\` but its body is not ${encoding.slice(0, 40)} data. ` +
      'Send plain JSON without a Content-Encoding header, or compress the body the way the header says.'),
  unsupportedEncoding: (encoding: string) =>
    new Problem(415, 'unsupported-content-encoding', 'Unsupported content encoding',
      `The server reads bodies sent plain, or with Content-Encoding gzip, deflate or br; not \`${encoding.slice(0, 40)}\`.`,
      {}, { 'Accept-Encoding': 'gzip, deflate, br' }),
  unknownVersion: (id: string, version: string, why?: string, candidates?: { version: string; number: number }[], ambiguous = false) =>
    new Problem(404, ambiguous ? 'ambiguous-version' : 'unknown-version', ambiguous ? 'Ambiguous ruleset version' : 'Unknown ruleset version',
      why ? `${why[0]!.toUpperCase()}${why.slice(1)}.` : `Ruleset \`${id}\` has no version \`${quotedId(version)}\`.`,
      { ruleset: id, version: quotedId(version), ...(candidates ? { candidates } : {}) }),
  nothingPublished: (id: string) =>
    new Problem(409, 'nothing-published', 'No published version',
      `Ruleset \`${id}\` has drafts but no published version yet: a publisher publishes one (POST /rulesets/${id}/publish), ` +
      `or evaluate a draft by its number or hash (\`${id}@1\`).`, { ruleset: id }),
  forbidden: (author: string, role: string, needed: string, action: string) =>
    new Problem(403, 'forbidden', 'Not allowed for your role',
      `${author} has the ${role} role; ${action} needs the ${needed} role. Ask someone with the ${needed} role, or an administrator for that role.`,
      { author, role, needed }),
  gateFailed: (id: string, version: string, gate: unknown) =>
    new Problem(422, 'gate-failed', 'The version did not pass the publishing gate',
      `Version ${version} of \`${id}\` has failing checks, examples or properties (see gate), so it was not published. ` +
      'Fix them and save again, or publish it anyway with a written "reason" (a publisher only; the reason is kept in the publication log).',
      { ruleset: id, version, gate }),
  notFound: (path: string) => new Problem(404, 'not-found', 'Not found', `No route for ${path}.`),
  methodNotAllowed: (method: string, path: string, allow: string[]) =>
    new Problem(405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed on ${path}.`,
      { allow }, { Allow: allow.join(', ') }),
  rulesetHasErrors: (id: string, version: string, diagnostics: unknown[]) =>
    new Problem(409, 'ruleset-has-errors', 'The ruleset version does not compile',
      `Ruleset \`${id}\` version ${version} has errors and cannot evaluate; save a corrected version.`,
      { ruleset: id, version, diagnostics }),
  versionHasErrors: (id: string, version: string, number: number, diagnostics: readonly { severity: string; range: { start: { line: number; column: number } }; message: string }[]) => {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    return new Problem(422, 'version-has-errors', 'A version with check errors cannot be published',
      `Version ${number} of \`${id}\` was saved as a draft with ${errors.length} check error${errors.length === 1 ? '' : 's'}` +
      (first ? ` (the first at line ${first.range.start.line}, column ${first.range.start.column}: ${first.message})` : '') +
      '. A version with errors can never be published, even with a reason: fix them and save again, then publish the new version.',
      { ruleset: id, version, number, diagnostics });
  },
  unresolvedConflict: (id: string, line: number) =>
    new Problem(422, 'unresolved-conflict', 'The text still has merge conflict markers',
      `Line ${line} of the text for \`${id}\` is a merge conflict marker (<<<<<<<, ||||||| , ======= or >>>>>>>): ` +
      'keep what is right in each conflict region and remove the markers, then save. Nothing was saved.', { ruleset: id, line }),
  programIdMismatch: (id: string, header: string) =>
    new Problem(422, 'program-id-mismatch', 'The text is another ruleset',
      `The text's header says \`program ${header}\`, but it was sent to \`${id}\`: save it under /rulesets/${header}, ` +
      `or change its header to \`program ${id}\`. Nothing was saved.`, { ruleset: id, header }),
  unauthorized: (detail: string) =>
    new Problem(401, 'unauthorized', 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="elig"' }),
  writesDisabled: () =>
    new Problem(503, 'writes-disabled', 'Writes are disabled',
      'This server has no write token. Start it with ELIG_TOKEN=<secret> in its environment and send ' +
      '`Authorization: Bearer <secret>` with every write.'),
  preconditionRequired: (id: string, current: string) =>
    new Problem(428, 'precondition-required', 'If-Match required',
      `Ruleset \`${id}\` exists; send \`If-Match: "${current}"\` (the ETag of the version you edited) to save over it.`,
      { ruleset: id, current_version: current }),
  preconditionFailed: (id: string, current: unknown, submitted: unknown, merge?: { clean: boolean; conflicts: unknown[] } | null) =>
    new Problem(412, 'precondition-failed', 'The ruleset changed since you loaded it',
      `Ruleset \`${id}\` has a newer version than your If-Match; nothing was saved. ` + (
        merge === undefined
          ? 'Merge your text (returned as submitted.source) with the current version and save again with its ETag, ' +
            'or send the version you edited from as "base" and the server merges them for you.'
          : merge === null
            ? 'The "base" you sent is not a saved version of this ruleset, so no merge was made: merge by hand with current.source.'
            : merge.clean
              ? 'Your changes and theirs do not overlap: merge.merged holds both. Check it, then save it with If-Match of current.version.'
              : `Your changes and theirs overlap in ${merge.conflicts.length} place(s), marked in merge.merged with <<<<<<< mine … >>>>>>> theirs: ` +
                'resolve each, then save with If-Match of current.version.'),
      { ruleset: id, current, submitted, ...(merge !== undefined ? { merge } : {}) }),
  shuttingDown: () =>
    new Problem(503, 'shutting-down', 'Shutting down', 'The server is shutting down; retry on another instance.',
      {}, { Connection: 'close', 'Retry-After': '1' }),
  internal: () => new Problem(500, 'internal', 'Internal server error',
    'The server failed to handle the request; the log has the details under this request id.'),
};
