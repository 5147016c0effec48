// Configuration from the environment; every variable is documented in server/README.md.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { parseLevel } from './log';
import type { ServerConfig } from './server';
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-pool';
import { DEFAULT_WORK_BUDGET } from './work-budget';
import { DEFAULT_AUTHOR, DEFAULT_TOKEN, hashToken, parseTokenList, readTokensFile, type TokenEntry } from './auth';

/** Named tokens: ELIG_TOKENS_FILE, else ELIG_TOKENS; with neither (and no ELIG_TOKEN) the embedded default
 *  token of one local publisher, so `npm start` can save and publish with no configuration. */
export function tokensFromEnv(env: NodeJS.ProcessEnv): TokenEntry[] | undefined {
  if (env.ELIG_TOKENS_FILE?.trim()) return readTokensFile(resolve(env.ELIG_TOKENS_FILE.trim()));
  if (env.ELIG_TOKENS?.trim()) return parseTokenList(env.ELIG_TOKENS);
  if (env.ELIG_TOKEN?.length) return undefined;
  if (flag(env.ELIG_NO_DEFAULT_TOKEN)) return undefined;
  return [{ ...DEFAULT_AUTHOR, sha256: hashToken(DEFAULT_TOKEN) }];
}

export const DEFAULT_RULESETS_DIR = fileURLToPath(new URL('../rulesets', import.meta.url));

function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(value)})`);
  return n;
}

function nonNegativeInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0 (got ${JSON.stringify(value)})`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535 (got ${JSON.stringify(env.PORT)})`);
  const bodyLimit = env.ELIG_BODY_LIMIT?.trim() || '5mb';
  if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(bodyLimit)) throw new Error(`ELIG_BODY_LIMIT must be a size like 5mb or 1048576 (got ${JSON.stringify(bodyLimit)})`);
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port,
    dataDir: resolve(env.ELIG_DATA_DIR?.trim() || './data'),
    rulesetsDir: env.ELIG_RULESETS_DIR === '' ? undefined : resolve(env.ELIG_RULESETS_DIR?.trim() || DEFAULT_RULESETS_DIR),
    token: env.ELIG_TOKEN?.length ? env.ELIG_TOKEN : undefined,
    tokens: tokensFromEnv(env),
    bodyLimit: /^\d+$/.test(bodyLimit) ? Number(bodyLimit) : bodyLimit,
    batchLimit: positiveInt('ELIG_BATCH_LIMIT', env.ELIG_BATCH_LIMIT, 10_000),
    audit: flag(env.ELIG_AUDIT),
    auditRaw: flag(env.ELIG_AUDIT_RAW),
    logLevel: parseLevel(env.ELIG_LOG_LEVEL),
    shutdownTimeoutMs: positiveInt('ELIG_SHUTDOWN_TIMEOUT_MS', env.ELIG_SHUTDOWN_TIMEOUT_MS, 10_000),
    synchronous: env.ELIG_SYNC?.toUpperCase() === 'FULL' ? 'FULL' : 'NORMAL',
    workers: env.ELIG_WORKERS === undefined || env.ELIG_WORKERS.trim() === ''
      ? Math.max(0, Math.min(4, availableParallelism() - 1))
      : nonNegativeInt('ELIG_WORKERS', env.ELIG_WORKERS),
    editorDist: env.ELIG_EDITOR_DIST?.trim() ? resolve(env.ELIG_EDITOR_DIST) : undefined,
    workBudget: positiveInt('ELIG_WORK_BUDGET', env.ELIG_WORK_BUDGET, DEFAULT_WORK_BUDGET),
    checkTimeoutMs: env.ELIG_CHECK_TIMEOUT_MS === undefined || env.ELIG_CHECK_TIMEOUT_MS.trim() === ''
      ? DEFAULT_CHECK_TIMEOUT_MS
      : nonNegativeInt('ELIG_CHECK_TIMEOUT_MS', env.ELIG_CHECK_TIMEOUT_MS),
    auditKey: env.ELIG_AUDIT_KEY?.length ? env.ELIG_AUDIT_KEY : undefined,
  };
}
