/**
 * The messaging subsystem's wiring, called by the composition root (src/app.ts): the Graph client and
 * limiters, the table of job handlers (each module contributes its own), the worker, and the routes
 * of the webhook and the jobs admin API.
 */
import type { Availability } from './booking/availability.ts';
import type { BookingHook } from './booking/hooks.ts';
import { waitlistJobs } from './waitlist/offers.ts';
import { businessNumbers, sendRateFor } from './catalog/numbers.ts';
import { calendarJobs, scheduleCalendarSync } from './calendars/jobs.ts';
import type { CalendarDeps } from './calendars/sources.ts';
import type { Catalog } from './catalog/schema.ts';
import type { Config } from './config.ts';
import { conversationJobs } from './conversation/handle.ts';
import type { Database } from './db/types.ts';
import { ConfigError } from './errors.ts';
import { handoffAdminRoutes } from './handoff/admin-routes.ts';
import { handoffJobs } from './handoff/chat.ts';
import type { FlowTokenCodec } from './flows/token.ts';
import type { RouteModule } from './http/server.ts';
import { jobsAdminRoutes } from './jobs/admin-routes.ts';
import { waitlistAdminRoutes } from './waitlist/admin-routes.ts';
import type { JobHandlers } from './jobs/registry.ts';
import { createWorker, type BackoffPolicy, type Worker } from './jobs/worker.ts';
import type { Logger } from './log.ts';
import { operationsAdminRoutes } from './messaging/admin-routes.ts';
import type { ConversationDeps } from './messaging/context.ts';
import { queueDepth } from './jobs/queue.ts';
import { flowHealthReport, flowSendable } from './messaging/flow-health.ts';
import type { Metrics, MetricSources } from './metrics/metrics.ts';
import { databasePacer, memoryPacer, type Pacing } from './messaging/pacing.ts';
import { messagingJobs } from './messaging/send.ts';
import { createSender } from './messaging/sender.ts';
import { retentionJobs, scheduleRetention } from './privacy/retention.ts';
import { reminderJobs } from './reminders/fire.ts';
import type { TemplateRegistry } from './templates/index.ts';
import { webhookJobs } from './webhook/ingest.ts';
import { webhookRoutes } from './webhook/routes.ts';
import { DEFAULT_PAIR_INTERVAL_MS } from './whatsapp/rate-limit.ts';

/** Knobs tests and benchmarks turn; production uses the defaults. */
export interface MessagingTuning {
  readonly pollMs?: number;
  readonly concurrency?: number;
  readonly backoff?: BackoffPolicy;
  readonly leaseMs?: number;
  /** Per-recipient spacing (docs/protocol.md §9, default 6 s). */
  readonly pairIntervalMs?: number;
  readonly perSecond?: number;
  readonly helpIntervalMs?: number;
  readonly graphTimeoutMs?: number;
  /** Told of every send slot a message goes out on (the shared-limits test records the slots). */
  readonly observePacing?: (phoneNumberId: string, recipient: string, pacing: Pacing) => void;
  /** false: routes only, no worker (the "store, then 200" half on its own). */
  readonly runJobs?: boolean;
}

export interface MessagingOptions {
  readonly config: Config;
  readonly db: Database;
  readonly tokens: FlowTokenCodec;
  readonly catalog: () => Catalog;
  readonly clock: () => number;
  readonly log: Logger;
  readonly tuning?: MessagingTuning;
  /** A booking's calendar file for its customer (ConversationDeps.calendarLink). */
  readonly calendarLink?: (bookingId: string) => Promise<string | undefined>;
  /** What the `calendar.sync` job reads staff calendars with (src/calendars/). */
  readonly calendars: CalendarDeps;
  /**
   * Where Graph calls go when that is known only once the server listens (the sandbox's own
   * emulator on an ephemeral port). Default: `config.graph.baseUrl`.
   */
  readonly graphBaseUrl?: () => string;
  /** The template registry, loaded once by the composition root. */
  readonly templates: TemplateRegistry;
  /** Runs in every booking change the conversation makes (reminders, src/reminders/). */
  readonly bookingHook?: BookingHook;
  readonly metrics?: Metrics;
  /** What the waitlist's matcher reads free times from (src/waitlist/offers.ts). */
  readonly availability: Availability;
}

