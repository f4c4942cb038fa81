import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';
import { NotFoundError } from '../errors.ts';
import { replyWithError } from './errors.ts';

/** A group of routes that the composition root mounts: `(app) => void`, registered in order. */
export type RouteModule = (app: FastifyInstance) => void | Promise<void>;

/** How long a client may take; defaults in {@link DEFAULT_TIMEOUTS} (docs/operations.md). */
export interface HttpTimeouts {
  /** A request's headers and whole body must arrive within this; then the connection is closed (408). */
  readonly requestMs: number;
  /** A kept-alive connection with no request in flight is closed after this. */
  readonly keepAliveMs: number;
}

/**
 * Node's own defaults let a client that sends a body a byte at a time hold a connection for minutes
 * (measured in issue #21: still open after 160 s). The keep-alive stays 65 s: the Flow endpoint is
 * latency-bound and Meta's client reuses connections.
 */
export const DEFAULT_TIMEOUTS: HttpTimeouts = Object.freeze({ requestMs: 30_000, keepAliveMs: 65_000 });

/** `/readyz` gives the database this long to answer `SELECT 1`. */
const READY_CHECK_MS = 1_000;

export interface ServerOptions {
  readonly log: Logger;
  readonly routes: readonly RouteModule[];
  /** Registered at the root before the routes, so their hooks and decorators reach every route (the console's sign-in). */
  readonly plugins?: readonly RouteModule[];
  /** `/readyz` answers 200 only once this says so (and the database answers). */
  readonly isReady: () => boolean;
  /** A cheap round trip to the database; `/readyz` answers 503 while it fails or hangs. None: no database. */
  readonly checkDatabase?: () => Promise<unknown>;
  readonly timeouts?: HttpTimeouts;
}

/** Resolves true when `check` settles successfully within `ms`, false when it fails or is still pending. */
async function answersWithin(check: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([check().then(() => true as const), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** A caller's `x-request-id` is kept when it looks like an id; anything else could forge or flood log lines. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's id: the caller's `x-request-id` (a proxy's or Meta's trace) when well-formed, else a new UUID. */
function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Builds the HTTP server without listening, so tests drive it with `inject()`. Routes come in as
 * modules; errors map to responses in one place.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    // Per-request lines would carry URLs and cost latency; handlers log what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    // Node checks those deadlines every `connectionsCheckingInterval` (30 s by default, which would let a
    // slow body live up to twice its timeout); the headers' own deadline must not exceed the request's.
    http: {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(timeouts.requestMs / 4))),
    },
    return503OnClosing: true,
    // A parent BSUID is up to 135 characters (docs/protocol.md §11.1) and names a customer in admin URLs.
    routerOptions: { maxParamLength: 200 },
    // Every line logged through `request.log` carries `reqId`; the answer echoes it as `x-request-id`.
    genReqId: requestId,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Node's close() ends only the connections idle at that moment; one still being answered would stay
  // open for its keep-alive (65 s) after the answer, and close() would wait for it (a sandbox webhook in
  // flight at shutdown did, in CI). An answer given while closing closes its connection instead.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async () => {
    // An answer whose headers went out before close() began: its connection is idle now.
    if (closing) app.server.closeIdleConnections();
  });
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  // Through the one error mapper; the URL is neither echoed nor logged (it can carry a phone number).
  app.setNotFoundHandler(async (request) => {
    throw new NotFoundError(`${request.method} route`);
  });
  // Liveness: the process answers. Restarting it would not help a database that is down, so that is readiness.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (!options.isReady()) return reply.status(503).send({ status: 'starting' });
    if (options.checkDatabase && !(await answersWithin(options.checkDatabase, READY_CHECK_MS)))
      return reply.status(503).send({ status: 'database unreachable' });
    return reply.send({ status: 'ready' });
  });
  for (const plugin of options.plugins ?? []) await plugin(app);
  for (const route of options.routes) await app.register(async (scope) => route(scope));
  return app;
}
