import { canonicalCustomerId, touchCustomer } from '../customers/customers.ts';
import { FlowTokenError } from '../errors.ts';
import type { Database, Queryable } from '../db/types.ts';
import { BookingLimitError, isExclusionViolation, SlotTakenError, UnknownUnitError } from './errors.ts';
import { announce, toBooking, type Booking, type BookingRow } from './rows.ts';

export interface HoldRequest {
  readonly flowToken: string;
  /**
   * The customer id (a phone number or a BSUID, docs/protocol.md §11.1) the flow token names; null for a
   * front-desk booking of somebody without WhatsApp (no limits to check, nobody to message).
   */
  readonly customerPhone: string | null;
  readonly language: string;
  readonly locationId: string;
  /** The service's category; in a catalog without services, the department booked. */
  readonly departmentId: string;
  /** What is booked; by default the department (which stands as the service without services). */
  readonly serviceId?: string | undefined;
  /**
   * Who may take it, in catalog order (booking/model `providers`): staff members are tried fairly
   * (fewest bookings that local day first), then anonymous units by ordinal. By default, the active
   * units of the location × department.
   */
  readonly candidates?: readonly HoldCandidate[] | undefined;
  /** The local day of `start` at the location, `[from, to)`: what "bookings that day" counts. */
  readonly day?: { readonly from: Date; readonly to: Date } | undefined;
  readonly start: Date;
  readonly end: Date;
  readonly holdMinutes: number;
  /** The buffer after the appointment. */
  readonly bufferMinutes: number;
  readonly bufferBeforeMinutes?: number | undefined;
  readonly price?: { readonly amount: number; readonly currency: string } | undefined;
  /** The catalog's per-customer limits on upcoming confirmed bookings. */
  readonly limits?: CustomerLimits | undefined;
  readonly now: Date;
  /**
   * The booking this hold would move (a rescheduling Flow): the hold may overlap that booking and
   * nothing else (the exclusion constraint's claim, migration 0010).
   */
  readonly movesBooking?: string | undefined;
  /** The business number the customer books through (its Flow's, src/catalog/numbers.ts). */
  readonly phoneNumberId?: string | undefined;
  /**
   * Runs in the hold's own transaction once the hold is placed: what must commit with it or not at all
   * (a waitlist offer's state and message, src/waitlist/). Throwing rolls the hold back.
   */
  readonly onHeld?: ((tx: Queryable, hold: Booking) => Promise<void>) | undefined;
}

export interface HoldCandidate {
  readonly unitId: string;
  /** Undefined for an anonymous unit. */
  readonly staffId?: string | undefined;
  readonly dailyCapacity?: number | undefined;
}

/** Upcoming confirmed bookings one customer may have: in all, and of the service being booked. */
export interface CustomerLimits {
  readonly all?: number | undefined;
  readonly service?: number | undefined;
}

/**
 * Holds a time for a flow token on the first candidate free for its whole block (buffers
 * included). Expired holds in the way are expired first (a partial index cannot use now():
 * docs/protocol.md §10). A token has one hold: a new hold replaces the previous one (the customer went
 * BACK and chose another time).
 * @throws SlotTakenError when nobody is free; BookingLimitError; FlowTokenError('used') when the token already booked.
 */
export async function placeHold(db: Database, req: HoldRequest): Promise<Booking> {
  const blockStart = new Date(req.start.getTime() - (req.bufferBeforeMinutes ?? 0) * 60_000);
  const blockEnd = new Date(req.end.getTime() + req.bufferMinutes * 60_000);
  const holdExpiresAt = new Date(req.now.getTime() + req.holdMinutes * 60_000);
  let replaced: string | undefined;
  const booking = await db.transaction(async (tx) => {
    const candidates = req.candidates ?? (await departmentUnits(tx, req.locationId, req.departmentId));
    if (!req.candidates && candidates.length === 0) throw new UnknownUnitError(req.locationId, req.departmentId);
    // Nobody's hours have this start (a staff member's day off, a time not on the grid).
    if (candidates.length === 0) throw new SlotTakenError({ locationId: req.locationId, serviceId: req.serviceId });
    await lockUnits(
      tx,
      candidates.map((c) => c.unitId),
    );
    const previous = await tx.query<{ status: string; unit_id: string }>(
      'SELECT status, unit_id FROM bookings WHERE flow_token = $1 FOR UPDATE',
      [req.flowToken],
    );
    const status = previous.rows[0]?.status;
    replaced = previous.rows[0]?.unit_id;
    if (status === 'confirmed' || status === 'cancelled') throw new FlowTokenError('used');
    // The token may name the customer by an id since linked to another (a BSUID now beside a phone number).
    const customer =
      req.customerPhone === null ? null : ((await canonicalCustomerId(tx, req.customerPhone)) ?? req.customerPhone);
    const serviceId = req.serviceId ?? req.departmentId;
    if (customer !== null)
      await checkLimits(tx, { customer, serviceId, limits: req.limits, now: req.now, except: req.movesBooking });
    const units = candidates.map((c) => c.unitId);
    await expireOverlappingHolds(tx, units, blockStart, blockEnd, req.now);
    const busy = await busyUnits(tx, units, { ...req, blockStart, blockEnd });
    const order = (await fairOrder(tx, candidates, req)).filter((c) => !busy.has(c.unitId));
    const row = { ...req, customerPhone: customer, serviceId, blockStart, blockEnd, holdExpiresAt };
    for (const candidate of order) {
      const held = await tryUnit(tx, candidate, row);
      if (held) {
        await touchCustomer(tx, customer, req.language, req.now);
        const booking = toBooking(held);
        await req.onHeld?.(tx, booking);
        return booking;
      }
    }
    throw new SlotTakenError({ locationId: req.locationId, serviceId });
  });
  announce(db, booking.unitId, replaced);
  return booking;
}

