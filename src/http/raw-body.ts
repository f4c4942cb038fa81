import type { FastifyError, FastifyInstance } from 'fastify';
import { BodyTooLargeError } from '../errors.ts';
import { replyWithError } from './errors.ts';

/**
 * Makes every body in this (encapsulated) Fastify context a raw Buffer capped at `limit` bytes
 * (413 past it): signatures are verified on the exact bytes received, before any parsing (docs/protocol.md §6).
 * Fastify stops reading at the cap (or refuses a Content-Length above it) before any handler runs, so an
 * oversized body is never stored; its error is told as flowbook's own, naming the cap.
 */
export function acceptRawBodies(app: FastifyInstance, limit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) =>
    replyWithError(
      (error as Partial<FastifyError>).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? new BodyTooLargeError(limit) : error,
      request,
      reply,
    ),
  );
}
