import { canonicalCustomerId, deleteCustomer } from '../customers/customers.ts';
import { NotFoundError } from '../errors.ts';
import type { Database, Queryable } from '../db/types.ts';
import { BookingStateError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { announce, toBooking, type Booking, type BookingRow, type BookingStatus } from './rows.ts';

/** One booking by id, or undefined. */
export async function getBooking(db: Queryable, id: string): Promise<Booking | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<BookingRow>('SELECT * FROM bookings WHERE id = $1', [id]);
  return rows[0] && toBooking(rows[0]);
}

/**
 * The booking under a row lock for the rest of `tx`: a concurrent cancel either committed first and
 * is seen, or waits for `tx`. Undefined when there is none.
 */
export async function lockBooking(tx: Queryable, id: string): Promise<Booking | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await tx.query<BookingRow>('SELECT * FROM bookings WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] && toBooking(rows[0]);
}

/**
 * The booking a Flow session made, holds or moved, or undefined: the row its flow token names, else
 * the one its used token records (a rescheduling session's hold is gone once it moved its booking).
 */
export async function bookingOfSession(q: Queryable, sessionId: string): Promise<Booking | undefined> {
  const { rows } = await q.query<BookingRow>('SELECT * FROM bookings WHERE flow_token = $1', [sessionId]);
  if (rows[0]) return toBooking(rows[0]);
  const used = await q.query<BookingRow>(
    'SELECT b.* FROM used_flow_tokens u JOIN bookings b ON b.id = u.booking_id WHERE u.token_id = $1',
    [sessionId],
  );
  return used.rows[0] && toBooking(used.rows[0]);
}

/** Records that the customer confirmed they will come; the first confirmation's time is kept. */
export async function recordAttendance(tx: Queryable, id: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE bookings SET attendance_confirmed_at = COALESCE(attendance_confirmed_at, $2) WHERE id = $1 AND status = 'confirmed'`,
    [id, now],
  );
}

export interface BookingFilter {
  /** Bookings starting at or after this instant. */
  readonly from?: Date | undefined;
  /** Bookings starting before this instant. */
  readonly to?: Date | undefined;
  readonly locationId?: string | undefined;
  /** Any of these locations (a staff member's). */
  readonly locationIds?: readonly string[] | undefined;
  readonly departmentId?: string | undefined;
  readonly staffId?: string | undefined;
  readonly status?: BookingStatus | undefined;
  /** Any of these statuses (with `status`, both must hold). */
  readonly statuses?: readonly BookingStatus[] | undefined;
  /** At most this many rows (default 1000). */
  readonly limit?: number | undefined;
}

/** Bookings matching every given filter, earliest start first. */
export async function listBookings(db: Queryable, filter: BookingFilter = {}): Promise<Booking[]> {
  const { rows } = await db.query<BookingRow>(
    `SELECT * FROM bookings
     WHERE ($1::timestamptz IS NULL OR start_at >= $1) AND ($2::timestamptz IS NULL OR start_at < $2)
       AND ($3::text IS NULL OR location_id = $3) AND ($4::text IS NULL OR department_id = $4)
       AND ($5::text IS NULL OR status = $5) AND ($7::text IS NULL OR staff_id = $7)
       AND ($8::text[] IS NULL OR status = ANY($8::text[])) AND ($9::text[] IS NULL OR location_id = ANY($9::text[]))
     ORDER BY start_at, id LIMIT $6`,
    [
      filter.from ?? null,
      filter.to ?? null,
      filter.locationId ?? null,
      filter.departmentId ?? null,
      filter.status ?? null,
      filter.limit ?? 1000,
      filter.staffId ?? null,
      filter.statuses ?? null,
      filter.locationIds ?? null,
    ],
  );
  return rows.map(toBooking);
}

/** A customer's confirmed bookings that have not started yet, soonest first. */
export async function upcomingBookingsForCustomer(db: Queryable, customerPhone: string, now: Date): Promise<Booking[]> {
  const { rows } = await db.query<BookingRow>(
    `SELECT * FROM bookings WHERE customer_phone = $1 AND status = 'confirmed' AND start_at >= $2 ORDER BY start_at`,
    [customerPhone, now],
  );
  return rows.map(toBooking);
}

/**
 * Cancels a held or confirmed booking with a compare-and-swap on its status (and on `version` when
 * given), so a cancel racing a confirm or another cancel has exactly one winner (docs/protocol.md §10).
 * `hook` runs in the same transaction when the booking was cancelled.
 * @throws NotFoundError; BookingStateError when it is already cancelled/expired or the version moved.
 */
export async function cancelBooking(
  db: Database,
  id: string,
  opts: {
    reason?: string | undefined;
    now: Date;
    expectedVersion?: number | undefined;
    /** The console user who cancels (null: the customer, or a machine client). */
    by?: string | undefined;
  },
  hook?: BookingHook,
): Promise<Booking> {
  const { rows } = isUuid(id)
    ? await db.transaction(async (tx) => {
        const result = await tx.query<BookingRow>(
          `UPDATE bookings SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3, updated_at = $3,
           hold_expires_at = NULL, cancelled_by = $5, version = version + 1
         WHERE id = $1 AND status IN ('held', 'confirmed') AND ($4::integer IS NULL OR version = $4)
         RETURNING *`,
          [id, opts.reason ?? null, opts.now, opts.expectedVersion ?? null, opts.by ?? null],
        );
        if (result.rows[0]) await hook?.(tx, { kind: 'cancelled', booking: toBooking(result.rows[0]) });
        return result;
      })
    : { rows: [] };
  const row = rows[0];
  if (!row) {
    const current = await getBooking(db, id);
    if (!current) throw new NotFoundError('Booking');
    const live = current.status === 'held' || current.status === 'confirmed';
    throw new BookingStateError(
      current.status,
      live ? `cancel version ${opts.expectedVersion} (now ${current.version})` : 'cancel',
    );
  }
  announce(db, row.unit_id);
  return toBooking(row);
}

/**
 * Erases a customer's personal data: every booking keeps its time and status (history and capacity
 * stay correct) but loses the WhatsApp number, name, email, typed phone, notes and the front desk's notes; the customer row
 * goes. Returns how many bookings were anonymised.
 */
export async function eraseCustomer(db: Database, customerId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // Named by any of their ids (phone number, BSUID): the customer's own key is the one bookings store.
    const customerPhone = (await canonicalCustomerId(tx, customerId)) ?? customerId;
    // The front desk's notes describe the person: they go with the rest (migration 0021).
    await tx.query(
      'DELETE FROM booking_notes WHERE booking_id IN (SELECT id FROM bookings WHERE customer_phone = $1)',
      [customerPhone],
    );
    const { rowCount } = await tx.query(
      `UPDATE bookings SET customer_phone = NULL, name = NULL, email = NULL, phone = NULL, notes = NULL,
         erased_at = $2, updated_at = $2, version = version + 1
       WHERE customer_phone = $1`,
      [customerPhone, now],
    );
    await deleteCustomer(tx, customerPhone);
    return rowCount;
  });
}

/**
 * The customer `from` is now `to` (linked ids, or a new phone number): their bookings follow, and so do
 * the reminders, which read the booking's customer when they fire (src/reminders/fire.ts).
 */
export async function moveCustomerBookings(tx: Queryable, from: string, to: string): Promise<number> {
  const { rowCount } = await tx.query(
    'UPDATE bookings SET customer_phone = $2, updated_at = now() WHERE customer_phone = $1',
    [from, to],
  );
  return rowCount;
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
