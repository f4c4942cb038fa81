import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/types.ts';
import { acceptRawBodies } from '../http/raw-body.ts';
import { handleWebhookHttp } from './endpoint.ts';
import { createDeliveryStore } from './store.ts';
import { verifySubscription } from './verify.ts';

/**
 * Meta documents webhook payloads of up to 3 MB (docs/protocol.md §11.4). Read as 3 MiB, the larger of the two
 * readings of "MB", so a payload at Meta's limit is never refused; past it the answer is 413 and nothing is stored.
 */
export const DEFAULT_WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

export interface WebhookRouteDeps {
  readonly db: Database;
  readonly verifyToken: string | undefined;
  /** APP_SECRET then APP_SECRET_PREVIOUS. Empty only in sandbox mode: signatures are not checked. */
  readonly appSecrets: readonly string[];
  readonly mode: 'sandbox' | 'live';
  readonly bodyLimit?: number;
  /** Called after a delivery is stored, to wake the job worker. */
  readonly onStored?: (deliveryId: number) => void;
  /** Mount path; default `/webhook`. */
  readonly path?: string;
}

/**
 * `GET /webhook` (verification) and `POST /webhook` (deliveries). A delivery is verified on its exact
 * bytes, stored with its job in one statement (shared with deliveries arriving meanwhile: group
 * commit) and answered 200; nothing is processed inline.
 */
export function webhookRoutes(deps: WebhookRouteDeps) {
  const path = deps.path ?? '/webhook';
  const endpoint = {
    appSecrets: deps.appSecrets,
    mode: deps.mode,
    deliveries: createDeliveryStore(deps.db.urgent),
    onStored: deps.onStored,
  };
  return (app: FastifyInstance): void => {
    acceptRawBodies(app, deps.bodyLimit ?? DEFAULT_WEBHOOK_BODY_LIMIT);

    app.get(path, async (request, reply) => {
      const result = verifySubscription(request.query, deps.verifyToken);
      if (!result.ok) {
        request.log.info('webhook verification refused');
        return reply.status(403).type('text/plain').send('Forbidden');
      }
      return reply.status(200).type('text/plain').send(result.challenge);
    });

    app.post(path, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await handleWebhookHttp(raw, request.headers['x-hub-signature-256'], endpoint, request.id);
      return reply.status(answer.status).type(answer.contentType).send(answer.body);
    });
  };
}
