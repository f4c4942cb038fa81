import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../errors.ts';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * An `onRequest` hook that admits `Authorization: Bearer <token>` and refuses anything else with a
 * 401. Both sides are hashed first, so the comparison takes the same time whatever the length.
 * Without a token there is nothing to check (sandbox mode serves the admin API open; live mode
 * does not serve it at all) and undefined is returned.
 */
export function bearerAuth(token: string | undefined): ((request: FastifyRequest) => Promise<void>) | undefined {
  if (!token) return undefined;
  const expected = digest(token);
  return async (request) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), expected)) throw new UnauthorizedError();
  };
}

/**
 * The rule every admin route follows: in live mode without ADMIN_TOKEN the routes are not served
 * (false: register nothing, callers get 404); with a token, `scope` checks it on every request; in
 * sandbox mode without one, the routes are open.
 */
export function guardAdminRoutes(
  scope: FastifyInstance,
  deps: { readonly mode: 'sandbox' | 'live'; readonly adminToken?: string | undefined },
): boolean {
  if (deps.mode === 'live' && !deps.adminToken) return false;
  const auth = bearerAuth(deps.adminToken);
  if (auth) scope.addHook('onRequest', auth);
  return true;
}
