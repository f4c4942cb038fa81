import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FlowbookError, FlowTokenError } from '../errors.ts';

/**
 * The one place errors become responses, for every route. FlowbookErrors carry their status; Fastify's
 * own client errors (body too large, bad JSON, unsupported media type) keep theirs; anything else is a
 * 500. A 5xx says only "Internal error" to the caller: its code and details stay in the log, which never
 * carries the URL (`DELETE /api/customers/:phone` names a phone number).
 * 427 uses the `{error_msg}` body of docs/protocol.md §2.2 (sent in plain JSON; see the gap noted there).
 */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof FlowTokenError) {
    request.log.info({ code: error.code, reason: error.details?.reason }, 'flow token refused');
    return reply
      .status(427)
      .type('application/json')
      .send({ error_msg: 'This booking session has ended. Please start a new one.' });
  }
  if (error instanceof FlowbookError) {
    if (error.status >= 500) {
      request.log.error({ code: error.code, status: error.status, err: error }, error.message);
      return reply.status(error.status).send({ error: { code: error.code, message: 'Internal error' } });
    }
    request.log.info({ code: error.code, status: error.status }, error.message);
    const details = error.details;
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: error.message, ...(details ? { details } : {}) } });
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own codes (FST_ERR_…) stay in the log; callers see flowbook's.
    request.log.info({ code: fastifyError.code, status }, fastifyError.message);
    return reply.status(status).send({ error: { code: 'FB_BAD_REQUEST', message: fastifyError.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'FB_INTERNAL', message: 'Internal error' } });
}
