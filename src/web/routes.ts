import type { FastifyInstance } from 'fastify';
import { securityHeaders } from '../http/headers.ts';
import { buildWebBundle, type WebBundle } from './bundle.ts';

const PAGE = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><div id="app"></div><script type="module" src="/assets/app.js"></script></body></html>`;

/**
 * The pages: `/console` always (its data comes from the admin API, which checks the console's
 * session or the ADMIN_TOKEN), `/` (the phone) only in sandbox mode. The bundle is built once, starting now.
 */
export function webRoutes(options: { chat: boolean; secureCookies: boolean }) {
  let bundle: Promise<WebBundle> | undefined;
  const load = () => (bundle ??= buildWebBundle());
  return async (app: FastifyInstance): Promise<void> => {
    await securityHeaders(app, options.secureCookies);
    void load().catch(() => undefined);
    if (options.chat)
      app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE('flowbook sandbox')));
    app.get('/console', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(PAGE('flowbook console')),
    );
    // The first agenda page's address, kept for bookmarks.
    app.get('/agenda', async (_request, reply) => reply.redirect('/console', 301));
    app.get('/assets/app.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send((await load()).js),
    );
    app.get('/assets/app.css', async (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send((await load()).css),
    );
  };
}
