import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicBase } from '../catalog/hosts.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { NotFoundError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import { actorOf, requireLocation, visibleLocations } from '../http/principal.ts';
import { canonicalCustomerId, storedLanguage } from '../customers/customers.ts';
import { addNote, bookAtDesk, customerRecord, findCustomers, markAttendance, moveAtDesk, notesOf } from './desk.ts';
import { createAvailability, type Availability } from './availability.ts';
import { catalogView } from './catalog-view.ts';
import { cancelBooking, eraseCustomer, getBooking, listBookings } from './bookings.ts';
import { combineHooks, type BookingHook } from './hooks.ts';
import { ATTENDANCES, BOOKING_STATUSES, type Attendance, type Booking } from './rows.ts';
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
   * Runs inside a business's cancel too: tells the customer (`appointment_cancelled`, from
   * src/conversation/confirmation.ts, given by the composition root).
   */
  readonly cancelNotice?: BookingHook | undefined;
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
  .strictObject({ reason: z.string().trim().max(500).optional(), version: z.number().int().min(1).optional() })
  .optional();
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');
// A WhatsApp number as people write it: "+44 7700 900123" is 447700900123.
const whatsapp = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, '').replace(/^\+/, ''))
  .refine(
    (v) => /^[1-9]\d{7,14}$/.test(v),
    'a WhatsApp number is 8–15 digits with its country code, e.g. +44 7700 900123',
  );
const newBooking = z
  .strictObject({
    service: id.optional(),
    department: id.optional(),
    location: id,
    date: localDay,
    time: localTime,
    staff: id.optional(),
    name: z.string().trim().min(1, 'the customer needs a name').max(80),
    whatsapp: whatsapp.optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as en_US or ar')
      .optional(),
    notes: z.string().trim().max(500).optional(),
    source: z.enum(['walk_in', 'phone']).default('walk_in'),
  })
  .refine((q) => (q.service ?? q.department) !== undefined, { message: 'name a service', path: ['service'] });
