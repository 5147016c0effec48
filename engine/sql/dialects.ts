// Every SQL dialect the backend prints, by name.
import { clickhouse } from './clickhouse';
import { duckdb, postgres, type Dialect, type DialectName } from './dialect';
import { duckdbLists } from './duckdb-lists';
import { spark, trino } from './trino-spark';

export const DIALECTS: Record<DialectName, Dialect> = { duckdb, 'duckdb-lists': duckdbLists, postgres, clickhouse, trino, spark };
