/**
 * What the front desk does to bookings from the console (issue #16): book a walk-in or a phone call,
 * move a booking to another free time, mark attendance, write notes. Bookings go through the same holds,
 * exclusion constraint and hooks as the customer's Flow, so a desk booking can never overlap another and
 * the customer hears of it (confirmation, rescheduled) as they would from the Flow.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Catalog } from '../catalog/schema.ts';
import { storedLanguage } from '../customers/customers.ts';
import type { Database, Queryable } from '../db/types.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { getBooking } from './bookings.ts';
import { confirmBooking } from './confirm.ts';
import { BookingStateError } from './errors.ts';
import { serviceHold } from './flow-ports.ts';
import type { BookingHook } from './hooks.ts';
import { placeHold, releaseHold } from './holds.ts';
import { moveBooking, type Move } from './reschedule.ts';
import { announce, toBooking, type Attendance, type Booking, type BookingRow } from './rows.ts';

export interface DeskContext {
  readonly now: Date;
  /** The console user acting (undefined: a machine client of the API). */
  readonly by: string | undefined;
  readonly hook?: BookingHook | undefined;
}

/** A time as the front desk names it: a local date and time at the location, optionally with a person. */
export interface DeskTime {
  readonly date: string;
  readonly time: string;
  readonly staffId?: string | undefined;
}

export interface DeskBooking extends DeskTime {
  readonly serviceId: string;
  readonly locationId: string;
  readonly name: string;
  /** The customer's WhatsApp number (digits, country code first): a confirmation goes there. */
  readonly whatsapp?: string | undefined;
  readonly language?: string | undefined;
  readonly notes?: string | undefined;
  readonly source: 'walk_in' | 'phone';
}

/**
 * The instant of a local date and time at a location, checked: a time that does not exist there (the hour
 * skipped when clocks go forward) is refused rather than moved.
 * @throws BadRequestError naming `time`
 */
export function localStart(catalog: Catalog, locationId: string, date: string, time: string): number {
  const location = catalog.locations.find((l) => l.id === locationId);
  if (!location) throw new NotFoundError('Location');
  const local = DateTime.fromISO(`${date}T${time}`, { zone: location.timeZone });
  if (!local.isValid || local.toFormat('yyyy-MM-dd HH:mm') !== `${date} ${time}`)
    throw new BadRequestError(`${date} ${time} does not exist in ${location.timeZone}`, { field: 'time' });
  return local.toMillis();
}

/** The hold request of a desk time for a service, refused when nobody's hours have that start. */
function deskHold(catalog: Catalog, serviceId: string, locationId: string, at: DeskTime, now: Date) {
  const start = localStart(catalog, locationId, at.date, at.time);
  const hold = serviceHold(catalog, { serviceId, locationId, staffId: at.staffId, start, end: start }, now.getTime());
  if (hold.candidates?.length === 0)
    throw new BadRequestError(
      `Nobody${at.staffId ? ` (as ${at.staffId})` : ''} takes this service at ${at.date} ${at.time}: choose one of its start times`,
      { field: 'time' },
    );
  if (hold.end.getTime() <= now.getTime())
    throw new BadRequestError(`${at.date} ${at.time} is over`, { field: 'time' });
  return hold;
}

/**
 * Books a walk-in or a phone call on a free time. With a WhatsApp number the customer gets the
 * confirmation in their language (the booking hook queues it); the customer's limits on open bookings
 * are the Flow's rule and do not bind the front desk.
 * @throws SlotTakenError (the time is taken), BadRequestError (not a start time, over), UnknownUnitError
 */
export async function bookAtDesk(db: Database, catalog: Catalog, req: DeskBooking, ctx: DeskContext): Promise<Booking> {
  const hold = deskHold(catalog, req.serviceId, req.locationId, req, ctx.now);
  const flowToken = `desk:${randomUUID()}`;
  const phone = req.whatsapp ?? null;
  const language = req.language ?? (phone ? await storedLanguage(db, phone) : null) ?? catalog.business.defaultLanguage;
  await placeHold(db, {
    ...hold,
    limits: undefined,
    flowToken,
    customerPhone: phone,
    language,
    onHeld: async (tx, held) => {
      await tx.query('UPDATE bookings SET source = $2, booked_by = $3 WHERE id = $1', [
        held.id,
        req.source,
        ctx.by ?? null,
      ]);
    },
  });
  const { booking } = await confirmBooking(
    db,
    {
      flowToken,
      details: { name: req.name, email: '', phone: phone ? `+${phone}` : '', notes: req.notes ?? null },
      now: ctx.now,
    },
    ctx.hook,
  );
  return booking;
}

