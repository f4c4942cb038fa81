import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfError, FlowbookError } from '../errors.ts';

/**
 * The one place errors become responses, for every route. FlowbookErrors carry their status; Fastify's
 * own client errors (body too large, bad JSON, unsupported media type) keep theirs; anything else is a
 * 500. A 5xx says only "Internal error" to the caller: its code and details stay in the log, which never
 * carries the URL (`DELETE /api/customers/:phone` names a phone number).
 * The Flow endpoint answers its own 427s: their `{error_msg}` is encrypted with the request's key
 * (docs/protocol.md §2.2), which only `handleFlowHttp` holds.
 */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
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
  // @fastify/csrf-protection's own refusals (src/console/access.ts), answered with flowbook's code.
  if (fastifyError.code?.startsWith('FST_CSRF_')) return replyWithError(new CsrfError(), request, reply);
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own codes (FST_ERR_…) stay in the log; callers see flowbook's.
    request.log.info({ code: fastifyError.code, status }, fastifyError.message);
    return reply.status(status).send({ error: { code: 'FB_BAD_REQUEST', message: fastifyError.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'FB_INTERNAL', message: 'Internal error' } });
}
