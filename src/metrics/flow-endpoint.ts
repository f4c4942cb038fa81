import type { FastifyInstance } from 'fastify';
import { decryptFlowRequest, type FlowEnvelope, type FlowPrivateKey } from '../flows/crypto.ts';
import type { RouteModule } from '../http/server.ts';
import type { Metrics } from './metrics.ts';

/** The actions of docs/protocol.md §2.3; anything else is counted as `other`, so labels stay bounded. */
const ACTIONS = new Set(['ping', 'INIT', 'BACK', 'data_exchange']);
/** AES keys waiting for their request's answer; more than this in flight means answers were lost. */
const MAX_PENDING = 1_000;

/**
 * Times `POST /flow` by action from outside the endpoint. The action is inside the encrypted request,
 * which only the endpoint opens: the key handed to it remembers the AES key each RSA unwrap gave
 * (keyed by the wrapped key), and once the answer is sent the payload is opened again with that AES
 * key (AES-GCM only, microseconds; the RSA step, ~1 ms, is not repeated). A request that never got that
 * far (bad signature, not an envelope, undecryptable) is `unknown`.
 */
export function timedFlowEndpoint(
  key: FlowPrivateKey,
  metrics: Metrics,
): { readonly key: FlowPrivateKey; wrap(route: RouteModule): RouteModule } {
  const unwrapped = new Map<string, Buffer>();
  const timedKey: FlowPrivateKey = {
    threads: key.threads,
    close: () => key.close(),
    async unwrap(wrapped) {
      const aesKey = await key.unwrap(wrapped);
      if (aesKey) {
        if (unwrapped.size >= MAX_PENDING) unwrapped.clear();
        unwrapped.set(Buffer.from(wrapped).toString('base64'), aesKey);
      }
      return aesKey;
    },
  };

  async function actionOf(body: unknown): Promise<string> {
    if (!Buffer.isBuffer(body)) return 'unknown';
    let envelope: FlowEnvelope;
    try {
      envelope = JSON.parse(body.toString('utf8')) as FlowEnvelope;
    } catch {
      return 'unknown';
    }
    if (typeof envelope?.encrypted_aes_key !== 'string') return 'unknown';
    const id = Buffer.from(envelope.encrypted_aes_key, 'base64').toString('base64');
    const aesKey = unwrapped.get(id);
    if (!aesKey) return 'unknown';
    unwrapped.delete(id);
    try {
      const known: FlowPrivateKey = { threads: 0, close: async () => undefined, unwrap: async () => aesKey };
      const { payload } = await decryptFlowRequest(envelope, known);
      const action = (payload as { action?: unknown } | null)?.action;
      return typeof action === 'string' && ACTIONS.has(action) ? action : 'other';
    } catch {
      return 'unknown';
    }
  }

  return {
    key: timedKey,
    wrap: (route) => async (app: FastifyInstance) => {
      app.addHook('onResponse', async (request, reply) => {
        if (request.routeOptions.url !== '/flow') return;
        metrics.flowRequest(await actionOf(request.body), reply.statusCode, reply.elapsedTime / 1_000);
      });
      await route(app);
    },
  };
}
