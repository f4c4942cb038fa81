import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { BadRequestError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { requireLocation, visibleLocations } from '../http/principal.ts';
import type { FunnelRecorder } from './funnel.ts';
import { insightsReport, operationsReport } from './report.ts';

export interface InsightsDeps {
  readonly db: Database;
  readonly catalog: () => Catalog;
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
  readonly clock: () => number;
  /** FLOW_ID: the Flow the conversation sends. */
  readonly flowId: string | undefined;
  /** Flushed before the funnel is read, so the figures include the last second's steps. */
  readonly funnel?: FunnelRecorder | undefined;
}

/** The default range: the last 28 days and the 7 ahead (today is one of the 28). */
const DAYS_BACK = 27;
const DAYS_AHEAD = 7;
const MAX_DAYS = 366;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((v) => DateTime.fromISO(v, { zone: 'UTC' }).isValid, 'not a calendar date');
const zoneName = z
  .string()
  .max(64)
  .refine((v) => DateTime.local().setZone(v).isValid, 'not an IANA time zone, e.g. Europe/London');
const insightsQuery = z
  .strictObject({
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    location: z.string().min(1).max(63).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
const operationsQuery = z.strictObject({ zone: zoneName.optional() });

/**
 * `GET /api/insights` (bookings per day by outcome, no-show rate, busiest hours, reminders, the Flow
 * funnel; staff see their locations only) and `GET /api/operations` (template states, the Flow's health,
 * failed jobs, today's messages; owners), the same figures the console's pages draw (docs/console.md).
 */
export function insightsRoutes(deps: InsightsDeps) {
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    app.get('/api/insights', { config: { staff: true } }, async (request) => {
      const q = parseInput(insightsQuery, request.query, 'query');
      const catalog = deps.catalog();
      const visible = visibleLocations(request);
      if (q.location !== undefined && !catalog.locations.some((l) => l.id === q.location))
        throw new BadRequestError(`Invalid query: location: no location "${q.location}" in the catalog`, {
          field: 'location',
          problems: ['location: not in the catalog'],
        });
      if (q.location !== undefined) requireLocation(request, q.location);
      const locations = catalog.locations
        .filter((l) => (q.location ? l.id === q.location : !visible || visible.includes(l.id)))
        .map((l) => ({ id: l.id, timeZone: l.timeZone }));
      const zone = locations[0]?.timeZone ?? catalog.locations[0]?.timeZone ?? 'UTC';
      const now = new Date(deps.clock());
      const { from, to } = rangeOf(q, DateTime.fromJSDate(now, { zone }).toISODate()!);
      if (DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days >= MAX_DAYS)
        throw new BadRequestError(`Invalid query: to: at most ${MAX_DAYS} days after from`, {
          field: 'to',
          problems: [`to: at most ${MAX_DAYS} days after from`],
        });
      await deps.funnel?.flush();
      return insightsReport(deps.db, {
        from,
        to,
        location: q.location ?? null,
        locations,
        funnelByLocation: q.location !== undefined || visible !== undefined,
        zone,
        now,
      });
    });
    app.get('/api/operations', async (request) => {
      const q = parseInput(operationsQuery, request.query, 'query');
      const zone = q.zone ?? deps.catalog().locations[0]?.timeZone ?? 'UTC';
      return operationsReport(deps.db, { flowId: deps.flowId, zone, now: new Date(deps.clock()) });
    });
  };
}

/** The range asked, completed: both ends default to the last 28 days and the 7 ahead, one end to 35 days from the other. */
function rangeOf(
  q: { from?: string | undefined; to?: string | undefined },
  today: string,
): { from: string; to: string } {
  const shift = (date: string, days: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
  const span = DAYS_BACK + DAYS_AHEAD;
  if (q.from && q.to) return { from: q.from, to: q.to };
  if (q.from) return { from: q.from, to: shift(q.from, span) };
  if (q.to) return { from: shift(q.to, -span), to: q.to };
  return { from: shift(today, -DAYS_BACK), to: shift(today, DAYS_AHEAD) };
}
