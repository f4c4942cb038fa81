import { randomBytes } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { RateLimitedError, UnauthorizedError } from '../errors.ts';
import { parseInput } from '../http/parse.ts';
import { cookieOptions, principalOf, SESSION_COOKIE } from './access.ts';
import { securityHeaders } from '../http/headers.ts';
import { changeEvents, createChangeFeed } from './changes.ts';
import { addUserIfAbsent, checkPassword, closeSession, openSession, SESSION_DAYS, type ConsoleUser } from './users.ts';

export interface ConsoleRouteDeps {
  readonly db: Database;
  readonly mode: 'sandbox' | 'live';
  readonly clock: () => number;
  readonly catalog: () => Catalog;
  readonly secureCookies: boolean;
  /** Sign-in attempts one address may make per minute (default 10). */
  readonly loginsPerMinute?: number | undefined;
  /** How often the live view polls for changes (default 1 s). */
  readonly changesPollMs?: number | undefined;
}

/** The sandbox's own owner: the console signs in as them without a password (docs/console.md). */
export const DEMO_OWNER = 'demo';

const login = z.strictObject({ username: z.string().min(1).max(63), password: z.string().min(1).max(256) });

/**
 * `/console/api`: sign in (rate-limited per address), sign out, and who is signed in with the CSRF token
 * their writes carry, and the live view's events (src/console/changes.ts). In sandbox mode
 * `GET /console/api/me` signs the browser in as the demo owner.
 */
export function consoleRoutes(deps: ConsoleRouteDeps) {
  const now = () => new Date(deps.clock());
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(deps.secureCookies), maxAge: SESSION_DAYS * 86_400 });
  const me = async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.principal;
    if (p?.kind !== 'user') throw new UnauthorizedError('Not signed in');
    const catalog = deps.catalog();
    return {
      user: { username: p.username, displayName: p.displayName, role: p.role, locations: p.locations },
      csrfToken: reply.generateCsrf({ userInfo: p.sessionId }),
      business: catalog.business.name,
      sandbox: deps.mode === 'sandbox',
    };
  };
  return async (app: FastifyInstance): Promise<void> => {
    await securityHeaders(app, deps.secureCookies);
    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.ceil(context.ttl / 1000)),
    });
    app.post(
      '/console/api/login',
      { config: { rateLimit: { max: deps.loginsPerMinute ?? 10, timeWindow: 60_000 } }, logLevel: 'warn' },
      async (request, reply) => {
        const body = parseInput(login, request.body, 'body');
        const user = await checkPassword(deps.db, body.username, body.password);
        if (!user) throw new UnauthorizedError('Wrong username or password');
        if (request.principal?.kind === 'user') await closeSession(deps.db, request.principal.sessionId);
        const { token, session } = await openSession(deps.db, user, now());
        request.principal = principalOf(session);
        setSession(reply, token);
        request.log.info({ role: user.role }, 'console sign-in');
        return me(request, reply);
      },
    );
    await app.register(changeEvents(createChangeFeed(deps.db, { pollMs: deps.changesPollMs })));
    app.post('/console/api/logout', async (request, reply) => {
      if (request.principal?.kind === 'user') await closeSession(deps.db, request.principal.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(deps.secureCookies));
      return { signedOut: true };
    });
    app.get('/console/api/me', async (request, reply) => {
      if (request.principal === undefined && deps.mode === 'sandbox') {
        const { token, session } = await openSession(deps.db, await demoOwner(deps.db, now()), now());
        request.principal = principalOf(session);
        setSession(reply, token);
      }
      return me(request, reply);
    });
  };
}

/** The sandbox's demo owner, created on first use with a random password nobody needs. */
function demoOwner(db: Database, now: Date): Promise<ConsoleUser> {
  const password = randomBytes(18).toString('base64url');
  return addUserIfAbsent(db, { username: DEMO_OWNER, displayName: 'Demo owner', role: 'owner', password }, now);
}
