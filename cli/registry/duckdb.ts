// The embedded DuckDB, opened on a file in a temp dir so large jobs spill to disk instead of growing
// memory without bound. Nothing to start: @duckdb/node-api ships the engine in the npm package.
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParquetLayout } from '../../engine/sql';
import { sqlString } from './columns';

export interface Embedded {
  connection: DuckDBConnection;
  close(): void;
}

export async function openDuckDB(): Promise<Embedded> {
  const dir = mkdtempSync(join(tmpdir(), 'elig-duckdb-'));
  // Loaded on first use: the native engine costs start-up time that commands without it should not pay.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(join(dir, 'work.duckdb'), { temp_directory: join(dir, 'spill') });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The members layout of a Parquet file of `elig import` (engine/sql/layout.ts). */
export async function parquetLayout(connection: DuckDBConnection, file: string): Promise<ParquetLayout> {
  const names = (await connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(file)}))`)).getRows().map(([n]) => String(n));
  return names.includes('members') ? 'nested' : 'columns';
}
