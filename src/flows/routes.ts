import type { FastifyInstance, FastifyRequest } from 'fastify';
import { acceptRawBodies } from '../http/raw-body.ts';
import type { Logger } from '../log.ts';
import { handleFlowHttp, type FlowEndpointDeps } from './endpoint.ts';

/** Flow envelopes are a few KB; anything far larger is not from WhatsApp. */
const FLOW_BODY_LIMIT = 64 * 1024;

/**
 * `POST /flow`: the Flow data endpoint (docs/protocol.md §2). `onAnswer` learns each answered
 * request's action (metrics label it; only the endpoint can read it, it is encrypted).
 */
export function flowRoutes(deps: FlowEndpointDeps, onAnswer?: (request: FastifyRequest, action: string) => void) {
  return (app: FastifyInstance): void => {
    acceptRawBodies(app, FLOW_BODY_LIMIT);
    app.post('/flow', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      // The request's logger is a child of the app's pino logger (src/http/server.ts): its lines carry `reqId`.
      const log = request.log as unknown as Logger;
      const answer = await handleFlowHttp(raw, request.headers['x-hub-signature-256'], deps, log);
      onAnswer?.(request, answer.action);
      return reply.status(answer.status).type(answer.contentType).send(answer.body);
    });
  };
}
