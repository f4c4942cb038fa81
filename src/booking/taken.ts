import type { Queryable } from '../db/types.ts';
import type { TakenInterval } from './slots.ts';

/** A taken interval plus when it stops counting (holds only), so cached rows can age correctly. */
export interface TakenRow extends TakenInterval {
  readonly holdExpiresAt: number | null;
  /** The booking the row claims: its own id, or for a rescheduling Flow's hold the booking it would move. */
  readonly claim: string;
}

/**
 * Everything that occupies a unit of the location × department and overlaps `[from, to)`: confirmed
 * bookings and unexpired holds, buffer included. One range query on `bookings_live_range`.
 */
export async function takenRows(
  db: Queryable,
  q: { locationId: string; departmentId: string; from: Date; to: Date },
): Promise<TakenRow[]> {
  // Bookings never span more than a day, so `start_at > from - 1 day` keeps the index range tight.
  const { rows } = await db.query<{
    unit_id: string;
    start_at: Date;
    block_end: Date;
    hold_expires_at: Date | null;
    claim: string;
  }>(
    `SELECT unit_id, start_at, block_end, hold_expires_at, COALESCE(moves_booking, id)::text AS claim FROM bookings
     WHERE location_id = $1 AND department_id = $2 AND status IN ('held', 'confirmed')
       AND start_at < $4 AND start_at > $3::timestamptz - interval '1 day' AND block_end > $3
     ORDER BY start_at`,
    [q.locationId, q.departmentId, q.from, q.to],
  );
  return rows.map((r) => ({
    unit: r.unit_id,
    from: r.start_at.getTime(),
    to: r.block_end.getTime(),
    holdExpiresAt: r.hold_expires_at ? r.hold_expires_at.getTime() : null,
    claim: r.claim,
  }));
}

/**
 * Keeps the rows still taken at `now`: confirmed, or held with `hold_expires_at >= now`. Rows claiming
 * `ignoring` (the booking a Flow reschedules, and holds that would move it) do not count: its own time
 * is free to the customer moving it, as the exclusion constraint allows.
 */
export function liveAt(rows: readonly TakenRow[], now: number, ignoring?: string): TakenInterval[] {
  return rows
    .filter((r) => (r.holdExpiresAt === null || r.holdExpiresAt >= now) && r.claim !== ignoring)
    .map(({ unit, from, to }) => ({ unit, from, to }));
}

/** {@link TakenInterval}s (ms, buffer included) of held-and-unexpired and confirmed bookings. */
export async function takenIntervals(
  db: Queryable,
  q: { locationId: string; departmentId: string; from: Date; to: Date; now: Date },
): Promise<TakenInterval[]> {
  return liveAt(await takenRows(db, q), q.now.getTime());
}
