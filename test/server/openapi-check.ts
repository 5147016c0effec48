// Validates recorded responses against the service's own OpenAPI document with Ajv (2020-12 dialect).
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildOpenApi } from '../../server/openapi';

export interface Recorded { method: string; path: string; status: number; contentType: string; body: unknown }

const doc = buildOpenApi({ batchLimit: 10_000, bodyLimit: '5mb' }) as any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');
const cache = new Map<string, ValidateFunction>();

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function openApiDocument(): any {
  return doc;
}

/** The documented path template that a concrete path matches (`/rulesets/bo/mped` → `/rulesets/{country}/{program}`). */
export function templateOf(path: string): string | undefined {
  const clean = path.split('?')[0]!;
  const templates = Object.keys(doc.paths);
  const exact = templates.find((t) => t === clean);
  if (exact) return exact;
  return templates.find((t) => {
    const re = new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    return re.test(clean);
  });
}

/** Problems with one recorded response, as text; [] when it matches the document. */
export function checkResponse(r: Recorded): string[] {
  const template = templateOf(r.path);
  const operation = template ? doc.paths[template][r.method.toLowerCase()] : undefined;
  if (!template || !operation) {
    // Outside the documented operations: the editor's static files, and the router's own 404 and 405
    // answers, which are plain problems (documented once, in info.description and components).
    if (r.method === 'GET' && r.path.startsWith('/assets/') && r.status === 200) return [];
    if ((r.status === 404 || r.status === 405) && /problem\+json/.test(r.contentType)) return validateWith('#/components/schemas/Problem', r);
    return [`${r.method} ${r.path}: ${template ? 'method' : 'path'} not documented`];
  }
  const response = operation.responses[String(r.status)];
  if (!response) return [`${r.method} ${template}: status ${r.status} not documented`];
  const mediaType = r.contentType.split(';')[0]!.trim();
  const content = response.content ?? {};
  const documented = content[mediaType] ? mediaType : undefined;
  if (!documented) return [`${r.method} ${template} ${r.status}: content type ${mediaType} not documented (${Object.keys(content).join(', ')})`];
  const pointer = `#/paths/${escape(template)}/${r.method.toLowerCase()}/responses/${r.status}/content/${escape(documented)}/schema`;
  if (typeof r.body === 'string' && /json/.test(mediaType)) return [`${r.method} ${template} ${r.status}: JSON body did not parse`];
  return validateWith(pointer, r);
}

function validateWith(pointer: string, r: Recorded): string[] {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json${pointer}` });
    cache.set(pointer, validate);
  }
  if (validate(r.body)) return [];
  return (validate.errors ?? []).map((e) => `${r.method} ${r.path} ${r.status}: ${e.instancePath} ${e.message}`);
}
