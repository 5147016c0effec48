// The service's Prometheus metrics, kept by prom-client: the exposition format, label escaping and
// histogram buckets are its job, and it adds the process metrics operators expect (CPU, resident memory,
// heap, event-loop lag, GC, open file descriptors, start time). Each Metrics has its own registry, so
// several apps in one process (the tests) keep separate counts. The names are the service's contract
// (README, dashboards): elig_http_requests_total, elig_http_request_duration_seconds, …
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Labels = Record<string, string>;

/** The calls the service makes, with labels given per call as the rest of the server writes them. */
class LabelledCounter {
  constructor(private readonly counter: Counter<string>) {}
  inc(labels: Labels = {}, by = 1): void {
    this.counter.inc(labels, by);
  }
}

class LabelledHistogram {
  constructor(private readonly histogram: Histogram<string>) {}
  observe(labels: Labels, value: number): void {
    this.histogram.observe(labels, value);
  }
}

class PlainGauge {
  constructor(private readonly gauge: Gauge<string>) {}
  inc(): void {
    this.gauge.inc();
  }
  dec(): void {
    this.gauge.dec();
  }
}

export class Metrics {
  readonly registry = new Registry();
  readonly requests: LabelledCounter;
  readonly duration: LabelledHistogram;
  readonly inFlight: PlainGauge;
  readonly decisions: LabelledCounter;
  readonly households: LabelledCounter;
  readonly compilations: LabelledCounter;
  readonly saves: LabelledCounter;
  readonly auditFailures: LabelledCounter;
  readonly refused: LabelledCounter;

  constructor(cacheSize: () => number = () => 0) {
    const registers = [this.registry];
    const counter = (name: string, help: string, labelNames: string[] = []) =>
      new LabelledCounter(new Counter({ name, help, labelNames, registers }));
    this.requests = counter('elig_http_requests_total', 'HTTP requests by method, route template and status.', ['method', 'route', 'status']);
    this.duration = new LabelledHistogram(new Histogram({
      name: 'elig_http_request_duration_seconds', help: 'HTTP request latency by method and route template.',
      labelNames: ['method', 'route'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }));
    this.inFlight = new PlainGauge(new Gauge({ name: 'elig_http_requests_in_flight', help: 'Requests being handled.', registers }));
    this.decisions = counter('elig_decisions_total', 'Decisions made, by ruleset and eligibility (true, false, null).', ['ruleset', 'eligible']);
    this.households = counter('elig_households_evaluated_total', 'Households evaluated, by ruleset and mode (single, batch).', ['ruleset', 'mode']);
    this.compilations = counter('elig_ruleset_compilations_total', 'Ruleset versions compiled into the cache.');
    this.saves = counter('elig_ruleset_saves_total', 'Ruleset save attempts by outcome.', ['outcome']);
    this.auditFailures = counter('elig_audit_write_failures_total', 'Audit log writes that failed (the decisions were still answered), by error code.', ['code']);
    this.refused = counter('elig_requests_refused_total', 'Requests refused by a limit before any work, by limit.', ['limit']);
    new Gauge({
      name: 'elig_ruleset_cache_entries', help: 'Compiled ruleset versions held in memory.', registers,
      collect() {
        this.set(cacheSize());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text (prom-client gathers asynchronously). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