/**
 * Moves a confirmed booking to another free time at its location (the same id and reference); the
 * customer gets `appointment_rescheduled` and the reminders move (the booking hook). Until the move
 * commits the old time stays booked; a move that fails frees the time it held at once.
 * @throws NotFoundError, BookingStateError (not confirmed, or `version` moved), SlotTakenError, BadRequestError
 */
export async function moveAtDesk(
  db: Database,
  catalog: Catalog,
  bookingId: string,
  to: DeskTime & { readonly version?: number | undefined },
  ctx: DeskContext,
): Promise<Move> {
  const booking = await getBooking(db, bookingId);
  if (!booking) throw new NotFoundError('Booking');
  if (booking.status !== 'confirmed') throw new BookingStateError(booking.status, 'reschedule');
  if (to.version !== undefined && to.version !== booking.version)
    throw new BookingStateError(booking.status, `reschedule version ${to.version} (now ${booking.version})`);
  const hold = deskHold(catalog, booking.serviceId, booking.locationId, to, ctx.now);
  const flowToken = `desk:${randomUUID()}`;
  const held = await placeHold(db, {
    ...hold,
    limits: undefined,
    flowToken,
    customerPhone: booking.customerPhone,
    language: booking.language ?? catalog.business.defaultLanguage,
    movesBooking: booking.id,
    phoneNumberId: booking.phoneNumberId ?? undefined,
  });
  try {
    return await moveBooking(db, { bookingId: booking.id, flowToken, now: ctx.now }, ctx.hook);
  } catch (error) {
    const unit = await db.transaction((tx) => releaseHold(tx, held.id, ctx.now));
    announce(db, unit);
    throw error;
  }
}

/**
 * Records whether the customer came: `arrived` from an hour before the start, `completed` and `no_show`
 * once it has started; null takes a mark back. Only a confirmed booking is marked.
 * @throws NotFoundError, BookingStateError, BadRequestError (too early)
 */
export async function markAttendance(
  db: Database,
  bookingId: string,
  attendance: Attendance | null,
  opts: { readonly now: Date; readonly version?: number | undefined },
): Promise<Booking> {
  const booking = await getBooking(db, bookingId);
  if (!booking) throw new NotFoundError('Booking');
  if (booking.status !== 'confirmed') throw new BookingStateError(booking.status, 'mark attendance');
  const early = booking.start.getTime() - opts.now.getTime();
  if (attendance === 'arrived' && early > 3_600_000)
    throw new BadRequestError('A customer can be marked arrived from an hour before the appointment', {
      field: 'attendance',
    });
  if ((attendance === 'no_show' || attendance === 'completed') && early > 0)
    throw new BadRequestError(`A booking is marked ${attendance} once it has started`, { field: 'attendance' });
  const { rows } = await db.query<BookingRow>(
    `UPDATE bookings SET attendance = $2, attendance_at = $3, updated_at = $3, version = version + 1
     WHERE id = $1 AND status = 'confirmed' AND ($4::integer IS NULL OR version = $4) RETURNING *`,
    [bookingId, attendance, attendance === null ? null : opts.now, opts.version ?? null],
  );
  if (!rows[0]) {
    const now = await getBooking(db, bookingId);
    throw new BookingStateError(now?.status ?? 'gone', `mark attendance on version ${opts.version}`);
  }
  return toBooking(rows[0]);
}

export interface BookingNote {
  readonly id: number;
  readonly author: string;
  readonly body: string;
  readonly at: Date;
}

interface NoteRow {
  id: string;
  author: string;
  body: string;
  created_at: Date;
}

const toNote = (r: NoteRow): BookingNote => ({ id: Number(r.id), author: r.author, body: r.body, at: r.created_at });

