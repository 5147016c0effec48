// The OpenAPI document matches the app: every registered route is documented (and nothing else), every
// schema compiles under draft 2020-12, and the document is served as-is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { call, startTestServer, type TestServer } from './helpers';
import { checkResponse, openApiDocument } from './openapi-check';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 and is what the server serves', async () => {
    const r = await call(s.url, 'GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body).toEqual(openApiDocument());
    expect(checkResponse({ method: 'GET', path: '/openapi.json', status: 200, contentType: 'application/json', body: r.body })).toEqual([]);
  });

  it('documents every route the app registers, and only those', () => {
    const doc = openApiDocument();
    const registered = s.app.routes.map((r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`).sort();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(registered);
  });

  it('matches the Express router itself (no route registered around the route table)', () => {
    const stack = (s.app as any).router.stack as any[];
    const fromRouter = new Set<string>();
    for (const layer of stack) {
      if (!layer.route) continue;
      if (layer.route.stack.some((l: any) => l.name === 'methodNotAllowed')) continue; // the 405 fallbacks
      const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all');
      for (const m of methods) fromRouter.add(`${m.toUpperCase()} ${String(layer.route.path).replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    }
    const registered = new Set(s.app.routes.map((r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`));
    expect([...fromRouter].sort()).toEqual([...registered].sort());
  });

  it('has path parameters for every template variable and a schema that compiles for every component', () => {
    const doc = openApiDocument();
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      const vars = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const params = [...(item.parameters ?? []), ...((op as any).parameters ?? [])].filter((p: any) => p.in === 'path').map((p: any) => p.name);
        expect(params.sort(), `${method} ${path}`).toEqual([...vars].sort());
        expect(Object.keys((op as any).responses).length).toBeGreaterThan(0);
      }
    }
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` }), name).not.toThrow();
    }
  });

  it('its Household component accepts and rejects what the request validator does', () => {
    const doc = openApiDocument();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
    const validate = ajv.compile({ $ref: 'openapi.json#/components/schemas/EvaluateRequest' });
    expect(validate({ ruleset: 'bo/mped', household: { id: 'h', members: [{ id: 'p', age: 3 }] } })).toBe(true);
    expect(validate({ ruleset: 'bo/mped', household: { id: 'h', members: [{ id: 'p', age: -3 }] } })).toBe(false);
  });
});
