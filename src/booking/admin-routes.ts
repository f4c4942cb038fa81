import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicBase } from '../catalog/hosts.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { NotFoundError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { createAvailability, type Availability } from './availability.ts';
import { catalogView } from './catalog-view.ts';
import { cancelBooking, eraseCustomer, getBooking, listBookings } from './bookings.ts';
import type { BookingHook } from './hooks.ts';
import { BOOKING_STATUSES, type Booking } from './rows.ts';
import { CUSTOMER_ID_RULE, customerIdKind } from '../whatsapp/recipient.ts';

export interface AdminDeps {
  readonly db: Database;
  readonly catalog: () => Catalog;
  /** ADMIN_TOKEN. Without one the API is open in sandbox mode and not served at all in live mode. */
  readonly adminToken?: string | undefined;
  readonly mode: 'sandbox' | 'live';
  readonly clock: () => Date;
  /** Share the Flow endpoint's availability (and its cache); one is created otherwise. */
  readonly availability?: Availability | undefined;
  /** Runs inside an admin cancel's transaction (reminders removed with it). */
  readonly bookingHook?: BookingHook | undefined;
  /**
   * Erases a customer from every table (src/privacy/erase.ts, given by the composition root: booking/
   * cannot import the modules that own the message tables). Without it, only their bookings are erased.
   */
  readonly eraseCustomer?:
    | ((customerId: string, now: Date) => Promise<{ readonly erasedBookings: number }>)
    | undefined;
  /** PUBLIC_URL: where the feed addresses in `GET /api/catalog` point; without it, the address asked. */
  readonly publicUrl?: string | undefined;
  /** The calendar feed addresses of staff and locations (src/calendars/, given by the composition root). */
  readonly feedUrls?:
    | ((catalog: Catalog, base: string) => Promise<{ staff: Map<string, string>; locations: Map<string, string> }>)
    | undefined;
}

const id = z.string().min(1).max(63);
const instant = z
  .string()
  .refine(
    (v) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)),
    'expected YYYY-MM-DD or an ISO 8601 instant',
  )
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v));
const listQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  location: id.optional(),
  department: id.optional(),
  status: z.enum(BOOKING_STATUSES as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
// `department` is the name the API had before services: in a catalog without them, a department is the service.
const availabilityQuery = z
  .strictObject({
    location: id,
    service: id.optional(),
    department: id.optional(),
    staff: id.optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
      .optional(),
  })
  .refine((q) => (q.service ?? q.department) !== undefined, { message: 'name a service', path: ['service'] });
const bookingParams = z.object({ id: z.uuid('booking ids are UUIDs') });
const cancelBody = z
  .strictObject({ reason: z.string().max(500).optional(), version: z.number().int().min(1).optional() })
  .optional();
// A customer is named by a WhatsApp number or a BSUID (docs/protocol.md §11.1); the value is never echoed.
const customerParams = z.object({
  id: z.string().refine((v) => customerIdKind(v.replace(/^\+(?=\d)/, '')) !== undefined, CUSTOMER_ID_RULE),
});

function view(b: Booking) {
  return {
    ...b,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    blockStart: b.blockStart.toISOString(),
    blockEnd: b.blockEnd.toISOString(),
  };
}

/**
 * The admin API under `/api`, behind `Authorization: Bearer <ADMIN_TOKEN>`. Register with
 * `app.register(adminRoutes, deps)`. Errors become responses in src/http/errors.ts like every route's.
 */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  await app.register(
    async (api) => {
      if (!guardAdminRoutes(api, deps)) return; // no token in live mode: the API does not exist (404)
      const availability = deps.availability ?? createAvailability(deps.db);
      if (!deps.availability) api.addHook('onClose', async () => availability.close());

      api.get('/bookings', async (request) => {
        const q = parseInput(listQuery, request.query, 'query');
        const rows = await listBookings(deps.db, {
          from: q.from,
          to: q.to,
          locationId: q.location,
          departmentId: q.department,
          status: q.status as Booking['status'] | undefined,
          limit: q.limit,
        });
        return { bookings: rows.map(view) };
      });
      api.get('/bookings/:id', async (request) => {
        const { id: bookingId } = parseInput(bookingParams, request.params, 'booking id');
        const booking = await getBooking(deps.db, bookingId);
        if (!booking) throw new NotFoundError('Booking');
        return { booking: view(booking) };
      });
      api.post('/bookings/:id/cancel', async (request) => {
        const { id: bookingId } = parseInput(bookingParams, request.params, 'booking id');
        const body = parseInput(cancelBody, request.body ?? undefined, 'body');
        const booking = await cancelBooking(
          deps.db,
          bookingId,
          { reason: body?.reason ?? 'cancelled by admin', now: deps.clock(), expectedVersion: body?.version },
          deps.bookingHook,
        );
        return { booking: view(booking) };
      });
      api.get('/catalog', async (request) => {
        const catalog = deps.catalog();
        const view = catalogView(catalog);
        if (!deps.feedUrls) return view;
        const feeds = await deps.feedUrls(catalog, publicBase(deps.publicUrl, request));
        return {
          ...view,
          staff: view.staff.map((m) => ({ ...m, calendarFeed: feeds.staff.get(m.id) ?? null })),
          locations: view.locations.map((l) => ({ ...l, calendarFeed: feeds.locations.get(l.id) ?? null })),
        };
      });
      api.get('/availability', async (request) => {
        const q = parseInput(availabilityQuery, request.query, 'query');
        const catalog = deps.catalog();
        const choice = { serviceId: (q.service ?? q.department)!, locationId: q.location, staffId: q.staff };
        const timeZone = catalog.locations.find((l) => l.id === q.location)?.timeZone;
        const about = { service: choice.serviceId, location: q.location, staff: q.staff ?? null, timeZone };
        if (q.date) {
          const times = await availability.availableTimes(catalog, choice, q.date, deps.clock());
          const free = times.filter((t) => t.free > 0);
          return { ...about, date: q.date, times: free.map((t) => ({ ...t, start: iso(t.start), end: iso(t.end) })) };
        }
        return { ...about, dates: await availability.availableDates(catalog, choice, deps.clock()) };
      });
      // logLevel warn: Fastify's per-request info lines would print the URL, i.e. the phone number or BSUID.
      api.delete('/customers/:id', { logLevel: 'warn' }, async (request) => {
        const { id: customer } = parseInput(customerParams, request.params, 'customer id');
        const id = customer.replace(/^\+(?=\d)/, '');
        if (deps.eraseCustomer) return deps.eraseCustomer(id, deps.clock());
        return { erasedBookings: await eraseCustomer(deps.db, id, deps.clock()) };
      });
    },
    { prefix: '/api' },
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
