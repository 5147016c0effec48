// Every SQL dialect the backend prints, by name.
import { clickhouse } from './clickhouse';
import { duckdb, postgres, type Dialect, type DialectName } from './dialect';
import { spark, trino } from './trino-spark';

export const DIALECTS: Record<DialectName, Dialect> = { duckdb, postgres, clickhouse, trino, spark };
