import { hkdfSync } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/types.ts';
import type { Principal } from '../http/principal.ts';
import { sessionOf, type Session } from './users.ts';

/** The session cookie: a random token, HttpOnly and SameSite=Strict. */
export const SESSION_COOKIE = 'flowbook_session';
/** The CSRF secret's cookie (signed); the token itself travels in `x-csrf-token`. */
export const CSRF_COOKIE = 'flowbook_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that come before a session exists, or end one. */
const NO_CSRF = new Set(['/console/api/login']);

export interface AccessDeps {
  readonly db: Database;
  readonly clock: () => number;
  /** Key material the cookie signatures and CSRF tokens are derived from (the Flow private key's bytes). */
  readonly secret: Buffer;
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  readonly secureCookies: boolean;
}

/** The cookies' attributes: the whole site, script-proof, never sent by another site's request. */
export function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure } as const;
}

/** A principal for a live session. */
export function principalOf(session: Session): Principal {
  const { user } = session;
  return {
    kind: 'user',
    sessionId: session.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    locations: user.locations,
  };
}

/**
 * Only the admin API and the console's own routes act for a signed-in person: the Flow endpoint, the
 * webhook and the sandbox's phone page neither read the session (no database read on their hot path)
 * nor ask for a CSRF token, though the browser sends the cookie to them too.
 */
function usesSessions(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? '';
  return route.startsWith('/api/') || route.startsWith('/console/');
}

/**
 * The console's sign-in at the root of the server, before any route: the session cookie becomes the
 * request's `principal` (the admin guard, src/http/bearer.ts, admits it), and a write made with a
 * session must carry the session's CSRF token (`x-csrf-token`, from `GET /console/api/me`): a cookie
 * alone never changes anything. Requests with a bearer token are machine clients and carry no cookie
 * the browser could send on its own.
 */
export function consoleAccess(deps: AccessDeps) {
  const key = (info: string) => Buffer.from(hkdfSync('sha256', deps.secret, 'flowbook console', info, 32));
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyCookie, { secret: key('cookie signature') });
    await app.register(fastifyCsrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: { ...cookieOptions(deps.secureCookies), signed: true },
      // Bound to the session: a token taken from one sign-in is worthless in another.
      getUserInfo: (request: FastifyRequest) =>
        request.principal?.kind === 'user' ? request.principal.sessionId : 'no session',
      csrfOpts: { hmacKey: key('csrf') },
      logLevel: 'info',
    });
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      if (!token || request.headers.authorization !== undefined || !usesSessions(request)) return;
      const session = await sessionOf(deps.db, token, new Date(deps.clock()));
      if (session) request.principal = principalOf(session);
    });
    app.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url ?? '';
      if (request.principal?.kind === 'user' && !SAFE_METHODS.has(request.method) && !NO_CSRF.has(route))
        return app.csrfProtection(request, reply, done);
      done();
    });
  };
}
