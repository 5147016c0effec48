// A throwaway PostgreSQL cluster for tests and the benchmark: initdb in a temp dir, the server on
// 127.0.0.1 at a free port, its socket in the same dir. PostgreSQL refuses to run as root, and CI runs
// as root, so as root the cluster is created and run as the `postgres` user the Debian package adds.
import { execFile } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary, freePort, postgresBinDirs, startProcess, stopProcess, tempDir, waitUntil } from './processes';

const run = promisify(execFile);

export interface PostgresCluster {
  port: number;
  /** Rows of a query as JSON objects (through json_agg: numbers as JSON numbers — cast a bigint beyond
   *  2^53 to text to keep it exact). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs statements (DDL, COPY FROM a file the server can read). */
  exec(sql: string): Promise<void>;
  stop(): Promise<void>;
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  const dirs = postgresBinDirs();
  if (!findBinary('initdb', dirs) || !findBinary('postgres', dirs)) return 'PostgreSQL is not installed (apt-get install postgresql)';
  if (!findBinary('psql', dirs)) return 'psql is not installed (apt-get install postgresql-client)';
  return undefined;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const dirs = postgresBinDirs();
  const initdb = findBinary('initdb', dirs)!, postgres = findBinary('postgres', dirs)!, psql = findBinary('psql', dirs)!;
  const root = tempDir('pg');
  const data = join(root, 'data');
  const asRoot = userInfo().uid === 0;
  // As root: postgres must own the dir; the temp dir is 0700, so open it for the server's user.
  if (asRoot) {
    chmodSync(root, 0o777);
  }
  const as = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const [initCmd, initArgs] = as(initdb, ['-D', data, '-U', 'elig', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  await run(initCmd, initArgs, { timeout: 120_000 });
  const port = await freePort();
  const [pgCmd, pgArgs] = as(postgres, ['-D', data, '-k', root, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']);
  const server = startProcess(pgCmd, pgArgs);
  const psqlArgs = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'elig', '-d', 'postgres'];
  const psqlRun = async (sql: string, extra: string[] = []) =>
    (await run(psql, [...psqlArgs, ...extra, '-c', sql], { maxBuffer: 1 << 30, timeout: 600_000 })).stdout;
  await waitUntil(async () => (await psqlRun('select 1', ['-A', '-t'])).trim() === '1', 'PostgreSQL', 60_000, server.output);
  return {
    port,
    async query<T>(sql: string): Promise<T[]> {
      const out = await psqlRun(`select coalesce(json_agg(q), '[]'::json) from (${sql}) q`, ['-A', '-t']);
      return JSON.parse(out) as T[];
    },
    async exec(sql: string) {
      await psqlRun(sql);
    },
    async stop() {
      await stopProcess(server.child);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
