// A throwaway ClickHouse cluster for tests and the benchmark: two clickhouse-server processes on
// 127.0.0.1 (free ports, one temp dir each), both with the same `remote_servers` entry — cluster `elig`,
// one shard per server — so a `Distributed` table on either fans a query out to both and merges their
// partial aggregates. Queries go over the HTTP interface. Debian's build (18.16) runs as root without
// complaint; when it is started as root the data dirs are still private temp dirs, removed on stop.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, freePort, startProcess, stopProcess, tempDir, waitUntil, type Started } from './processes';

export const CLUSTER = 'elig';

export interface ClickHouseCluster {
  /** HTTP ports of the shards; the first is the one queries are sent to. */
  httpPorts: number[];
  tcpPorts: number[];
  /** Rows of a SELECT as JSON objects (64-bit integers as JSON numbers). */
  query<T = Record<string, unknown>>(sql: string, shard?: number): Promise<T[]>;
  /** Runs one statement (DDL, INSERT … VALUES) on one shard (default: the first). */
  exec(sql: string, shard?: number): Promise<void>;
  stop(): Promise<void>;
}

export function clickhouseUnavailable(): string | undefined {
  if (!findBinary('clickhouse-server', ['/usr/sbin', '/usr/bin'])) return 'ClickHouse is not installed (apt-get install clickhouse-server clickhouse-client)';
  return undefined;
}

const xmlUsers = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_ast_elements>5000000</max_ast_elements><max_expanded_ast_elements>5000000</max_expanded_ast_elements><max_query_size>67108864</max_query_size><insert_distributed_sync>1</insert_distributed_sync></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

function xmlConfig(dir: string, http: number, tcp: number, shards: number[]): string {
  const shardXml = shards.map((port) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <remote_servers><${CLUSTER}>${shardXml}</${CLUSTER}></remote_servers>
</yandex>
`;
}

export async function startClickHouseCluster(shardCount = 2): Promise<ClickHouseCluster> {
  const server = findBinary('clickhouse-server', ['/usr/sbin', '/usr/bin'])!;
  const root = tempDir('ch');
  const ports: { http: number; tcp: number }[] = [];
  for (let i = 0; i < shardCount; i++) ports.push({ http: await freePort(), tcp: await freePort() });
  const tcpPorts = ports.map((p) => p.tcp);
  const started: Started[] = [];
  for (const [i, p] of ports.entries()) {
    const dir = join(root, `shard${i + 1}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'users.xml'), xmlUsers);
    writeFileSync(join(dir, 'config.xml'), xmlConfig(dir, p.http, p.tcp, tcpPorts));
    started.push(startProcess(server, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir }));
  }
  const request = async (sql: string, shard: number): Promise<string> => {
    const url = `http://127.0.0.1:${ports[shard]!.http}/?output_format_json_quote_64bit_integers=0`;
    const res = await fetch(url, { method: 'POST', body: sql });
    const text = await res.text();
    if (!res.ok) throw new Error(`ClickHouse (shard ${shard + 1}): ${text.trim()}\n-- in --\n${sql.slice(0, 2000)}`);
    return text;
  };
  const stop = async () => {
    await Promise.all(started.map((s) => stopProcess(s.child)));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [i, s] of started.entries()) {
      await waitUntil(async () => (await request('SELECT 1', i)).trim() === '1', `ClickHouse shard ${i + 1}`, 60_000, s.output);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    httpPorts: ports.map((p) => p.http),
    tcpPorts,
    async query<T>(sql: string, shard = 0): Promise<T[]> {
      const text = await request(`${sql}\nFORMAT JSONEachRow`, shard);
      return text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T);
    },
    async exec(sql: string, shard = 0) {
      await request(sql, shard);
    },
    stop,
  };
}
