import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import './principal.ts';

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
 * The rule every admin route follows. A request is admitted with the ADMIN_TOKEN bearer (a machine
 * client), or with a console session (the principal src/console/access.ts found; a staff member only on
 * routes marked `config: { staff: true }`), or in sandbox mode without a token, openly. In live mode with
 * neither a token nor console sign-in the routes are not served (false: register nothing, callers get 404).
 */
export function guardAdminRoutes(
  scope: FastifyInstance,
  deps: { readonly mode: 'sandbox' | 'live'; readonly adminToken?: string | undefined },
): boolean {
  // The console's session check decorates requests with `principal` at the root (src/console/access.ts).
  const sessions = scope.hasRequestDecorator('principal');
  if (deps.mode === 'live' && !deps.adminToken && !sessions) return false;
  const bearer = bearerAuth(deps.adminToken);
  if (!sessions) scope.decorateRequest('principal', undefined);
  scope.addHook('onRequest', async (request) => {
    if (request.headers.authorization !== undefined || request.principal === undefined) {
      if (bearer) await bearer(request);
      else if (deps.mode === 'live') throw new UnauthorizedError('Sign in to the console or send the bearer token');
      request.principal = { kind: 'machine' };
      return;
    }
    const p = request.principal;
    if (p.kind === 'user' && p.role === 'staff' && request.routeOptions.config.staff !== true)
      throw new ForbiddenError('Only an owner may do this');
  });
  return true;
}
