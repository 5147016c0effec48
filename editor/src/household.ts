// The Try-it household: parsed with positions (so errors land where they are), checked against the
// basics of household.schema.json, and converted from `example` blocks' JSON in the AST.
import type { JsonValue } from '../../dsl/ast';
import { householdSchema, resolveRef, type SchemaNode } from './fields';

export interface JsonProblem {
  pointer: string;
  message: string;
  offset: number; // where to put the marker
  length: number;
}

export type ParsedJson = { ok: true; value: unknown; spans: Map<string, [number, number]> } | { ok: false; problem: JsonProblem };

/** JSON.parse with a map from JSON pointer to [start, end) offsets. */
export function parseJsonWithSpans(text: string): ParsedJson {
  const spans = new Map<string, [number, number]>();
  let i = 0;
  const fail = (message: string): never => {
    throw { message, offset: i };
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('Unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) {
      i = start;
      fail('Unterminated string');
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string): unknown => {
    ws();
    const start = i;
    const c = text[i];
    let result: unknown;
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail('Expected a "key" in quotes');
          const key = str();
          ws();
          if (text[i] !== ':') fail('Expected `:` after the key');
          i++;
          obj[key] = value(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail('Expected `,` or `}`');
        }
      }
      result = obj;
    } else if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          arr.push(value(`${pointer}/${arr.length}`));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail('Expected `,` or `]`');
        }
      }
      result = arr;
    } else if (c === '"') result = str();
    else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail(i >= text.length ? 'Unexpected end of the text' : `Unexpected \`${c}\``);
      i += m![0].length;
      result = JSON.parse(m![0]);
    }
    spans.set(pointer, [start, i]);
    return result;
  };
  try {
    const v = value('');
    ws();
    if (i < text.length) fail('Unexpected text after the household');
    return { ok: true, value: v, spans };
  } catch (error) {
    const e = error as { message: string; offset: number };
    return { ok: false, problem: { pointer: '', message: e.message, offset: Math.min(e.offset, Math.max(0, text.length - 1)), length: 1 } };
  }
}

type Schema = SchemaNode;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The basic checks of household.schema.json: types, enums, required, unknown keys, bounds, dates. */
export function validateHousehold(value: unknown): { pointer: string; message: string }[] {
  const errors: { pointer: string; message: string }[] = [];
  const visit = (v: unknown, raw: Schema, pointer: string) => {
    const s = resolveRef(raw);
    const where = pointer || 'the household';
    if (s.enum && !s.enum.includes(v)) {
      errors.push({ pointer, message: `${where} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
      return;
    }
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    const actual = typeOf(v);
    if (types.length && !types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) {
      errors.push({ pointer, message: `${where} must be ${types.join(' or ')}, not ${actual}` });
      return;
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) errors.push({ pointer, message: `${where} must be at least ${s.minimum}` });
      if (s.maximum !== undefined && v > s.maximum) errors.push({ pointer, message: `${where} must be at most ${s.maximum}` });
    }
    if (typeof v === 'string') {
      if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push({ pointer, message: `${where} must be a date YYYY-MM-DD` });
      if (s.minLength !== undefined && v.length < s.minLength) errors.push({ pointer, message: `${where} must not be empty` });
    }
    if (actual === 'object' && s.properties) {
      const obj = v as Record<string, unknown>;
      for (const key of s.required ?? []) if (!(key in obj)) errors.push({ pointer, message: `${where} needs \`${key}\`` });
      for (const [key, child] of Object.entries(obj)) {
        const childSchema = s.properties[key];
        if (childSchema) visit(child, childSchema, `${pointer}/${key}`);
        else if (s.additionalProperties === false) errors.push({ pointer: `${pointer}/${key}`, message: `\`${key}\` is not a field of ${pointer ? pointer : 'a household'}` });
      }
    }
    if (actual === 'array' && s.items) (v as unknown[]).forEach((item, index) => visit(item, s.items!, `${pointer}/${index}`));
  };
  visit(value, householdSchema, '');
  return errors;
}

/** An `example` block's household, from the AST, as plain JSON. */
export function jsonValue(v: JsonValue): unknown {
  switch (v.kind) {
    case 'JsonObject':
      return Object.fromEntries(v.entries.map((e) => [e.key, jsonValue(e.value)]));
    case 'JsonArray':
      return v.items.map(jsonValue);
    case 'JsonString':
      return v.value;
    case 'JsonNumber':
      return Number(v.text);
    case 'JsonBool':
      return v.value;
    case 'JsonNull':
      return null;
  }
}
