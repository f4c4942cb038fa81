import { touchCustomer } from '../customers/customers.ts';
import type { Database, Queryable } from '../db/types.ts';
import { FlowTokenError, NotFoundError } from '../errors.ts';
import { lockBooking } from './bookings.ts';
import type { CustomerDetails } from './confirm.ts';
import { BookingStateError, HoldMissingError, isExclusionViolation, SlotTakenError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { unitsPreferring } from './confirm.ts';
import { lockUnits } from './holds.ts';
import { announce, toBooking, type Booking, type BookingRow } from './rows.ts';

/** One entry of a booking's history: where and when it was before a Flow session moved it. */
export interface BookingMove {
  readonly bookingId: string;
  /** 1 for the first move, 2 for the second… (the booking's `rescheduleCount` after it). */
  readonly round: number;
  /** The Flow session (flow token id) that moved it. */
  readonly flowToken: string;
  readonly previous: {
    readonly unitId: string;
    readonly locationId: string;
    readonly departmentId: string;
    readonly serviceId: string;
    readonly staffId: string | null;
    readonly start: Date;
    readonly end: Date;
  };
  readonly start: Date;
  readonly end: Date;
  readonly at: Date;
}

export interface Move {
  /** The booking at its new time: the same id, reference and flow token as before. */
  readonly booking: Booking;
  /** The booking as it was before the move. */
  readonly previous: Booking;
  /** True when this session had already moved it: nothing was written. */
  readonly alreadyMoved: boolean;
}

/**
 * Moves a confirmed booking to the time held by the Flow session `flowToken` (a hold placed with
 * `movesBooking`), keeping its id and reference. In one transaction: the hold is released, the
 * booking takes its time (the exclusion constraint re-checks the new range, so a time taken meanwhile
 * fails with 23P01 and nothing changes), the old time goes to `booking_reschedules` and the session is
 * marked used. Until this commits the old time stays booked. Idempotent per session.
 * @throws NotFoundError; BookingStateError (the booking is no longer confirmed); HoldMissingError;
 *   SlotTakenError (the hold had expired and its time was taken); FlowTokenError('used').
 */
export async function moveBooking(
  db: Database,
  req: { bookingId: string; flowToken: string; details?: CustomerDetails | undefined; now: Date },
  hook?: BookingHook,
): Promise<Move> {
  const result = await db.transaction(async (tx) => {
    const done = await moveOfSession(tx, req.flowToken);
    if (done && done.bookingId === req.bookingId) {
      const booking = await lockBooking(tx, done.bookingId);
      if (booking) return { booking, previous: asBefore(booking, done), alreadyMoved: true };
    }
    const old = await lockBooking(tx, req.bookingId);
    if (!old) throw new NotFoundError('Booking');
    if (old.status !== 'confirmed') throw new BookingStateError(old.status, 'reschedule');
    const hold = await lockHold(tx, req.flowToken);
    const heldOn = hold.unit_id;
    const row = await takeHeldTime(tx, old, hold, req);
    const booking = toBooking(row);
    await recordMove(tx, old, booking, req.flowToken, req.now);
    await tx.query(
      'INSERT INTO used_flow_tokens (token_id, booking_id, used_at) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING',
      [req.flowToken, booking.id, req.now],
    );
    if (booking.customerPhone) await touchCustomer(tx, booking.customerPhone, booking.language, req.now);
    await hook?.(tx, { kind: 'rescheduled', booking, previous: old });
    return { booking, previous: old, alreadyMoved: false, heldOn };
  });
  if (!result.alreadyMoved) announce(db, result.booking.unitId, result.previous.unitId, result.heldOn);
  return result;
}

/**
 * The session's hold, row-locked after the advisory locks of the units it may take (the order
 * placeHold takes them in, so a concurrent hold that expires this one cannot deadlock with us).
 */
async function lockHold(tx: Queryable, flowToken: string): Promise<BookingRow> {
  const peek = await tx.query<BookingRow>('SELECT * FROM bookings WHERE flow_token = $1', [flowToken]);
  if (!peek.rows[0]) throw new HoldMissingError();
  await lockUnits(tx, await unitsPreferring(tx, peek.rows[0]));
  const { rows } = await tx.query<BookingRow>('SELECT * FROM bookings WHERE flow_token = $1 FOR UPDATE', [flowToken]);
  const hold = rows[0];
  if (!hold) throw new HoldMissingError();
  if (hold.status === 'confirmed' || hold.status === 'cancelled') throw new FlowTokenError('used');
  return hold;
}

/**
 * Releases the hold and moves the booking onto its time. A 'held' row's unit is still free for this
 * booking (its claim kept everyone else off it); an expired hold's time is tried on every unit.
 */
async function takeHeldTime(
  tx: Queryable,
  old: Booking,
  hold: BookingRow,
  req: { details?: CustomerDetails | undefined; now: Date },
): Promise<BookingRow> {
  await tx.query('DELETE FROM bookings WHERE id = $1', [hold.id]);
  const units = hold.status === 'held' ? [hold.unit_id] : await unitsPreferring(tx, hold);
  const details = req.details ?? { name: old.name ?? '', email: old.email ?? '', phone: old.phone ?? '' };
  for (const unit of units) {
    await tx.query('SAVEPOINT move_attempt');
    try {
      const { rows } = await tx.query<BookingRow>(
        `UPDATE bookings SET unit_id = $2, location_id = $3, department_id = $4, start_at = $5, end_at = $6,
           block_end = $7, name = $8, email = $9, phone = $10, notes = COALESCE($11, notes),
           reschedule_count = reschedule_count + 1, updated_at = $12, version = version + 1,
           block_start = $13, service_id = $14, staff_id = $15, price_amount_1000 = $16, price_currency = $17
         WHERE id = $1 AND status = 'confirmed' RETURNING *`,
        [
          old.id,
          unit,
          hold.location_id,
          hold.department_id,
          hold.start_at,
          hold.end_at,
          hold.block_end,
          details.name || old.name,
          details.email || old.email,
          details.phone || old.phone,
          details.notes || null,
          req.now,
          hold.block_start,
          hold.service_id,
          unit === hold.unit_id ? hold.staff_id : null,
          hold.price_amount_1000,
          hold.price_currency,
        ],
      );
      await tx.query('RELEASE SAVEPOINT move_attempt');
      if (rows[0]) return rows[0];
    } catch (error) {
      if (!isExclusionViolation(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT move_attempt');
    }
  }
  throw new SlotTakenError({ locationId: hold.location_id, serviceId: hold.service_id });
}

async function recordMove(tx: Queryable, old: Booking, moved: Booking, flowToken: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO booking_reschedules (booking_id, round, flow_token, previous_unit_id, previous_location_id,
       previous_department_id, previous_start_at, previous_end_at, start_at, end_at, rescheduled_at,
       previous_service_id, previous_staff_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      moved.id,
      moved.rescheduleCount,
      flowToken,
      old.unitId,
      old.locationId,
      old.departmentId,
      old.start,
      old.end,
      moved.start,
      moved.end,
      now,
      old.serviceId,
      old.staffId,
    ],
  );
}

interface MoveRow {
  booking_id: string;
  round: number;
  flow_token: string;
  previous_unit_id: string;
  previous_location_id: string;
  previous_department_id: string;
  previous_service_id: string | null;
  previous_staff_id: string | null;
  previous_start_at: Date;
  previous_end_at: Date;
  start_at: Date;
  end_at: Date;
  rescheduled_at: Date;
}

function toMove(r: MoveRow): BookingMove {
  return {
    bookingId: r.booking_id,
    round: r.round,
    flowToken: r.flow_token,
    previous: {
      unitId: r.previous_unit_id,
      locationId: r.previous_location_id,
      departmentId: r.previous_department_id,
      // Moves recorded before services: the department stood as the service (migration 0012).
      serviceId: r.previous_service_id ?? r.previous_department_id,
      staffId: r.previous_staff_id,
      start: new Date(r.previous_start_at),
      end: new Date(r.previous_end_at),
    },
    start: new Date(r.start_at),
    end: new Date(r.end_at),
    at: new Date(r.rescheduled_at),
  };
}

/** The move a Flow session made, or undefined (it moved nothing, or has not yet). */
export async function moveOfSession(q: Queryable, flowToken: string): Promise<BookingMove | undefined> {
  const { rows } = await q.query<MoveRow>('SELECT * FROM booking_reschedules WHERE flow_token = $1', [flowToken]);
  return rows[0] && toMove(rows[0]);
}

/** A booking's moves, oldest first. */
export async function bookingHistory(q: Queryable, bookingId: string): Promise<BookingMove[]> {
  const { rows } = await q.query<MoveRow>('SELECT * FROM booking_reschedules WHERE booking_id = $1 ORDER BY round', [
    bookingId,
  ]);
  return rows.map(toMove);
}

/** The booking as it was before `move`: its previous place and time. */
export function asBefore(booking: Booking, move: BookingMove): Booking {
  return {
    ...booking,
    unitId: move.previous.unitId,
    locationId: move.previous.locationId,
    departmentId: move.previous.departmentId,
    serviceId: move.previous.serviceId,
    staffId: move.previous.staffId,
    start: move.previous.start,
    end: move.previous.end,
    rescheduleCount: move.round - 1,
  };
}
