import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAvailability } from './booking/availability.ts';
import { adminRoutes } from './booking/admin-routes.ts';
import { storagePorts } from './booking/flow-ports.ts';
import { sweepExpiredHolds } from './booking/holds.ts';
import { catalogEditorRoutes } from './booking/catalog-routes.ts';
import { reportOutsideHours, type OutsideHoursEntry } from './booking/report.ts';
import { syncUnits } from './booking/units.ts';
import { openLiveCatalog, type LiveCatalog } from './catalog/live.ts';
import { feedToken } from './calendars/feeds.ts';
import { calendarRoutes, catalogFeedUrls, feedUrl } from './calendars/routes.ts';
import type { Catalog } from './catalog/schema.ts';
import { SANDBOX_IDS, type Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { openFlowPrivateKey } from './flows/crypto.ts';
import { ensureSandboxKey, publicKeyPem } from './flows/keys.ts';
import { flowRoutes } from './flows/routes.ts';
import { createFlowTokenCodec, type FlowTokenCodec } from './flows/token.ts';
import { buildServer, type RouteModule } from './http/server.ts';
import { deriveCustomerTagKey, useCustomerTagKey, type Logger } from './log.ts';
import { createMessaging, metricSources, type Messaging, type MessagingTuning } from './wiring.ts';
import { timedFlowEndpoint } from './metrics/flow-endpoint.ts';
import { eraseCustomerEverywhere } from './privacy/erase.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { bringForward } from './jobs/queue.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { parseFaultSpec } from './sandbox/faults.ts';
import { loadTemplates } from './templates/index.ts';
import { webRoutes } from './web/routes.ts';
import { consoleAccess } from './console/access.ts';
import { consoleRoutes } from './console/routes.ts';
import { remindersHook } from './reminders/schedule.ts';
import { combineHooks, type BookingHook } from './booking/hooks.ts';
import { cancellationNoticeHook, confirmationHook } from './conversation/confirmation.ts';
import { requestMatch } from './waitlist/entries.ts';
import { waitlistPort } from './waitlist/flow-port.ts';
import { waitlistHook } from './waitlist/offers.ts';
import { FLOW_JSON_PATH } from './sandbox/flow-json.ts';
import { loadServedFlow } from './flows/served-flow.ts';
import { funnelRecorder } from './insights/funnel.ts';
import { insightsRoutes } from './insights/routes.ts';

export interface AppOptions {
  readonly config: Config;
  readonly log: Logger;
  /** Milliseconds since the epoch; frozen in tests. */
  readonly clock?: () => number;
  /** Webhook/job knobs for tests and benchmarks (src/wiring.ts). */
  readonly messaging?: MessagingTuning;
}

/** The running product, not yet listening: the server, its parts, and how to stop them. */
export interface App {
  readonly server: FastifyInstance;
  readonly db: Database;
  readonly catalog: () => Catalog;
  readonly tokens: FlowTokenCodec;
  readonly clock: () => number;
  /** The catalog kept equal to the newest revision in the database; the console edits it (src/catalog/live.ts). */
  readonly liveCatalog: LiveCatalog<OutsideHoursEntry>;
  /**
   * Takes BUSINESS_CONFIG again, as a new revision by `BUSINESS_CONFIG` (SIGHUP). An invalid file changes
   * nothing (the error says why); a valid one syncs units and reports bookings that fall outside it.
   * Returns how many were reported.
   */
  reloadCatalog(): Promise<number>;
  /** The webhook, conversation and job worker (docs/webhook.md). */
  readonly messaging: Messaging;
  /** What runs inside every booking change's transaction (confirmation queued, reminders planned): for tests. */
  readonly bookingHook: BookingHook;
  /** The offline WhatsApp (sandbox mode only). */
  readonly sandbox: Sandbox | undefined;
  /** This app's Prometheus registry, served at `/metrics` (docs/operations.md). */
  readonly metrics: Metrics;
  close(): Promise<void>;
}

const HOLD_SWEEP_MS = 60_000;
/** The sandbox's ready customer on a first start (a UK number of Ofcom's drama range). */
const DEMO_CUSTOMER = '447700900100';
/**
 * What the sandbox's clock control brings forward: what a customer would receive later. Housekeeping
 * (calendar reads, pruning) keeps its own time.
 */
const FAST_FORWARD_JOBS = ['reminder.send', 'waitlist.offer_expired'] as const;

/**
 * Builds flowbook from a parsed config: key, catalog, database (migrated, units synced), the Flow
 * endpoint and the admin API. Every dependency is created here and passed down.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? Date.now;
  useCustomerTagKey(deriveCustomerTagKey(config.logTagSecret, config.dataDir));
  const privateKey = config.privateKey ?? ensureSandboxKey(config.dataDir);
  const tokens = createFlowTokenCodec(privateKey);
  // Parsed and linted once; the conversation, reminders and the sandbox's emulator share it.
  const templates = loadTemplates();
  // The Flow the business published: flowbook's or Meta's Builder template (docs/protocol.md §3).
  const flowJsonPath = config.flowJsonPath ?? FLOW_JSON_PATH;
  const servedFlow = loadServedFlow(flowJsonPath);

  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log,
    poolSize: config.databasePoolSize,
  });
  const reportCatalog = async (current: Catalog) => {
    const outside = await reportOutsideHours(db, current, new Date(clock()));
    // Reported, never moved or cancelled: an operator decides (docs/storage.md).
    if (outside.length > 0) {
      log.warn(
        { count: outside.length, bookings: outside.map((o) => ({ id: o.booking.id, reason: o.reason })) },
        'bookings outside the catalog',
      );
    }
    return outside;
  };
  const applyCatalog = async (next: Catalog) => {
    const units = await syncUnits(db, next, new Date(clock()));
    log.info({ units }, 'bookable units synced with the catalog');
    const outside = await reportCatalog(next);
    // New hours or staff may free times someone waits for.
    await requestMatch(db);
    return outside;
  };
  let live: LiveCatalog<OutsideHoursEntry>;
  try {
    live = await openLiveCatalog({
      db,
      file: config.businessConfigPath,
      log,
      clock,
      apply: applyCatalog,
      report: reportCatalog,
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const catalog = () => live.current();
  const availability = createAvailability(db);
  // Inside every booking change's own transaction: the confirmation is queued first (src/conversation/confirmation.ts),
  // reminders are scheduled, moved and removed (docs/reminders.md),
  // and a freed time goes to the waitlist (src/waitlist/offers.ts).
  const bookingHook = combineHooks(
    confirmationHook({ catalog, templates }),
    remindersHook(catalog, clock),
    waitlistHook(),
  );
  const ports = storagePorts(db, availability, catalog, bookingHook);

  // In sandbox mode the Graph API is this server's own emulator: its address is known once it listens.
  let listeningAt: string | undefined;
  const graphBaseUrl =
    config.mode === 'sandbox' && !config.graph.baseUrlConfigured
      ? () => `${listeningAt ?? `http://${config.host}:${config.port}`}/sandbox/graph`
      : undefined;
  const metrics = createMetrics(
    metricSources(db, () =>
      [config.graph.flowId, ...catalog().numbers.map((n) => n.flowId)].filter((id): id is string => id !== undefined),
    ),
  );
  // Staff members' own calendars (src/calendars/): read by a job, their state and feeds at /api/calendars.
  const calendars = {
    db,
    log,
    catalog,
    clock,
    secret: (name: string) => process.env[name],
    timeoutMs: config.calendars.timeoutMs,
  };
  // Where a customer opens their booking's calendar file: PUBLIC_URL, or in sandbox mode this server.
  const calendarLink = async (bookingId: string) => {
    const base = config.publicUrl ?? (config.mode === 'sandbox' ? listeningAt : undefined);
    return base ? feedUrl(base, await feedToken(db, { kind: 'booking', id: bookingId })) : undefined;
  };
  const messaging = createMessaging({
    calendars,
    calendarLink,
    metrics,
    config,
    db,
    tokens,
    catalog,
    clock,
    log,
    tuning: options.messaging,
    graphBaseUrl,
    bookingHook,
    templates,
    availability,
  });
  // RSA threads, one per core, for the Flow endpoint's key unwrap (docs/benchmarks.md).
  const flowKey = openFlowPrivateKey(privateKey);
  const flowTiming = timedFlowEndpoint(metrics);
  // How far each Flow session got, written in batches off the endpoint's path (src/insights/funnel.ts).
  const funnel = funnelRecorder(db, log);
  let ready = false;
  const routes: RouteModule[] = [
    ...messaging.routes,
    metricsRoutes({ metrics, metricsToken: config.metricsToken, adminToken: config.adminToken, mode: config.mode }),
    flowTiming.wrap(
      flowRoutes(
        {
          key: flowKey,
          tokens,
          appSecrets: config.appSecrets,
          requireTokenSignature: config.requireFlowTokenSignature,
          catalog,
          ...ports,
          waitlist: waitlistPort(db, catalog),
          clock,
          log,
          flow: servedFlow,
          funnel,
        },
        flowTiming.record,
      ),
    ),
    (app) =>
      adminRoutes(app, {
        db,
        catalog,
        adminToken: config.adminToken,
        mode: config.mode,
        clock: () => new Date(clock()),
        availability,
        bookingHook,
        cancelNotice: cancellationNoticeHook({ catalog, templates }),
        eraseCustomer: async (id, now) => {
          const report = await eraseCustomerEverywhere(db, id, now);
          // The sandbox's phone keeps its chats in DATA_DIR: the customer's conversation goes too.
          sandbox?.store.forget(id);
          return report;
        },
        publicUrl: config.publicUrl,
        feedUrls: (current, base) => catalogFeedUrls(db, current, base),
      }),
    catalogEditorRoutes({
      db,
      catalog: live,
      adminToken: config.adminToken,
      mode: config.mode,
      clock: () => new Date(clock()),
    }),
    calendarRoutes({ ...calendars, adminToken: config.adminToken, mode: config.mode, publicUrl: config.publicUrl }),
    insightsRoutes({
      db,
      catalog,
      adminToken: config.adminToken,
      mode: config.mode,
      clock,
      flowId: config.graph.flowId,
      funnel,
    }),
  ];
  const sandbox =
    config.mode === 'sandbox'
      ? createSandbox({
          publicKeyPem: publicKeyPem(privateKey),
          appSecret: config.appSecrets[0],
          phoneNumberId: config.graph.phoneNumberId ?? SANDBOX_IDS.phoneNumberId,
          wabaId: config.graph.wabaId ?? SANDBOX_IDS.wabaId,
          flowId: config.graph.flowId ?? SANDBOX_IDS.flowId,
          flowJsonPath,
          templates,
          faults: parseFaultSpec(config.sandboxFaults),
          clock,
          pingEveryMs: 60_000,
          // The phone's chats outlive a restart; the very first start has a customer ready to write.
          chatsFile: path.join(config.dataDir, 'sandbox', 'chats.json'),
          demoCustomer: { waId: DEMO_CUSTOMER, name: 'Demo customer', language: catalog().business.defaultLanguage },
          fastForward: async (hours) => {
            const ran = await bringForward(db, FAST_FORWARD_JOBS, hours * 3_600_000);
            messaging.worker.nudge();
            return ran;
          },
          onSaveError: (error) => log.warn({ err: error }, 'sandbox chats not saved'),
        })
      : undefined;
  // In live mode none of /sandbox or the phone page is mounted (docs/sandbox.md).
  const secureCookies = config.publicUrl?.startsWith('https://') ?? false;
  routes.push(
    ...(sandbox?.routes ?? []),
    consoleRoutes({ db, mode: config.mode, clock, catalog, secureCookies }),
    webRoutes({ chat: sandbox !== undefined, secureCookies }),
  );
  const server = await buildServer({
    log,
    // The console's sign-in reaches every route: /api admits its sessions (docs/console.md).
    plugins: [consoleAccess({ db, clock, secret: privateKey.export({ type: 'pkcs8', format: 'der' }), secureCookies })],
    routes,
    isReady: () => ready,
    checkDatabase: () => db.urgent.query('SELECT 1'),
    timeouts: { requestMs: config.http.requestTimeoutMs, keepAliveMs: config.http.keepAliveTimeoutMs },
  });
  server.addHook('onListen', async () => {
    const address = server.addresses()[0];
    if (address && typeof address !== 'string')
      listeningAt = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    if (sandbox) sandbox.attach(server);
  });
  const sweeper = setInterval(() => {
    // An expired hold frees its time: the waitlist may have someone for it.
    sweepExpiredHolds(db, new Date(clock()))
      .then((expired) => (expired > 0 ? requestMatch(db) : undefined))
      .catch((error: unknown) => log.warn({ err: error }, 'hold sweep failed'));
  }, HOLD_SWEEP_MS);
  sweeper.unref();
  server.addHook('onReady', async () => {
    ready = true;
  });
  await messaging.start();

  return {
    server,
    db,
    catalog,
    tokens,
    clock,
    liveCatalog: live,
    async reloadCatalog() {
      return (await live.reloadFile()).outside.length;
    },
    messaging,
    bookingHook,
    sandbox,
    metrics,
    async close() {
      ready = false;
      clearInterval(sweeper);
      live.close();
      sandbox?.close();
      await server.close();
      await messaging.stop();
      // Nothing reaches the phone any more: its chats' last write.
      sandbox?.store.close();
      availability.close();
      await flowKey.close();
      await funnel.close();
      await db.close();
    },
  };
}
