// Test harness: a real server on loopback port 0 with a real SQLite file in a temp dir, seeded from a
// copy of the shipped rulesets/ folder (so tests may write to the folder without touching the repo).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as engine from '../../engine';
import type { EnginePort, LoadedRulesetLike } from '../../server/engine-port';
import { createLogger, type Logger } from '../../server/log';
import { startServer, type RunningServer, type ServerConfig } from '../../server/server';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SHIPPED_RULESETS = join(REPO, 'rulesets');
export const TOKEN = 'test-token-0123456789';

export function realEngine(): EnginePort<LoadedRulesetLike> {
  return engine as EnginePort<LoadedRulesetLike>;
}

export interface TestServer extends RunningServer {
  dir: string;
  dataDir: string;
  rulesetsDir: string;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startTestServer(
  overrides: Partial<ServerConfig> & { engine?: EnginePort<LoadedRulesetLike>; dir?: string } = {},
): Promise<TestServer> {
  const dir = overrides.dir ?? mkdtempSync(join(tmpdir(), 'elig-server-'));
  const dataDir = join(dir, 'data');
  const rulesetsDir = join(dir, 'rulesets');
  if (!existsSync(rulesetsDir)) cpSync(SHIPPED_RULESETS, rulesetsDir, { recursive: true });
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) });
  const config: ServerConfig = {
    host: '127.0.0.1', port: 0, dataDir, rulesetsDir, token: TOKEN, bodyLimit: '5mb', batchLimit: 10_000,
    audit: false, auditRaw: false, logLevel: 'debug', shutdownTimeoutMs: 5000, synchronous: 'NORMAL',
    editorDist: join(dir, 'no-editor-dist'), workers: 1,
    ...overrides,
  };
  const running = await startServer(config, overrides.engine ?? realEngine(), logger);
  return {
    ...running, dir, dataDir, rulesetsDir, logs,
    async stop() {
      await running.close();
      if (!overrides.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every response `call` saw, for the OpenAPI conformance check. */
export const recorded: { method: string; path: string; status: number; contentType: string; body: unknown }[] = [];

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { json?: unknown; body?: string; headers?: Record<string, string>; token?: string | null } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const parsed = /json/.test(type) && text ? JSON.parse(text) : text;
  recorded.push({ method, path, status: res.status, contentType: type, body: parsed });
  return { status: res.status, headers: res.headers, body: parsed, text };
}