/** The webhook, the conversation and the job worker, ready to mount and start. */
export interface Messaging {
  readonly routes: readonly RouteModule[];
  readonly worker: Worker;
  /** Starts the worker: interrupted jobs and unprocessed deliveries are picked up first. */
  start(): Promise<void>;
  /** Finishes or releases running jobs. Call after the server stopped accepting requests. */
  stop(): Promise<void>;
}

/** How long after the last stored delivery the embedded worker keeps giving way to the webhook. */
const INGEST_QUIET_MS = 30;

/**
 * How often a server's worker looks for jobs whose worker is gone (its session lock free,
 * src/jobs/liveness.ts): a dead instance's jobs run elsewhere about this long after it died
 * (docs/jobs.md). The lease keeps its long default, as the last resort.
 */
const SERVER_REAP_EVERY_MS = 1_000;

/** Sandbox mode has no Meta: the emulator accepts any bearer token (docs/webhook.md). */
const SANDBOX_GRAPH_TOKEN = 'sandbox';

/** Builds the webhook routes, the jobs admin routes and the worker with every job handler. */
export function createMessaging(options: MessagingOptions): Messaging {
  const { config, db, log, metrics } = options;
  const tuning = options.tuning ?? {};
  // Each number's own limit (the catalog's `numbers`), else SEND_RATE_PER_SECOND; a test's tuning wins.
  const perSecond = (phoneNumberId: string) =>
    tuning.perSecond ?? sendRateFor(options.catalog(), phoneNumberId, config.sendRatePerSecond);
  const pairIntervalMs = tuning.pairIntervalMs ?? DEFAULT_PAIR_INTERVAL_MS;
  const token = config.graph.token ?? (config.mode === 'sandbox' ? SANDBOX_GRAPH_TOKEN : undefined);
  if (token === undefined) throw new ConfigError(['GRAPH_API_TOKEN is required in live mode']);
  const sender = createSender({
    token,
    version: config.graph.version,
    phoneNumberId: config.graph.phoneNumberId,
    baseUrl: () => options.graphBaseUrl?.() ?? config.graph.baseUrl,
    clock: options.clock,
    pairIntervalMs,
    perSecond,
    timeoutMs: tuning.graphTimeoutMs,
  });
  // Meta's limits hold for the business: on a server every instance takes its slots from the
  // database; the embedded engine has one process, whose own limiter is enough.
  const pacer =
    db.kind === 'postgres' ? databasePacer(db, { perSecond, pairIntervalMs }) : memoryPacer(sender.limiterFor);
  const deps: ConversationDeps = {
    db,
    tokens: options.tokens,
    catalog: options.catalog,
    templates: options.templates,
    clock: options.clock,
    log,
    flowId: config.graph.flowId,
    helpIntervalMs: tuning.helpIntervalMs,
    handoffTimeoutMs: config.handoffTimeoutMinutes * 60_000,
    bookingHook: options.bookingHook,
    calendarLink: options.calendarLink,
  };
  // Every job name must have its handler here, or this does not compile.
  const handlers: JobHandlers = {
    ...webhookJobs(db, log, {
      phoneNumberIds: () => businessNumbers(options.catalog(), config.graph.phoneNumberId),
      clock: options.clock,
    }),
    ...conversationJobs(deps),
    ...messagingJobs({
      db,
      graph: sender.graph,
      pacer,
      onSlot: tuning.observePacing,
      metrics,
      defaultPhoneNumberId: config.graph.phoneNumberId,
      log,
      clock: options.clock,
    }),
    ...reminderJobs(deps),
    ...handoffJobs(deps),
    ...retentionJobs(db, log, { retentionDays: config.retentionDays, clock: options.clock }),
    ...calendarJobs({ ...options.calendars, pollMs: config.calendars.pollMs }),
    ...waitlistJobs({ ...deps, availability: options.availability }),
  };
  // The embedded engine has one backend and shares this process's CPU: while deliveries keep
  // arriving, storing and answering them comes first (docs/webhook.md, ingest under load).
  let lastStoredAt = Number.NEGATIVE_INFINITY;
  const worker = createWorker({
    db,
    handlers,
    log,
    // A job spends most of its time waiting for the server's answers: on a server, more run at once,
    // as many as the pool serves with room left for the worker's session, its claims and requests.
    concurrency:
      tuning.concurrency ?? (db.kind === 'postgres' ? serverConcurrency(config.databasePoolSize) : undefined),
    pollMs: tuning.pollMs,
    leaseMs: tuning.leaseMs,
    ...(db.session ? { session: db.session, reapEveryMs: SERVER_REAP_EVERY_MS } : {}),
    backoff: tuning.backoff,
    ...(metrics
      ? {
          observe: (job, result, runMs) => {
            metrics.jobWait(job.name, job.waitedMs / 1_000);
            if (job.name === 'webhook.delivery' && result === 'done') metrics.webhookLag((job.ageMs + runMs) / 1_000);
          },
        }
      : {}),
    reclaimAtStart: db.kind === 'pglite' ? 'all' : 'orphaned',
    ...(db.kind === 'pglite' ? { holdWhile: () => performance.now() - lastStoredAt < INGEST_QUIET_MS } : {}),
  });
  const runJobs = tuning.runJobs !== false;
  let started = false;
  return {
    routes: [
      webhookRoutes({
        db,
        verifyToken: config.verifyToken,
        appSecrets: config.appSecrets,
        mode: config.mode,
        onStored: () => {
          lastStoredAt = performance.now();
          worker.nudge();
        },
      }),
      jobsAdminRoutes({ db, adminToken: config.adminToken, mode: config.mode, onRetry: () => worker.nudge() }),
      waitlistAdminRoutes({ db, adminToken: config.adminToken, mode: config.mode }),
      operationsAdminRoutes({ db, adminToken: config.adminToken, mode: config.mode, flowId: config.graph.flowId }),
      handoffAdminRoutes({
        conversation: deps,
        adminToken: config.adminToken,
        mode: config.mode,
        onQueued: () => worker.nudge(),
      }),
    ],
    worker,
    async start() {
      if (!runJobs || started) return;
      started = true;
      await scheduleRetention(db);
      await scheduleCalendarSync(db);
      await worker.start();
    },
    async stop() {
      if (started) await worker.stop();
    },
  };
}

/**
 * Jobs one instance runs at once on a server: 16 (two instances took 600 webhook requests/s with a
 * 3 ms median lag, bench/scale.ts; 4 left a 700 ms one), fewer when the pool is small.
 */
export function serverConcurrency(poolSize: number): number {
  return Math.max(2, Math.min(16, poolSize - 4));
}

/**
 * What the metrics' gauges read at each scrape, from the tables' owners: the job queue and the health
 * of each Flow customers are sent (FLOW_ID's and the numbers' own; one Meta has said nothing about
 * counts as PUBLISHED).
 */
export function metricSources(db: Database, flowIds: () => readonly string[]): MetricSources {
  return {
    queueDepth: () => queueDepth(db),
    async flowHealth() {
      const ids = [...new Set(flowIds())];
      if (ids.length === 0) return [];
      const { flows } = await flowHealthReport(db, 0);
      return Promise.all(
        ids.map(async (flowId) => ({
          flowId,
          status: flows.find((f) => f.flowId === flowId)?.status ?? 'PUBLISHED',
          sendable: await flowSendable(db, flowId),
        })),
      );
    },
  };
}
