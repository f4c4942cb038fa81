import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import { BadRequestError, FlowbookError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { createAvailability, type Availability } from './availability.ts';
import { cancelBooking, eraseCustomer, getBooking, listBookings } from './bookings.ts';
import type { BookingHook } from './hooks.ts';
import { BOOKING_STATUSES, type Booking } from './rows.ts';

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
}

const id = z.string().min(1).max(63);
const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)), 'expected YYYY-MM-DD or an ISO 8601 instant')
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v));
const listQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  location: id.optional(),
  department: id.optional(),
  status: z.enum(BOOKING_STATUSES as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const availabilityQuery = z.strictObject({
  location: id,
  department: id,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
});
const bookingParams = z.object({ id: z.uuid('booking ids are UUIDs') });
const cancelBody = z.strictObject({ reason: z.string().max(500).optional(), version: z.number().int().min(1).optional() }).optional();
const phoneParams = z.object({ phone: z.string().regex(/^\+?\d{6,20}$/, 'expected a WhatsApp number (digits)') });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`);
  throw new BadRequestError(`Invalid ${what}: ${problems.join('; ')}`, { problems });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function view(b: Booking) {
  return { ...b, start: b.start.toISOString(), end: b.end.toISOString(), blockEnd: b.blockEnd.toISOString() };
}

/**
 * The admin API under `/api`, behind `Authorization: Bearer <ADMIN_TOKEN>`. Register with
 * `app.register(adminRoutes, deps)`. Errors become `{error: {code, message}}` with the error's status.
 */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  if (deps.mode === 'live' && !deps.adminToken) return; // no token in live mode: the API does not exist (404)
  const expected = deps.adminToken ? digest(deps.adminToken) : undefined;
  const availability = deps.availability ?? createAvailability(deps.db);
  if (!deps.availability) app.addHook('onClose', async () => availability.close());

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request: FastifyRequest) => {
        if (!expected) return; // sandbox without a token: open by design
        const header = request.headers.authorization ?? '';
        const token = header.startsWith('Bearer ') ? header.slice(7) : '';
        if (!timingSafeEqual(digest(token), expected)) throw new UnauthorizedError();
      });
      api.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
        // Fastify's own 4xx (bad JSON, unsupported media type) keep their status.
        const fastifyStatus = (error as { statusCode?: unknown }).statusCode;
        const known = error instanceof FlowbookError
          ? error
          : typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500
            ? new FlowbookError('FB_BAD_REQUEST', fastifyStatus, (error as Error).message)
            : undefined;
        const status = known?.status ?? 500;
        // Never the URL: DELETE /api/customers/:phone carries a phone number.
        if (status >= 500) request.log.error({ err: error }, 'admin API failed');
        else request.log.info({ code: known?.code }, 'admin API refused a request');
        return reply.status(status).send({ error: { code: known?.code ?? 'FB_INTERNAL', message: known && status < 500 ? known.message : 'Internal error' } });
      });

      api.get('/bookings', async (request) => {
        const q = parse(listQuery, request.query, 'query');
        const rows = await listBookings(deps.db, {
          from: q.from, to: q.to, locationId: q.location, departmentId: q.department,
          status: q.status as Booking['status'] | undefined, limit: q.limit,
        });
        return { bookings: rows.map(view) };
      });
      api.get('/bookings/:id', async (request) => {
        const { id: bookingId } = parse(bookingParams, request.params, 'booking id');
        const booking = await getBooking(deps.db, bookingId);
        if (!booking) throw new NotFoundError('Booking');
        return { booking: view(booking) };
      });
      api.post('/bookings/:id/cancel', async (request) => {
        const { id: bookingId } = parse(bookingParams, request.params, 'booking id');
        const body = parse(cancelBody, request.body ?? undefined, 'body');
        const booking = await cancelBooking(deps.db, bookingId, { reason: body?.reason ?? 'cancelled by admin', now: deps.clock(), expectedVersion: body?.version }, deps.bookingHook);
        return { booking: view(booking) };
      });
      api.get('/availability', async (request) => {
        const q = parse(availabilityQuery, request.query, 'query');
        const catalog = deps.catalog();
        if (q.date) return { times: await availability.availableTimes(catalog, q.location, q.department, q.date, deps.clock()) };
        return { dates: await availability.availableDates(catalog, q.location, q.department, deps.clock()) };
      });
      // logLevel warn: Fastify's per-request info lines would print the URL, i.e. the phone number.
      api.delete('/customers/:phone', { logLevel: 'warn' }, async (request) => {
        const { phone } = parse(phoneParams, request.params, 'phone');
        return { erasedBookings: await eraseCustomer(deps.db, phone.replace(/^\+/, ''), deps.clock()) };
      });
    },
    { prefix: '/api' },
  );
}
