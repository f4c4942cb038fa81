import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { listEntries, type WaitlistStatus } from './entries.ts';

export interface WaitlistAdminDeps {
  readonly db: Database;
  /** ADMIN_TOKEN; the same rules as the bookings admin API: open in sandbox without one, absent in live without one. */
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
}

const STATUSES = ['waiting', 'offered', 'booked', 'left', 'expired'] as const satisfies readonly WaitlistStatus[];

const listQuery = z.strictObject({
  /** One status or several, comma-separated; default the open ones (waiting, offered). */
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(STATUSES)).min(1))
    .optional(),
  location: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** `GET /api/waitlist[?status=waiting,offered][&location=]`: who waits for what, first in the queue first. */
export function waitlistAdminRoutes(deps: WaitlistAdminDeps) {
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    app.get('/api/waitlist', async (request) => {
      const q = parseInput(listQuery, request.query, 'query');
      const entries = await listEntries(deps.db, { statuses: q.status, locationId: q.location, limit: q.limit });
      return { entries };
    });
  };
}
