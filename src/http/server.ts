import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../log.ts';
import { NotFoundError } from '../errors.ts';
import { replyWithError } from './errors.ts';

/** A group of routes that the composition root mounts: `(app) => void`, registered in order. */
export type RouteModule = (app: FastifyInstance) => void | Promise<void>;

export interface ServerOptions {
  readonly log: Logger;
  readonly routes: readonly RouteModule[];
  /** `/healthz` answers 200 only once this says so. */
  readonly isReady: () => boolean;
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
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    // Per-request lines would carry URLs and cost latency; handlers log what matters, without personal data.
    logController: new LogController({ disableRequestLogging: true }),
    // The Flow endpoint is latency-bound; keep connections alive like Meta's client expects.
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    // A parent BSUID is up to 135 characters (docs/protocol.md §11.1) and names a customer in admin URLs.
    routerOptions: { maxParamLength: 200 },
    // Every line logged through `request.log` carries `reqId`; the answer echoes it as `x-request-id`.
    genReqId: requestId,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  // Through the one error mapper; the URL is neither echoed nor logged (it can carry a phone number).
  app.setNotFoundHandler(async (request) => {
    throw new NotFoundError(`${request.method} route`);
  });
  app.get('/healthz', async (_request, reply) =>
    options.isReady() ? reply.send({ status: 'ok' }) : reply.status(503).send({ status: 'starting' }),
  );
  for (const route of options.routes) await app.register(async (scope) => route(scope));
  return app;
}
