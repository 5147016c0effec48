// A ClickHouse cluster of two shards on 127.0.0.1 for tests and the benchmark: two clickhouse-server
// processes, each with its own config, data dir and ports, both knowing the cluster `elig` through
// `remote_servers`. A `Distributed` table over a local table on each shard runs the query's partial
// aggregates on the shards and merges them on the one asked. Queries go over the HTTP interface.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, freePort, startProcess, stopProcess, tempDir, waitUntil, type Started } from './processes';

export const CLUSTER = 'elig';

export interface ClickHouseShard {
  httpPort: number;
  tcpPort: number;
}

export interface ClickHouseCluster {
  shards: ClickHouseShard[];
  /** Rows of a SELECT on the given shard (0 by default) as JSON objects; 64-bit integers as strings. */
  query<T = Record<string, unknown>>(sql: string, shard?: number): Promise<T[]>;
  /** One statement on the given shard (ClickHouse's HTTP interface takes one statement per request). */
  exec(sql: string, shard?: number, body?: string): Promise<void>;
  /** The same statement on every shard (local tables). */
  execOnEach(sql: string): Promise<void>;
  stop(): Promise<void>;
}

export function clickhouseUnavailable(): string | undefined {
  return findBinary('clickhouse-server', ['/usr/sbin', '/usr/bin']) ? undefined : 'ClickHouse is not installed (apt-get install clickhouse-server)';
}

function config(dir: string, shard: ClickHouseShard & { interserverPort: number }, all: ClickHouseShard[]): string {
  const replicas = all.map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcpPort}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${shard.httpPort}</http_port>
  <tcp_port>${shard.tcpPort}</tcp_port>
  <interserver_http_port>${shard.interserverPort}</interserver_http_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <remote_servers><${CLUSTER}>${replicas}</${CLUSTER}></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

async function httpQuery(port: number, sql: string, body?: string): Promise<string> {
  const url = `http://127.0.0.1:${port}/?query=${encodeURIComponent(sql)}`;
  const response = await fetch(url, { method: 'POST', body: body ?? '' });
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse: ${text.trim()}\n  in: ${sql.slice(0, 2000)}`);
  return text;
}

export async function startClickHouseCluster(shardCount = 2): Promise<ClickHouseCluster> {
  const server = findBinary('clickhouse-server', ['/usr/sbin', '/usr/bin'])!;
  const root = tempDir('ch');
  const shards: (ClickHouseShard & { interserverPort: number })[] = [];
  for (let i = 0; i < shardCount; i++) shards.push({ httpPort: await freePort(), tcpPort: await freePort(), interserverPort: await freePort() });
  const processes: Started[] = [];
  shards.forEach((shard, i) => {
    const dir = join(root, `shard${i}`);
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'config.xml'), config(dir, shard, shards));
    writeFileSync(join(dir, 'users.xml'), USERS);
    processes.push(startProcess(server, [`--config-file=${join(dir, 'config.xml')}`], { cwd: dir }));
  });
  const logs = () => processes.map((p, i) => `shard ${i}: ${p.output()}`).join('\n');
  for (const shard of shards) {
    await waitUntil(async () => (await httpQuery(shard.httpPort, 'SELECT 1')).trim() === '1', 'ClickHouse', 120_000, logs);
  }
  const cluster: ClickHouseCluster = {
    shards,
    async query<T>(sql: string, shard = 0): Promise<T[]> {
      const text = await httpQuery(shards[shard]!.httpPort, `${sql} FORMAT JSONEachRow`);
      return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
    },
    async exec(sql: string, shard = 0, body?: string) {
      await httpQuery(shards[shard]!.httpPort, sql, body);
    },
    async execOnEach(sql: string) {
      for (let i = 0; i < shards.length; i++) await cluster.exec(sql, i);
    },
    async stop() {
      await Promise.all(processes.map((p) => stopProcess(p.child)));
      rmSync(root, { recursive: true, force: true });
    },
  };
  return cluster;
}
