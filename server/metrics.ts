// Prometheus metrics in the text exposition format (version 0.0.4), hand-written: counters, gauges and
// one histogram are all the service needs, and labels are low-cardinality (route templates, not paths).

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return '{' + keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',') + '}';
}
function formatNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

interface Metric { name: string; help: string; type: 'counter' | 'gauge' | 'histogram'; render(): string[] }

export class Counter implements Metric {
  readonly type = 'counter' as const;
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }
  render(): string[] {
    return [...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${formatNumber(e.value)}`);
  }
}

export class Gauge implements Metric {
  readonly type = 'gauge' as const;
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string, private readonly collect?: () => number) {}
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelText(labels), { labels, value });
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    this.values.set(key, { labels, value: (entry?.value ?? 0) + by });
  }
  dec(labels: Labels = {}, by = 1): void {
    this.inc(labels, -by);
  }
  render(): string[] {
    if (this.collect) this.set(this.collect());
    return [...this.values.values()].map((e) => `${this.name}${labelText(e.labels)} ${formatNumber(e.value)}`);
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram' as const;
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }
  render(): string[] {
    const lines: string[] = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => {
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: formatNumber(le) })} ${s.counts[i]}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

export class Metrics {
  private readonly all: Metric[] = [];
  readonly requests = this.add(new Counter('elig_http_requests_total', 'HTTP requests by method, route template and status.'));
  readonly duration = this.add(new Histogram('elig_http_request_duration_seconds',
    'HTTP request latency by method and route template.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]));
  readonly inFlight = this.add(new Gauge('elig_http_requests_in_flight', 'Requests being handled.'));
  readonly decisions = this.add(new Counter('elig_decisions_total', 'Decisions made, by ruleset and eligibility (true, false, null).'));
  readonly households = this.add(new Counter('elig_households_evaluated_total', 'Households evaluated, by ruleset and mode (single, batch).'));
  readonly compilations = this.add(new Counter('elig_ruleset_compilations_total', 'Ruleset versions compiled into the cache.'));
  readonly saves = this.add(new Counter('elig_ruleset_saves_total', 'Ruleset save attempts by outcome.'));
  readonly auditFailures = this.add(new Counter('elig_audit_write_failures_total', 'Audit log writes that failed (the decisions were still answered), by error code.'));
  readonly refused = this.add(new Counter('elig_requests_refused_total', 'Requests refused by a limit before any work, by limit.'));
  readonly cacheSize: Gauge;
  constructor(cacheSize: () => number = () => 0) {
    this.cacheSize = this.add(new Gauge('elig_ruleset_cache_entries', 'Compiled ruleset versions held in memory.', cacheSize));
    this.add(new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss()));
    this.add(new Gauge('process_heap_used_bytes', 'V8 heap in use, in bytes.', () => process.memoryUsage().heapUsed));
    const start = Date.now() / 1000 - process.uptime();
    this.add(new Gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', () => Math.floor(start)));
  }
  private add<M extends Metric>(metric: M): M {
    this.all.push(metric);
    return metric;
  }
  render(): string {
    const out: string[] = [];
    for (const m of this.all) {
      out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.render());
    }
    return out.join('\n') + '\n';
  }
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
