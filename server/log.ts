// Structured logs with pino: one JSON object per line, `level` as a word and `msg`, as before. Request
// logs carry the request id, method, route, status and duration — never a body, a query string or a
// header value other than the request id, because request bodies hold personal data (households) and
// credentials (the write token). The code never logs them; pino's redaction is the second line of
// defence, in case a field of that name ever reaches a log call.
import pino, { type DestinationStream } from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A line whose fields are plain values (the access log, one per request): see `flatLine`. Optional for
   *  other loggers; without it the server logs through the level's method. */
  flat?(level: Exclude<Level, 'silent'>, msg: string, fields: Record<string, unknown>): void;
}

/** Fields that would carry personal data or credentials, wherever they appear (two levels deep). */
export const REDACTED_PATHS = [
  'body', 'household', 'households', 'source', 'token', 'authorization', 'headers', 'query', 'cookie',
  '*.body', '*.household', '*.households', '*.source', '*.token', '*.authorization', '*.headers', '*.query', '*.cookie',
];

export function createLogger(options: { level?: Level; write?: (line: string) => void; base?: Record<string, unknown> } = {}): Logger {
  const destination = options.write ? lines(options.write) : stdout();
  const shape: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: options.base ?? null, // no pid/hostname on every line; `listening` says the pid
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { error: pino.stdSerializers.err },
  };
  const logger = pino(shape, destination);
  // The same lines to the same destination without pino's redaction, for flat lines only (below).
  const plain = pino({ ...shape, redact: undefined }, destination);
  return {
    debug: (m, f) => logger.debug(f ?? {}, m),
    info: (m, f) => logger.info(f ?? {}, m),
    warn: (m, f) => logger.warn(f ?? {}, m),
    error: (m, f) => logger.error(f ?? {}, m),
    flat: (level, m, f) => {
      if (!plain.isLevelEnabled(level)) return;
      if (censorFlat(f)) plain[level](f, m);
      else logger[level](f, m);
    },
  };
}

const REDACTED_KEYS = new Set(REDACTED_PATHS.filter((p) => !p.includes('.')));

/**
 * The access log's line costs most in pino's redaction (about 15 µs of 20 µs a line, measured: its
 * wildcard paths `*.body`, … walk every field). A line of plain values (strings, numbers, booleans) has
 * nothing below its first level, so redacting it is only censoring the redacted names among its keys:
 * done here, in place, and the line is then written without redaction. Returns false, touching nothing,
 * when some value is an object: such a line goes through the redacting logger.
 */
export function censorFlat(fields: Record<string, unknown>): boolean {
  for (const key in fields) {
    const value = fields[key];
    if (value !== null && typeof value === 'object') return false;
  }
  for (const key in fields) if (REDACTED_KEYS.has(key) && fields[key] !== undefined) fields[key] = '[redacted]';
  return true;
}

/** A destination calling `write` once per line (tests collect the lines). */
function lines(write: (line: string) => void): DestinationStream {
  return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
}

// One stdout destination per process, written asynchronously: lines logged while a write is under way go
// out together in the next one. Flushed synchronously on exit so the last lines (`stopped`) are kept.
let shared: pino.DestinationStream & { flushSync(): void } | undefined;
function stdout(): DestinationStream {
  if (!shared) {
    const dest = pino.destination({ dest: 1, sync: false });
    shared = dest;
    process.once('exit', () => dest.flushSync());
  }
  return shared;
}

export function parseLevel(text: string | undefined): Level {
  const t = (text ?? 'info').toLowerCase() as Level;
  return LEVELS.includes(t) ? t : 'info';
}

export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });
