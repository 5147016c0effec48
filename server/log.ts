// Structured logs: one JSON object per line. Request logs carry the request id, method, route, status and
// duration — never a body, a query string or a header value other than the request id, because request
// bodies hold personal data (households) and credentials (the write token).
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(options: { level?: Level; write?: (line: string) => void; base?: Record<string, unknown> } = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? stdoutLines;
  const base = options.base ?? {};
  const emit = (level: Exclude<Level, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }, errorReplacer));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

// Lines written in the same turn of the event loop go out in one write: under load that is one syscall
// per batch of requests instead of one per request. Flushed on exit (stdout to a file or pipe is
// synchronous on Linux, so nothing is lost on a normal exit).
let pending: string[] = [];
let scheduled = false;
function flushStdout(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const text = pending.join('\n') + '\n';
  pending = [];
  process.stdout.write(text);
}
function stdoutLines(line: string): void {
  pending.push(line);
  if (pending.length >= 512) flushStdout();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flushStdout);
  }
}
process.once('exit', flushStdout);

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function parseLevel(text: string | undefined): Level {
  const t = (text ?? 'info').toLowerCase();
  return t in ORDER ? (t as Level) : 'info';
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
