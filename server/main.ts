// `npm start`: read the environment, start the service, stop gracefully on SIGTERM/SIGINT.
import * as engine from '../engine';
import { configFromEnv } from './config';
import { createLogger } from './log';
import { startServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnv();
  } catch (error) {
    process.stderr.write(`elig server: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger({ level: config.logLevel });
  if (config.auditRaw && !config.audit) log.warn('ELIG_AUDIT_RAW=1 has no effect without ELIG_AUDIT=1');
  const running = await startServer(config, engine, log);
  let firstSignalAt: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C under `npm start` delivers SIGINT twice (from the terminal and relayed by npx/tsx): only a
    // signal sent more than a second after the first means "stop waiting for in-flight requests".
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt > 1000) {
        log.warn('second signal: exiting now', { signal });
        process.exit(1);
      }
      return;
    }
    firstSignalAt = Date.now();
    log.info('signal received', { signal });
    running.close().then(() => process.exit(0), (error) => {
      log.error('shutdown failed', { error });
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`elig server failed to start: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
