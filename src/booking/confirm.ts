import { FlowTokenError } from '../errors.ts';
import type { Database, Queryable } from '../db/types.ts';
import { HoldMissingError, isExclusionViolation, SlotTakenError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { touchCustomer } from '../customers/customers.ts';
import { activeUnits, checkLimits, lockUnits, type CustomerLimits } from './holds.ts';
import { announce, toBooking, type Booking, type BookingRow } from './rows.ts';

/** What the customer typed on the DETAILS screen (docs/protocol.md §3). */
export interface CustomerDetails {
  readonly name: string;
  readonly email: string;
  /** As typed; the WhatsApp number is the hold's `customerPhone`. */
  readonly phone: string;
  readonly notes?: string | null | undefined;
}

export interface Confirmation {
  readonly booking: Booking;
  /** True when this token had already been confirmed: the same booking is returned, nothing written. */
  readonly alreadyConfirmed: boolean;
}

/**
 * Turns the flow token's hold into a confirmed booking and marks the token used (docs/protocol.md §2.5, §10).
 * A hold that expired is still confirmed if nobody took its time; idempotent per token.
 * `hook` runs in the same transaction when the booking is newly confirmed.
 * @throws HoldMissingError, SlotTakenError (the expired hold's time is gone), FlowTokenError('used') (cancelled).
 */
export async function confirmBooking(db: Database, req: ConfirmRequest, hook?: BookingHook): Promise<Confirmation> {
  const result = await db.transaction(async (tx) => {
    const confirmation = await confirmInTransaction(tx, req);
    if (!confirmation.alreadyConfirmed) await hook?.(tx, { kind: 'confirmed', booking: confirmation.booking });
    return confirmation;
  });
  if (!result.alreadyConfirmed) announce(db, result.booking.unitId, result.heldOn);
  return result;
}

export interface ConfirmRequest {
  readonly flowToken: string;
  readonly details: CustomerDetails;
  readonly now: Date;
  /** The catalog's per-customer limits, checked again under the customer's lock (two Flows may race). */
  readonly limits?: CustomerLimits | undefined;
}

async function confirmInTransaction(tx: Queryable, req: ConfirmRequest): Promise<Confirmation & { heldOn?: string }> {
  const { rows } = await tx.query<BookingRow>('SELECT * FROM bookings WHERE flow_token = $1 FOR UPDATE', [
    req.flowToken,
  ]);
  const hold = rows[0];
  if (!hold) throw new HoldMissingError();
  if (hold.status === 'confirmed') return { booking: toBooking(hold), alreadyConfirmed: true };
  if (hold.status === 'cancelled') throw new FlowTokenError('used');
  if (hold.customer_phone) {
    const customer = hold.customer_phone;
    await checkLimits(tx, { customer, serviceId: hold.service_id, limits: req.limits, now: req.now, lock: true });
  }
  // A 'held' row still blocks its unit even past its expiry (nobody can have taken it); an 'expired'
  // one has to win its time back against the exclusion constraint.
  const units = hold.status === 'held' ? [hold.unit_id] : await unitsPreferring(tx, hold);
  if (hold.status === 'expired') await lockUnits(tx, units);
  for (const unit of units) {
    const row = await tryConfirm(tx, hold, unit, req);
    if (row) {
      await tx.query(
        'INSERT INTO used_flow_tokens (token_id, booking_id, used_at) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING',
        [req.flowToken, row.id, req.now],
      );
      await touchCustomer(tx, row.customer_phone, row.language, req.now);
      return { booking: toBooking(row), alreadyConfirmed: false, heldOn: hold.unit_id };
    }
  }
  throw new SlotTakenError({ locationId: hold.location_id, serviceId: hold.service_id });
}

/**
 * Where an expired hold may win its time back: its own unit first; an anonymous unit's time on the
 * location's other units of its department too. A staff member's hold is theirs alone: the customer
 * may have chosen them.
 */
export async function unitsPreferring(tx: Queryable, hold: BookingRow): Promise<string[]> {
  if (hold.staff_id !== null) return [hold.unit_id];
  const others = await activeUnits(tx, hold.location_id, hold.department_id);
  return [hold.unit_id, ...others.filter((u) => u !== hold.unit_id)];
}

async function tryConfirm(
  tx: Queryable,
  hold: BookingRow,
  unit: string,
  req: { details: CustomerDetails; now: Date },
): Promise<BookingRow | undefined> {
  await tx.query('SAVEPOINT confirm_attempt');
  try {
    // A rescheduling Flow's hold confirmed as a booking of its own claims only its own time (migration 0010).
    const { rows } = await tx.query<BookingRow>(
      `UPDATE bookings SET status = 'confirmed', unit_id = $3, name = $4, email = $5, phone = $6, notes = $7,
         hold_expires_at = NULL, moves_booking = NULL, confirmed_at = $8, updated_at = $8, version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *`,
      [
        hold.id,
        hold.version,
        unit,
        req.details.name,
        req.details.email,
        req.details.phone,
        req.details.notes ?? null,
        req.now,
      ],
    );
    await tx.query('RELEASE SAVEPOINT confirm_attempt');
    return rows[0];
  } catch (error) {
    if (!isExclusionViolation(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT confirm_attempt');
    return undefined;
  }
}

/** Whether a flow token already completed a booking; the endpoint then answers 427 (docs/protocol.md §2.5). */
export async function isFlowTokenUsed(db: Queryable, tokenId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM used_flow_tokens WHERE token_id = $1', [tokenId]);
  return rows.length > 0;
}