/**
 * Serialises writers per unit (across processes on a server): every candidate's lock, taken in one
 * statement in id order, so two writers with overlapping candidates cannot deadlock. Without it,
 * concurrent inserts that conflict on the exclusion constraint wait on each other and PostgreSQL
 * resolves the cycle with 40P01 after deadlock_timeout (measured: 200 racers → deadlocks); it also
 * makes a staff member's daily count exact. The constraint still guards correctness.
 */
export async function lockUnits(tx: Queryable, units: readonly string[]): Promise<void> {
  await tx.query(
    'SELECT pg_advisory_xact_lock($1, hashtext(u)) FROM (SELECT DISTINCT unnest($2::text[]) AS u ORDER BY 1) AS locked',
    [UNIT_LOCK_SPACE, units],
  );
}

const UNIT_LOCK_SPACE = 0x66626b73; // "fbks"
const CUSTOMER_LOCK_SPACE = 0x66626b63; // "fbkc"

/** The active anonymous units of a location × department, lowest ordinal first. */
async function departmentUnits(tx: Queryable, locationId: string, departmentId: string): Promise<HoldCandidate[]> {
  return (await activeUnits(tx, locationId, departmentId)).map((unitId) => ({ unitId }));
}

/** Active unit ids of a location × department, lowest ordinal first. */
export async function activeUnits(tx: Queryable, locationId: string, departmentId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM units WHERE location_id = $1 AND department_id = $2 AND active ORDER BY ordinal',
    [locationId, departmentId],
  );
  return rows.map((r) => r.id);
}

/**
 * Refuses a customer who already has as many upcoming confirmed bookings as allowed (in all, or of
 * this service). `except` is the booking a reschedule moves: it is being replaced, not added. Run
 * under the customer's lock at confirmation, where two Flows of one customer could race.
 */
export async function checkLimits(
  tx: Queryable,
  q: {
    customer: string;
    serviceId: string;
    limits: CustomerLimits | undefined;
    now: Date;
    except?: string | undefined;
    lock?: boolean;
  },
): Promise<void> {
  const { all, service } = q.limits ?? {};
  if (all === undefined && service === undefined) return;
  if (q.lock) await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CUSTOMER_LOCK_SPACE, q.customer]);
  const { rows } = await tx.query<{ all: number; service: number }>(
    `SELECT count(*)::int AS all, count(*) FILTER (WHERE service_id = $2)::int AS service FROM bookings
     WHERE customer_phone = $1 AND status = 'confirmed' AND start_at > $3 AND ($4::uuid IS NULL OR id <> $4::uuid)`,
    [q.customer, q.serviceId, q.now, q.except ?? null],
  );
  const counts = rows[0] ?? { all: 0, service: 0 };
  if (all !== undefined && counts.all >= all) throw new BookingLimitError(all);
  if (service !== undefined && counts.service >= service) throw new BookingLimitError(service, q.serviceId);
}

/**
 * The order candidates are tried in: staff members with the fewest live bookings on the local day
 * first (ties in catalog order: deterministic), leaving out those at their daily capacity; then
 * anonymous units by ordinal. The counts are exact: every candidate's unit is locked.
 */
async function fairOrder(
  tx: Queryable,
  candidates: readonly HoldCandidate[],
  req: HoldRequest,
): Promise<HoldCandidate[]> {
  const staff = candidates.filter((c) => c.staffId !== undefined);
  const units = candidates.filter((c) => c.staffId === undefined);
  if (staff.length === 0 || !req.day) return [...staff, ...units];
  const { rows } = await tx.query<{ unit_id: string; n: number }>(
    `SELECT unit_id, count(*)::int AS n FROM bookings
     WHERE unit_id = ANY($1::text[]) AND start_at >= $2 AND start_at < $3 AND flow_token <> $4
       AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at >= $5))
       AND ($6::uuid IS NULL OR COALESCE(moves_booking, id) <> $6::uuid)
     GROUP BY unit_id`,
    [staff.map((c) => c.unitId), req.day.from, req.day.to, req.flowToken, req.now, req.movesBooking ?? null],
  );
  const count = new Map(rows.map((r) => [r.unit_id, r.n]));
  const open = staff
    .map((c, i) => ({ c, i, n: count.get(c.unitId) ?? 0 }))
    .filter(({ c, n }) => c.dailyCapacity === undefined || n < c.dailyCapacity)
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map(({ c }) => c);
  return [...open, ...units];
}