/** Adds the front desk's note to a booking the caller has found (bookings are never deleted). */
export async function addNote(
  db: Queryable,
  bookingId: string,
  author: string,
  body: string,
  now: Date,
): Promise<BookingNote> {
  const { rows } = await db.query<NoteRow>(
    'INSERT INTO booking_notes (booking_id, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING *',
    [bookingId, author, body, now],
  );
  return toNote(rows[0]!);
}

/** A booking's notes, oldest first. */
export async function notesOf(q: Queryable, bookingId: string): Promise<BookingNote[]> {
  const { rows } = await q.query<NoteRow>('SELECT * FROM booking_notes WHERE booking_id = $1 ORDER BY id', [bookingId]);
  return rows.map(toNote);
}

export interface CustomerRecord {
  readonly bookings: readonly Booking[];
  /** Counted over every booking of theirs: how reliable they are. */
  readonly counts: {
    readonly bookings: number;
    readonly cancelled: number;
    readonly arrived: number;
    readonly completed: number;
    readonly noShows: number;
  };
}

/**
 * A customer's bookings, newest first (at most 200), and their counts over all of them; at
 * `locationIds` only when given (a staff member sees their own locations' dealings with the customer).
 */
export async function customerRecord(
  q: Queryable,
  customerPhone: string,
  locationIds?: readonly string[] | undefined,
): Promise<CustomerRecord> {
  const at = locationIds ?? null;
  const { rows } = await q.query<BookingRow>(
    `SELECT * FROM bookings WHERE customer_phone = $1 AND status IN ('confirmed', 'cancelled')
       AND ($2::text[] IS NULL OR location_id = ANY($2))
     ORDER BY start_at DESC LIMIT 200`,
    [customerPhone, at],
  );
  const counts = await q.query<{
    bookings: number;
    cancelled: number;
    arrived: number;
    completed: number;
    no_shows: number;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS bookings,
       count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
       count(*) FILTER (WHERE attendance = 'arrived')::int AS arrived,
       count(*) FILTER (WHERE attendance = 'completed')::int AS completed,
       count(*) FILTER (WHERE attendance = 'no_show')::int AS no_shows
     FROM bookings WHERE customer_phone = $1 AND ($2::text[] IS NULL OR location_id = ANY($2))`,
    [customerPhone, at],
  );
  const c = counts.rows[0]!;
  return {
    bookings: rows.map(toBooking),
    counts: {
      bookings: c.bookings,
      cancelled: c.cancelled,
      arrived: c.arrived,
      completed: c.completed,
      noShows: c.no_shows,
    },
  };
}

/** One line of the front desk's customer search. */
export interface CustomerMatch {
  /** The customer key: a WhatsApp number or a BSUID (docs/protocol.md §11.1). */
  readonly id: string;
  readonly name: string | null;
  readonly bookings: number;
  readonly noShows: number;
  readonly lastStart: Date;
}

/**
 * Customers whose name contains `text` or whose number starts with it (digits only, `+` and spaces
 * dropped), most recent first; only bookings at `locationIds` count when given (a staff member's).
 */
export async function findCustomers(
  q: Queryable,
  text: string,
  opts: { readonly locationIds?: readonly string[] | undefined; readonly limit?: number } = {},
): Promise<CustomerMatch[]> {
  const digits = text.replace(/[\s+().-]/g, '');
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await q.query<{ id: string; name: string | null; bookings: number; no_shows: number; last: Date }>(
    `SELECT customer_phone AS id,
       (array_agg(name ORDER BY start_at DESC) FILTER (WHERE name IS NOT NULL))[1] AS name,
       count(*) FILTER (WHERE status = 'confirmed')::int AS bookings,
       count(*) FILTER (WHERE attendance = 'no_show')::int AS no_shows,
       max(start_at) AS last
     FROM bookings
     WHERE customer_phone IS NOT NULL AND status IN ('confirmed', 'cancelled')
       AND ($3::text[] IS NULL OR location_id = ANY($3))
     GROUP BY customer_phone
     HAVING bool_or(name ILIKE $1) OR ($2 <> '' AND customer_phone LIKE $2 || '%')
     ORDER BY last DESC LIMIT $4`,
    [like, /^\d+$/.test(digits) ? digits : '', opts.locationIds ?? null, opts.limit ?? 50],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, bookings: r.bookings, noShows: r.no_shows, lastStart: r.last }));
}
