import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicBase } from '../catalog/hosts.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { NotFoundError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { feedTokens, renderFeed, rotateFeedToken, subjectOfToken, type FeedSubject } from './feeds.ts';
import { syncAllCalendars } from './jobs.ts';
import { calendarStatuses, type CalendarDeps } from './sources.ts';

export interface CalendarRouteDeps extends CalendarDeps {
  readonly adminToken?: string | undefined;
  readonly mode: 'sandbox' | 'live';
  /** PUBLIC_URL: where feed addresses point; without it, the address the request came to. */
  readonly publicUrl?: string | undefined;
}

/** The address of a feed token, under `base` (`https://host`). */
export const feedUrl = (base: string, token: string) => `${base.replace(/\/+$/, '')}/calendars/${token}.ics`;

/** The feed addresses of every staff member and location, by id (listed in `GET /api/catalog`). */
export async function catalogFeedUrls(
  db: Database,
  catalog: Catalog,
  base: string,
): Promise<{ staff: Map<string, string>; locations: Map<string, string> }> {
  const subjects: FeedSubject[] = [
    ...catalog.staff.map((m) => ({ kind: 'staff' as const, id: m.id })),
    ...catalog.locations.map((l) => ({ kind: 'location' as const, id: l.id })),
  ];
  const tokens = await feedTokens(db, subjects);
  const urls = (kind: string, ids: readonly string[]) =>
    new Map(ids.map((id) => [id, feedUrl(base, tokens.get(`${kind}:${id}`)!)]));
  return {
    staff: urls(
      'staff',
      catalog.staff.map((m) => m.id),
    ),
    locations: urls(
      'location',
      catalog.locations.map((l) => l.id),
    ),
  };
}

const feedParams = z.object({ file: z.string().max(80) });
const rotateBody = z
  .strictObject({
    staff: z.string().min(1).max(63).optional(),
    location: z.string().min(1).max(63).optional(),
    booking: z.uuid('booking ids are UUIDs').optional(),
  })
  .refine((b) => [b.staff, b.location, b.booking].filter((v) => v !== undefined).length === 1, {
    message: 'name one of staff, location or booking',
  });

/**
 * `GET /calendars/<token>.ics`, the feeds (no login: the token is the key), and under `/api` (admin
 * bearer): `GET /api/calendars`, how each staff calendar was last read, with every feed's address;
 * `POST /api/calendars/sync`, read them all now; `POST /api/calendars/feeds/rotate`, a new address
 * for one feed.
 */
export function calendarRoutes(deps: CalendarRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // logLevel warn: Fastify's per-request info lines would print the URL, i.e. the feed's key.
    app.get('/calendars/:file', { logLevel: 'warn' }, async (request, reply) => {
      const { file } = parseInput(feedParams, request.params, 'feed');
      const subject = file.endsWith('.ics') ? await subjectOfToken(deps.db, file.slice(0, -4)) : undefined;
      const feed = subject && (await renderFeed(deps.db, deps.catalog(), subject, new Date(deps.clock())));
      if (!feed) throw new NotFoundError('Calendar');
      reply.header('etag', feed.etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === feed.etag) return reply.status(304).send();
      return reply.type('text/calendar; charset=utf-8').send(feed.body);
    });

    await app.register(
      async (api) => {
        if (!guardAdminRoutes(api, deps)) return;
        const base = (request: { protocol: string; host: string }) => publicBase(deps.publicUrl, request);
        api.get('/calendars', async (request) => {
          const catalog = deps.catalog();
          const feeds = await catalogFeedUrls(deps.db, catalog, base(request));
          return {
            calendars: await calendarStatuses(deps.db, catalog),
            feeds: {
              staff: Object.fromEntries(feeds.staff),
              locations: Object.fromEntries(feeds.locations),
            },
          };
        });
        api.post('/calendars/sync', async () => ({ calendars: await syncAllCalendars(deps) }));
        api.post('/calendars/feeds/rotate', async (request) => {
          const body = parseInput(rotateBody, request.body ?? {}, 'body');
          const catalog = deps.catalog();
          const subject: FeedSubject = body.staff
            ? { kind: 'staff', id: body.staff }
            : body.location
              ? { kind: 'location', id: body.location }
              : { kind: 'booking', id: body.booking! };
          const known =
            subject.kind === 'staff'
              ? catalog.staff.some((m) => m.id === subject.id)
              : subject.kind === 'location'
                ? catalog.locations.some((l) => l.id === subject.id)
                : true;
          if (!known) throw new NotFoundError(subject.kind === 'staff' ? 'Staff member' : 'Location');
          return { url: feedUrl(base(request), await rotateFeedToken(deps.db, subject)) };
        });
      },
      { prefix: '/api' },
    );
  };
}
