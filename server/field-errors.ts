// Ajv's errors as the service and the CLI report them: one JSON pointer and a plain message each,
// duplicates dropped. Kept apart from the validators so a generated (standalone) validator can use it.
import type { ErrorObject } from 'ajv/dist/2020';
import type { FieldError } from './problems';

function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  if (error.keyword === 'required') return `${error.instancePath}/${escape(String(params.missingProperty))}`;
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${escape(String(params.additionalProperty))}`;
  }
  return error.instancePath;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a known field';
    case 'enum': return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'maximum': return `must be at most ${params.limit} (the largest value this field accepts)`;
    case 'minimum': return `must be at least ${params.limit}`;
    case 'format': return params.format === 'date' ? 'must be a real date written YYYY-MM-DD' : `must be a valid ${params.format}`;
    default: return error.message ?? 'is invalid';
  }
}

export function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const fe = { pointer: pointerOf(e), message: messageOf(e), keyword: e.keyword };
    const key = `${fe.pointer}\u0000${fe.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fe);
  }
  return out;
}
