import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.ts';

/**
 * Who a request to the admin API acts for: a machine client (the ADMIN_TOKEN bearer, or the sandbox's open
 * API) or a person signed in to the console (src/console/). An owner may do everything; a staff member only
 * what a route allows staff (`config: { staff: true }`), for their own locations.
 */
export type Principal =
  | { readonly kind: 'machine' }
  | {
      readonly kind: 'user';
      readonly sessionId: string;
      readonly username: string;
      readonly displayName: string;
      readonly role: 'owner' | 'staff';
      /** A staff member's locations; empty for an owner. */
      readonly locations: readonly string[];
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console's session check (src/console/access.ts) or the admin guard (src/http/bearer.ts). */
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** The admin route is open to staff members too (for their locations); otherwise owners and machines only. */
    staff?: boolean;
  }
}

/** The user's name for what they do (who cancelled, who wrote a note), or undefined for a machine client. */
export function actorOf(request: FastifyRequest): string | undefined {
  return request.principal?.kind === 'user' ? request.principal.username : undefined;
}

/** The locations the request may see: undefined for all (an owner, a machine), else a staff member's. */
export function visibleLocations(request: FastifyRequest): readonly string[] | undefined {
  const p = request.principal;
  return p?.kind === 'user' && p.role === 'staff' ? p.locations : undefined;
}

/** @throws ForbiddenError when the request may not see `locationId`. */
export function requireLocation(request: FastifyRequest, locationId: string): void {
  const visible = visibleLocations(request);
  if (visible && !visible.includes(locationId)) throw new ForbiddenError('This location is not one of yours');
}
