/**
 * The app's Prometheus metrics (docs/operations.md). One registry per app, never prom-client's global
 * one, so a test can build several apps in one process. Labels carry only bounded, non-personal values
 * (a Flow action, a job name, a message kind, an outcome): never a phone number, BSUID, name or text.
 * Gauges that describe the database (queue depth, Flow health) are read when scraped.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How one `outbound.send` ended: accepted by Meta, refused for good, to be retried, or not sent because the template may not go. */
export type SendOutcome = 'accepted' | 'refused' | 'retry' | 'blocked';

/** What the gauges are read from at each scrape. */
export interface MetricSources {
  /** Jobs per name and state (`due`, `scheduled`, `running`, `failed`). */
  queueDepth(): Promise<readonly { readonly name: string; readonly state: string; readonly count: number }[]>;
  /** The configured Flow's status as Meta last reported it, and whether a Flow message may go now. */
  flowHealth(): Promise<readonly { readonly flowId: string; readonly status: string; readonly sendable: boolean }[]>;
}

export interface Metrics {
  readonly registry: Registry;
  /** One Flow endpoint request: its action (`ping`, `INIT`, `data_exchange`, `BACK`, or `unknown`), HTTP status, duration. */
  flowRequest(action: string, status: number, seconds: number): void;
  /** A webhook delivery processed this long after it was stored. */
  webhookLag(seconds: number): void;
  /** A job started this long after it was due. */
  jobWait(job: string, seconds: number): void;
  /** How one send ended. */
  send(kind: string, outcome: SendOutcome): void;
  /** A send held back by Meta's limits: the number's throughput or the customer's pair rate. */
  limiterWait(reason: 'number' | 'pair', seconds: number): void;
  /** The scrape body (Prometheus text format). */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Latency buckets (s) for work a person waits on: Meta wants Flow answers well under 1 s (docs/protocol.md §11.2). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Lag buckets (s): from "at once" to "a backlog of minutes". */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Builds the metrics; nothing is read from `sources` until a scrape. */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  const flowLatency = new Histogram({
    name: 'flowbook_flow_endpoint_duration_seconds',
    help: 'Flow data endpoint requests by action and HTTP status',
    labelNames: ['action', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const webhookLag = new Histogram({
    name: 'flowbook_webhook_processing_lag_seconds',
    help: 'Time from a webhook delivery being stored to its processing finished',
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  const jobWait = new Histogram({
    name: 'flowbook_job_wait_seconds',
    help: 'Time a job waited between being due and being started, by job name',
    labelNames: ['job'] as const,
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  const sends = new Counter({
    name: 'flowbook_sends_total',
    help: 'Outbound sends by message kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const limiterWaits = new Counter({
    name: 'flowbook_send_limiter_waits_total',
    help: "Sends held back by Meta's limits, by limit (number throughput or customer pair rate)",
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const limiterWaited = new Counter({
    name: 'flowbook_send_limiter_wait_seconds_total',
    help: 'Seconds sends slept for a throughput slot (waits that put the job off are counted, not timed)',
    registers: [registry],
  });
  new Gauge({
    name: 'flowbook_jobs',
    help: 'Jobs by name and state (due, scheduled, running, failed)',
    labelNames: ['job', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await sources.queueDepth()) this.set({ job: row.name, state: row.state }, row.count);
    },
  });
  new Gauge({
    name: 'flowbook_flow_status',
    help: "The Flow's status as Meta last reported it (1 for the current one)",
    labelNames: ['flow_id', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const flow of await sources.flowHealth()) this.set({ flow_id: flow.flowId, status: flow.status }, 1);
    },
  });
  new Gauge({
    name: 'flowbook_flow_sendable',
    help: 'Whether a Flow message may be sent now (0 while BLOCKED, or THROTTLED past its allowance)',
    labelNames: ['flow_id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const flow of await sources.flowHealth()) this.set({ flow_id: flow.flowId }, flow.sendable ? 1 : 0);
    },
  });

  return {
    registry,
    flowRequest: (action, status, seconds) => flowLatency.observe({ action, status: String(status) }, seconds),
    webhookLag: (seconds) => webhookLag.observe(seconds),
    jobWait: (job, seconds) => jobWait.observe({ job }, seconds),
    send: (kind, outcome) => sends.inc({ kind, outcome }),
    limiterWait(reason, seconds) {
      limiterWaits.inc({ reason });
      if (seconds > 0) limiterWaited.inc(seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