const moveBody = z.strictObject({
  date: localDay,
  time: localTime,
  staff: id.optional(),
  version: z.number().int().min(1).optional(),
});
const attendanceBody = z.strictObject({
  attendance: z.enum(ATTENDANCES as [Attendance, ...Attendance[]]).nullable(),
  version: z.number().int().min(1).optional(),
});
const noteBody = z.strictObject({ body: z.string().trim().min(1, 'a note has text').max(2000) });
// A customer is named by a WhatsApp number or a BSUID (docs/protocol.md §11.1); the value is never echoed.
const customerSearch = z.strictObject({
  q: z.string().trim().min(2, 'type at least 2 characters of a name or number').max(80),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
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

      const staff = { config: { staff: true } } as const;
      // Inside a business's cancel: reminders removed, the waitlist asked, and the customer told.
      const cancelHook = combineHooks(...[deps.bookingHook, deps.cancelNotice].filter((h) => h !== undefined));
      const visibleBooking = async (request: FastifyRequest) => {
        const { id: bookingId } = parseInput(bookingParams, request.params, 'booking id');
        const booking = await getBooking(deps.db, bookingId);
        if (!booking) throw new NotFoundError('Booking');
        requireLocation(request, booking.locationId);
        return booking;
      };
      const desk = (request: FastifyRequest) => ({ now: deps.clock(), by: actorOf(request), hook: deps.bookingHook });

      api.get('/bookings', staff, async (request) => {
        const q = parseInput(listQuery, request.query, 'query');
        if (q.location) requireLocation(request, q.location);
        const rows = await listBookings(deps.db, {
          from: q.from,
          to: q.to,
          locationId: q.location,
          locationIds: visibleLocations(request),
          departmentId: q.department,
          status: q.status as Booking['status'] | undefined,
          limit: q.limit,
        });
        return { bookings: rows.map(view) };
      });
      api.post('/bookings', staff, async (request, reply) => {
        const body = parseInput(newBooking, request.body, 'body');
        requireLocation(request, body.location);
        const booking = await bookAtDesk(
          deps.db,
          deps.catalog(),
          {
            serviceId: (body.service ?? body.department)!,
            locationId: body.location,
            date: body.date,
            time: body.time,
            staffId: body.staff,
            name: body.name,
            whatsapp: body.whatsapp,
            language: body.language,
            notes: body.notes,
            source: body.source,
          },
          desk(request),
        );
        return reply.status(201).send({ booking: view(booking) });
      });
      api.get('/bookings/:id', staff, async (request) => {
        const booking = await visibleBooking(request);
        return { booking: view(booking), notes: await notesOf(deps.db, booking.id) };
      });
      api.post('/bookings/:id/cancel', staff, async (request) => {
        const { id: bookingId } = await visibleBooking(request);
        const body = parseInput(cancelBody, request.body ?? undefined, 'body');
        const booking = await cancelBooking(
          deps.db,
          bookingId,
          {
            reason: body?.reason || 'cancelled by the business',
            now: deps.clock(),
            expectedVersion: body?.version,
            by: actorOf(request),
          },
          cancelHook,
        );
        return { booking: view(booking) };
      });
      api.post('/bookings/:id/reschedule', staff, async (request) => {
        const { id: bookingId } = await visibleBooking(request);
        const body = parseInput(moveBody, request.body, 'body');
        const move = await moveAtDesk(
          deps.db,
          deps.catalog(),
          bookingId,
          { date: body.date, time: body.time, staffId: body.staff, version: body.version },
          desk(request),
        );
        return { booking: view(move.booking), previous: { start: iso(move.previous.start.getTime()) } };
      });
      api.post('/bookings/:id/attendance', staff, async (request) => {
        const { id: bookingId } = await visibleBooking(request);
        const body = parseInput(attendanceBody, request.body, 'body');
        const booking = await markAttendance(deps.db, bookingId, body.attendance, {
          now: deps.clock(),
          version: body.version,
        });
        return { booking: view(booking) };
      });
      api.get('/bookings/:id/notes', staff, async (request) => {
        const booking = await visibleBooking(request);
        return { notes: await notesOf(deps.db, booking.id) };
      });
      api.post('/bookings/:id/notes', staff, async (request, reply) => {
        const booking = await visibleBooking(request);
        const body = parseInput(noteBody, request.body, 'body');
        const note = await addNote(deps.db, booking.id, actorOf(request) ?? 'api', body.body, deps.clock());
        return reply.status(201).send({ note });
      });
      // logLevel warn: the query may be a phone number.
      api.get('/customers', { ...staff, logLevel: 'warn' }, async (request) => {
        const q = parseInput(customerSearch, request.query, 'query');
        const found = await findCustomers(deps.db, q.q, { locationIds: visibleLocations(request), limit: q.limit });
        return { customers: found.map((c) => ({ ...c, lastStart: c.lastStart.toISOString() })) };
      });
      api.get('/customers/:id', { ...staff, logLevel: 'warn' }, async (request) => {
        const { id: customer } = parseInput(customerParams, request.params, 'customer id');
        const key = (await canonicalCustomerId(deps.db, customer.replace(/^\+(?=\d)/, ''))) ?? undefined;
        if (!key) throw new NotFoundError('Customer');
        const visible = visibleLocations(request);
        const record = await customerRecord(deps.db, key, visible);
        // A staff member knows only the customers of their own locations.
        if (visible && record.bookings.length === 0) throw new NotFoundError('Customer');
        return {
          customer: { id: key, language: await storedLanguage(deps.db, key) },
          counts: record.counts,
          bookings: record.bookings.map(view),
        };
      });
      api.get('/catalog', staff, async (request) => {
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
      api.get('/availability', staff, async (request) => {
        const q = parseInput(availabilityQuery, request.query, 'query');
        requireLocation(request, q.location);
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
