import type { FastifyInstance } from 'fastify';
import { bearerAuth, guardAdminRoutes } from '../http/bearer.ts';
import type { Metrics } from './metrics.ts';

export interface MetricsRouteDeps {
  readonly metrics: Metrics;
  /** METRICS_TOKEN: a scraper's own token, so it need not hold the admin API's. */
  readonly metricsToken: string | undefined;
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
}

/**
 * `GET /metrics` in Prometheus' text format. With METRICS_TOKEN it asks for that bearer token; without
 * it the admin API's rule holds (ADMIN_TOKEN; not served in live mode without one; open in the sandbox).
 */
export function metricsRoutes(deps: MetricsRouteDeps) {
  return (app: FastifyInstance): void => {
    if (deps.metricsToken) {
      const auth = bearerAuth(deps.metricsToken);
      if (auth) app.addHook('onRequest', auth);
    } else if (!guardAdminRoutes(app, deps)) return;
    app.get('/metrics', async (_request, reply) => {
      const body = await deps.metrics.render();
      return reply.type(deps.metrics.contentType).send(body);
    });
  };
}
