import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FlowbookError, FlowTokenError } from '../errors.ts';

/**
 * The one place errors become responses. FlowbookErrors carry their status; Fastify's own client
 * errors (body too large, bad JSON) keep theirs; anything else is a 500 whose details stay in the log.
 * 427 uses the `{error_msg}` body Meta documents (docs/protocol.md §2.2).
 */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof FlowTokenError) {
    request.log.info({ code: error.code, reason: error.details?.reason }, 'flow token refused');
    return reply.status(427).type('application/json').send({ error_msg: 'This booking session has ended. Please start a new one.' });
  }
  if (error instanceof FlowbookError) {
    const level = error.status >= 500 ? 'error' : 'info';
    request.log[level]({ code: error.code, status: error.status, err: error.status >= 500 ? error : undefined }, error.message);
    const details = error.status < 500 ? error.details : undefined;
    return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...(details ? { details } : {}) } });
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    request.log.info({ code: fastifyError.code, status }, fastifyError.message);
    return reply.status(status).send({ error: { code: fastifyError.code ?? 'FB_BAD_REQUEST', message: fastifyError.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'FB_INTERNAL', message: 'Internal error' } });
}
