import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteModule } from '../http/server.ts';
import type { Metrics } from './metrics.ts';

/** The actions of docs/protocol.md §2.3; anything else is counted as `other`, so labels stay bounded. */
const ACTIONS = new Set(['ping', 'INIT', 'BACK', 'data_exchange']);

/**
 * Times `POST /flow` by action. The action is inside the encrypted request, which only the endpoint
 * opens: the route hands each answered request's action to `record`, and the response hook labels
 * the timing with it. A request refused before it was decrypted (bad signature, not an envelope,
 * undecryptable) is `unknown`.
 */
export function timedFlowEndpoint(metrics: Metrics): {
  record(request: FastifyRequest, action: string): void;
  wrap(route: RouteModule): RouteModule;
} {
  const actions = new WeakMap<FastifyRequest, string>();
  return {
    record(request, action) {
      actions.set(request, ACTIONS.has(action) ? action : 'other');
    },
    wrap: (route) => async (app: FastifyInstance) => {
      app.addHook('onResponse', async (request, reply) => {
        if (request.routeOptions.url !== '/flow') return;
        metrics.flowRequest(actions.get(request) ?? 'unknown', reply.statusCode, reply.elapsedTime / 1_000);
      });
      await route(app);
    },
  };
}
