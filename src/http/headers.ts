import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers for the pages and the console's API (helmet's defaults, tightened): scripts, styles,
 * fetches and server-sent events from this server only, no framing by other sites, no referrer. Nothing
 * is upgraded to HTTPS on its own (the sandbox is plain HTTP on loopback); HSTS only when served over HTTPS.
 */
export async function securityHeaders(scope: FastifyInstance, https: boolean): Promise<void> {
  await scope.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'self'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    hsts: https ? { maxAge: 15_552_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}