/**
 * The candidates already taken for the block: skipped rather than tried, since each failed insert
 * costs a savepoint and a constraint check (200 customers racing for "anyone" of 20 did 4,000 of
 * them). Read under the units' locks, so the answer stays true until commit; the constraint still
 * has the last word. A staff member busy in their own calendar then (`busy_times`, src/calendars/)
 * is taken too: their calendar is outside the database's constraint, so this is its only check.
 */
async function busyUnits(
  tx: Queryable,
  units: readonly string[],
  req: HoldRequest & { blockStart: Date; blockEnd: Date },
): Promise<Set<string>> {
  const { rows } = await tx.query<{ unit_id: string }>(
    `SELECT DISTINCT unit_id FROM bookings
     WHERE unit_id = ANY($1::text[]) AND block_start < $3 AND block_end > $2 AND flow_token <> $4
       AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at >= $5))
       AND ($6::uuid IS NULL OR COALESCE(moves_booking, id) <> $6::uuid)
     UNION
     SELECT unit_id FROM busy_times WHERE unit_id = ANY($1::text[]) AND busy_start < $3 AND busy_end > $2`,
    [units, req.blockStart, req.blockEnd, req.flowToken, req.now, req.movesBooking ?? null],
  );
  return new Set(rows.map((r) => r.unit_id));
}

interface HoldRow extends HoldRequest {
  readonly serviceId: string;
  readonly blockStart: Date;
  readonly blockEnd: Date;
  readonly holdExpiresAt: Date;
}

async function tryUnit(tx: Queryable, candidate: HoldCandidate, req: HoldRow): Promise<BookingRow | undefined> {
  await tx.query('SAVEPOINT hold_attempt');
  try {
    const { rows } = await tx.query<BookingRow>(
      `INSERT INTO bookings (unit_id, location_id, department_id, service_id, staff_id, price_amount_1000,
         price_currency, status, start_at, end_at, block_start, block_end, flow_token, customer_phone, language,
         hold_expires_at, created_at, updated_at, moves_booking, phone_number_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18)
       ON CONFLICT (flow_token) DO UPDATE SET
         unit_id = EXCLUDED.unit_id, location_id = EXCLUDED.location_id, department_id = EXCLUDED.department_id,
         service_id = EXCLUDED.service_id, staff_id = EXCLUDED.staff_id,
         price_amount_1000 = EXCLUDED.price_amount_1000, price_currency = EXCLUDED.price_currency,
         status = 'held', start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
         block_start = EXCLUDED.block_start, block_end = EXCLUDED.block_end,
         customer_phone = EXCLUDED.customer_phone, language = EXCLUDED.language,
         hold_expires_at = EXCLUDED.hold_expires_at, updated_at = EXCLUDED.updated_at,
         moves_booking = EXCLUDED.moves_booking, phone_number_id = EXCLUDED.phone_number_id,
         version = bookings.version + 1
       WHERE bookings.status IN ('held', 'expired')
       RETURNING *`,
      [
        candidate.unitId,
        req.locationId,
        req.departmentId,
        req.serviceId,
        candidate.staffId ?? null,
        req.price ? Math.round(req.price.amount * 1000) : null,
        req.price?.currency ?? null,
        req.start,
        req.end,
        req.blockStart,
        req.blockEnd,
        req.flowToken,
        req.customerPhone,
        req.language,
        req.holdExpiresAt,
        req.now,
        req.movesBooking ?? null,
        req.phoneNumberId ?? null,
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

/** Marks holds past their expiry on these units that overlap `[from, to)` as expired, so the time can be reused. */
async function expireOverlappingHolds(
  tx: Queryable,
  units: readonly string[],
  from: Date,
  to: Date,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE bookings SET status = 'expired', updated_at = $4, version = version + 1
     WHERE status = 'held' AND hold_expires_at < $4 AND unit_id = ANY($1::text[])
       AND block_start < $3 AND block_end > $2`,
    [units, from, to, now],
  );
}

/**
 * Ends the hold `bookingId` now (a waitlist offer let pass): its time is free again at once. Returns its
 * unit, to announce once `tx` commits, or undefined when it was no longer held.
 */
export async function releaseHold(tx: Queryable, bookingId: string, now: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ unit_id: string }>(
    `UPDATE bookings SET status = 'expired', hold_expires_at = LEAST(hold_expires_at, $2), updated_at = $2,
       version = version + 1
     WHERE id = $1 AND status = 'held' RETURNING unit_id`,
    [bookingId, now],
  );
  return rows[0]?.unit_id;
}

/**
 * Expires every hold whose time ran out (run it periodically; correctness does not depend on it,
 * reads and new holds check expiry themselves). Returns how many holds expired.
 */
export async function sweepExpiredHolds(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<{ unit_id: string }>(
    `UPDATE bookings SET status = 'expired', updated_at = $1, version = version + 1
     WHERE status = 'held' AND hold_expires_at < $1 RETURNING unit_id`,
    [now],
  );
  announce(db, ...rows.map((r) => r.unit_id));
  return rows.length;
}
