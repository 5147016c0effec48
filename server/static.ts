// The browser editor: editor/dist (built by `npm run build:editor`) served at `/`, Monaco's worker and
// font files included. Without a build, `/` explains how to make one instead of a bare 404.
import express, { type Request, type Response, type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_EDITOR_DIST = fileURLToPath(new URL('../editor/dist', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>elig — editor not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:0 .25em}</style>
</head><body>
<h1>The editor is not built</h1>
<p>Run <code>npm run build:editor</code> (or start the server with <code>npm start</code>, which builds it first), then reload.</p>
<p>The API is up: see <a href="/openapi.json">/openapi.json</a>, <a href="/rulesets">/rulesets</a> and <a href="/healthz">/healthz</a>.</p>
</body></html>
`;

/** Handler for `GET /`: the built editor's index.html, or the page saying how to build it. */
export function editorIndex(distDir: string): RequestHandler {
  return (_req: Request, res: Response) => {
    const index = join(distDir, 'index.html');
    if (existsSync(index)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    } else {
      res.status(200).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT);
    }
  };
}

/** The built assets (hashed file names from Vite, so they can be cached for long). */
export function editorAssets(distDir: string): RequestHandler {
  return express.static(distDir, {
    index: false,
    fallthrough: true,
    setHeaders(res, path) {
      if (path.includes(`${'/'}assets${'/'}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      if (path.endsWith('.js') || path.endsWith('.mjs')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    },
  });
}
