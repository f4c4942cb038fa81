import { canonicalCustomerId, touchCustomer } from '../customers/customers.ts';
import { FlowTokenError } from '../errors.ts';
import type { Database, Queryable } from '../db/types.ts';
import { isExclusionViolation, SlotTakenError, UnknownUnitError } from './errors.ts';
import { scheduleKey, toBooking, type Booking, type BookingRow } from './rows.ts';

export interface HoldRequest {
  readonly flowToken: string;
  /** The customer id (a phone number or a BSUID, docs/protocol.md §11.1) the flow token names. */
  readonly customerPhone: string;
  readonly language: string;
  readonly locationId: string;
  readonly departmentId: string;
  readonly start: Date;
  readonly end: Date;
  readonly holdMinutes: number;
  readonly bufferMinutes: number;
  readonly now: Date;
  /**
   * The booking this hold would move (a rescheduling Flow): the hold may overlap that booking and
   * nothing else (the exclusion constraint's claim, migration 0010).
   */
  readonly movesBooking?: string | undefined;
}

/**
 * Holds a time for a flow token on the first free unit of the location × department. Expired holds
 * in the way are expired first (a partial index cannot use now(): docs/protocol.md §10). A token has one hold:
 * a new hold replaces the previous one (the customer went BACK and chose another time).
 * @throws SlotTakenError when every unit is busy; FlowTokenError('used') when the token already booked.
 */
export async function placeHold(db: Database, req: HoldRequest): Promise<Booking> {
  const blockEnd = new Date(req.end.getTime() + req.bufferMinutes * 60_000);
  const holdExpiresAt = new Date(req.now.getTime() + req.holdMinutes * 60_000);
  const booking = await db.transaction(async (tx) => {
    await lockSchedule(tx, req.locationId, req.departmentId);
    const units = await activeUnits(tx, req.locationId, req.departmentId);
    if (units.length === 0) throw new UnknownUnitError(req.locationId, req.departmentId);
    const previous = await tx.query<{ status: string }>(
      'SELECT status FROM bookings WHERE flow_token = $1 FOR UPDATE',
      [req.flowToken],
    );
    const status = previous.rows[0]?.status;
    if (status === 'confirmed' || status === 'cancelled') throw new FlowTokenError('used');
    await expireOverlappingHolds(tx, req.locationId, req.departmentId, req.start, blockEnd, req.now);
    // The token may name the customer by an id since linked to another (a BSUID now beside a phone number).
    const customer = (await canonicalCustomerId(tx, req.customerPhone)) ?? req.customerPhone;
    for (const unit of units) {
      const row = await tryUnit(tx, unit, { ...req, customerPhone: customer }, blockEnd, holdExpiresAt);
      if (row) {
        await touchCustomer(tx, customer, req.language, req.now);
        return toBooking(row);
      }
    }
    throw new SlotTakenError({ locationId: req.locationId, departmentId: req.departmentId });
  });
  db.changed(scheduleKey(req.locationId, req.departmentId));
  return booking;
}

/**
 * Serialises hold placement per location × department (across processes on a server). Without it,
 * concurrent inserts that conflict on the exclusion constraint wait on each other and PostgreSQL
 * resolves the cycle with 40P01 after deadlock_timeout (measured: 200 racers → deadlocks). The
 * constraint still guards correctness; the lock only makes losers fail fast with 23P01.
 */
export async function lockSchedule(tx: Queryable, locationId: string, departmentId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    SCHEDULE_LOCK_SPACE,
    scheduleKey(locationId, departmentId),
  ]);
}

const SCHEDULE_LOCK_SPACE = 0x66626b73; // "fbks"

/** Active unit ids of a location × department, lowest ordinal first. */
export async function activeUnits(tx: Queryable, locationId: string, departmentId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM units WHERE location_id = $1 AND department_id = $2 AND active ORDER BY ordinal',
    [locationId, departmentId],
  );
  return rows.map((r) => r.id);
}

async function tryUnit(
  tx: Queryable,
  unit: string,
  req: HoldRequest,
  blockEnd: Date,
  holdExpiresAt: Date,
): Promise<BookingRow | undefined> {
  await tx.query('SAVEPOINT hold_attempt');
  try {
    const { rows } = await tx.query<BookingRow>(
      `INSERT INTO bookings (unit_id, location_id, department_id, status, start_at, end_at, block_end, flow_token,
         customer_phone, language, hold_expires_at, created_at, updated_at, moves_booking)
       VALUES ($1, $2, $3, 'held', $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
       ON CONFLICT (flow_token) DO UPDATE SET
         unit_id = EXCLUDED.unit_id, location_id = EXCLUDED.location_id, department_id = EXCLUDED.department_id,
         status = 'held', start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, block_end = EXCLUDED.block_end,
         customer_phone = EXCLUDED.customer_phone, language = EXCLUDED.language,
         hold_expires_at = EXCLUDED.hold_expires_at, updated_at = EXCLUDED.updated_at,
         moves_booking = EXCLUDED.moves_booking, version = bookings.version + 1
       WHERE bookings.status IN ('held', 'expired')
       RETURNING *`,
      [
        unit,
        req.locationId,
        req.departmentId,
        req.start,
        req.end,
        blockEnd,
        req.flowToken,
        req.customerPhone,
        req.language,
        holdExpiresAt,
        req.now,
        req.movesBooking ?? null,
      ],
    );
    await tx.query('RELEASE SAVEPOINT hold_attempt');
    if (!rows[0]) throw new FlowTokenError('used'); // confirmed concurrently by another request
    return rows[0];
  } catch (error) {
    if (!isExclusionViolation(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT hold_attempt');
    return undefined;
  }
}

/** Marks holds past their expiry that overlap `[from, to)` as expired, so their units can be reused. */
async function expireOverlappingHolds(
  tx: Queryable,
  locationId: string,
  departmentId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE bookings SET status = 'expired', updated_at = $5, version = version + 1
     WHERE status = 'held' AND hold_expires_at < $5 AND location_id = $1 AND department_id = $2
       AND start_at < $4 AND block_end > $3`,
    [locationId, departmentId, from, to, now],
  );
}

/**
 * Expires every hold whose time ran out (run it periodically; correctness does not depend on it,
 * reads and new holds check expiry themselves). Returns how many holds expired.
 */
export async function sweepExpiredHolds(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<{ location_id: string; department_id: string }>(
    `UPDATE bookings SET status = 'expired', updated_at = $1, version = version + 1
     WHERE status = 'held' AND hold_expires_at < $1 RETURNING location_id, department_id`,
    [now],
  );
  for (const key of new Set(rows.map((r) => scheduleKey(r.location_id, r.department_id)))) db.changed(key);
  return rows.length;
}
