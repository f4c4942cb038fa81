import type { FastifyInstance } from 'fastify';

/**
 * Makes every body in this (encapsulated) Fastify context a raw Buffer capped at `limit` bytes
 * (413 past it): signatures are verified on the exact bytes received, before any parsing (docs/protocol.md §6).
 */
export function acceptRawBodies(app: FastifyInstance, limit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
}
