import type { FastifyInstance } from 'fastify';
import { createAvailability } from './booking/availability.ts';
import { adminRoutes } from './booking/admin-routes.ts';
import { storagePorts } from './booking/flow-ports.ts';
import { sweepExpiredHolds } from './booking/holds.ts';
import { reportOutsideHours } from './booking/report.ts';
import { syncUnits } from './booking/units.ts';
import { loadCatalog } from './catalog/load.ts';
import type { Catalog } from './catalog/schema.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { importFlowPrivateKey } from './flows/crypto.ts';
import { ensureSandboxKey, publicKeyPem } from './flows/keys.ts';
import { flowRoutes } from './flows/routes.ts';
import { createFlowTokenCodec, type FlowTokenCodec } from './flows/token.ts';
import { buildServer, type RouteModule } from './http/server.ts';
import type { Logger } from './log.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { parseFaultSpec } from './sandbox/faults.ts';
import { loadTemplates } from './templates/index.ts';
import { webRoutes } from './web/routes.ts';
import { FLOW_JSON_PATH } from './sandbox/flow-json.ts';

export interface AppOptions {
  readonly config: Config;
  readonly log: Logger;
  /** Milliseconds since the epoch; frozen in tests. */
  readonly clock?: () => number;
}

/** The running product, not yet listening: the server, its parts, and how to stop them. */
export interface App {
  readonly server: FastifyInstance;
  readonly db: Database;
  readonly catalog: () => Catalog;
  readonly tokens: FlowTokenCodec;
  readonly clock: () => number;
  /** The offline WhatsApp (sandbox mode only). */
  readonly sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

const HOLD_SWEEP_MS = 60_000;

/**
 * Builds flowbook from a parsed config: key, catalog, database (migrated, units synced), the Flow
 * endpoint and the admin API. Every dependency is created here and passed down.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? Date.now;
  const privateKey = config.privateKey ?? ensureSandboxKey(config.dataDir);
  const flowKey = await importFlowPrivateKey(privateKey);
  const tokens = createFlowTokenCodec(privateKey);
  const catalogValue = loadCatalog(config.businessConfigPath);
  const catalog = () => catalogValue;

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    const now = new Date(clock());
    const units = await syncUnits(db, catalogValue, now);
    log.info({ units }, 'bookable units synced with the catalog');
    const outside = await reportOutsideHours(db, catalogValue, now);
    // Reported, never moved or cancelled: an operator decides (issue #3).
    if (outside.length > 0) {
      log.warn({ count: outside.length, bookings: outside.map((o) => ({ id: o.booking.id, reason: o.reason })) }, 'bookings outside the catalog');
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const availability = createAvailability(db);
  const ports = storagePorts(db, availability, catalog);

  let ready = false;
  const routes: RouteModule[] = [
    flowRoutes({ key: flowKey, tokens, appSecrets: config.appSecrets, catalog, ...ports, clock, log }),
    (app) => adminRoutes(app, { db, catalog, adminToken: config.adminToken, mode: config.mode, clock: () => new Date(clock()), availability }),
  ];
  const sandbox = config.mode === 'sandbox'
    ? createSandbox({
        publicKeyPem: publicKeyPem(privateKey), appSecret: config.appSecrets[0],
        phoneNumberId: config.graph.phoneNumberId ?? '100000000000001', wabaId: config.graph.wabaId ?? '200000000000002',
        flowId: config.graph.flowId ?? '300000000000003', flowJsonPath: FLOW_JSON_PATH, templates: loadTemplates(),
        faults: parseFaultSpec(config.sandboxFaults), clock, pingEveryMs: 60_000,
      })
    : undefined;
  // In live mode none of /sandbox or the phone page is mounted (issue #6).
  routes.push(...(sandbox?.routes ?? []), webRoutes({ chat: sandbox !== undefined }));
  const server = await buildServer({ log, routes, isReady: () => ready });
  if (sandbox) server.addHook('onListen', async () => sandbox.attach(server));
  const sweeper = setInterval(() => {
    sweepExpiredHolds(db, new Date(clock())).catch((error: unknown) => log.warn({ err: error }, 'hold sweep failed'));
  }, HOLD_SWEEP_MS);
  sweeper.unref();
  server.addHook('onReady', async () => {
    ready = true;
  });

  return {
    server,
    db,
    catalog,
    tokens,
    clock,
    sandbox,
    async close() {
      ready = false;
      clearInterval(sweeper);
      sandbox?.close();
      await server.close();
      availability.close();
      await db.close();
    },
  };
}
