import type { Queryable } from '../db/types.ts';
import type { TakenInterval } from './slots.ts';

/** A taken interval plus what availability needs to age and count it from a cache. */
export interface TakenRow extends TakenInterval {
  /** The appointment's own start (`from` is its block's start, the buffer before included). */
  readonly start: number;
  readonly holdExpiresAt: number | null;
  /** The booking the row claims: its own id, or for a rescheduling Flow's hold the booking it would move. */
  readonly claim: string;
}

interface Row {
  unit_id: string;
  start_at: Date;
  block_start: Date;
  block_end: Date;
  hold_expires_at: Date | null;
  claim: string;
}

const COLUMNS =
  'unit_id, start_at, block_start, block_end, hold_expires_at, COALESCE(moves_booking, id)::text AS claim';

/**
 * Everything that occupies the given units and overlaps `[from, to)`: confirmed bookings and holds,
 * buffers included, grouped by unit and sorted by start. One range query on `bookings_unit_live`;
 * a block never spans more than two days (a service ≤ 12 h, buffers ≤ 4 h each), so
 * `start_at > from - 2 days` keeps the index range tight.
 */
export async function takenRowsOfUnits(
  db: Queryable,
  q: { units: readonly string[]; from: Date; to: Date },
): Promise<Map<string, TakenRow[]>> {
  const byUnit = new Map<string, TakenRow[]>(q.units.map((u) => [u, []]));
  if (q.units.length === 0) return byUnit;
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM bookings
     WHERE unit_id = ANY($1::text[]) AND status IN ('held', 'confirmed')
       AND start_at < $3::timestamptz + interval '1 day' AND start_at > $2::timestamptz - interval '2 days'
       AND block_end > $2 AND block_start < $3
     ORDER BY unit_id, block_start`,
    [q.units, q.from, q.to],
  );
  for (const r of rows) byUnit.get(r.unit_id)?.push(toTaken(r));
  return byUnit;
}

/** The same for every unit of a location × department (its anonymous units), sorted by start. */
export async function takenRows(
  db: Queryable,
  q: { locationId: string; departmentId: string; from: Date; to: Date },
): Promise<TakenRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM bookings
     WHERE location_id = $1 AND department_id = $2 AND status IN ('held', 'confirmed')
       AND start_at < $4::timestamptz + interval '1 day' AND start_at > $3::timestamptz - interval '2 days'
       AND block_end > $3 AND block_start < $4
     ORDER BY block_start`,
    [q.locationId, q.departmentId, q.from, q.to],
  );
  return rows.map(toTaken);
}

function toTaken(r: Row): TakenRow {
  return {
    unit: r.unit_id,
    start: r.start_at.getTime(),
    from: r.block_start.getTime(),
    to: r.block_end.getTime(),
    holdExpiresAt: r.hold_expires_at ? r.hold_expires_at.getTime() : null,
    claim: r.claim,
  };
}

/**
 * Keeps the rows still taken at `now`: confirmed, or held with `hold_expires_at >= now`. Rows claiming
 * `ignoring` (the booking a Flow reschedules, and holds that would move it) do not count: its own time
 * is free to the customer moving it, as the exclusion constraint allows.
 */
export function liveAt<T extends TakenRow>(rows: readonly T[], now: number, ignoring?: string): T[] {
  return rows.filter((r) => (r.holdExpiresAt === null || r.holdExpiresAt >= now) && r.claim !== ignoring);
}

/** {@link TakenInterval}s (ms, buffers included) of held-and-unexpired and confirmed bookings. */
export async function takenIntervals(
  db: Queryable,
  q: { locationId: string; departmentId: string; from: Date; to: Date; now: Date },
): Promise<TakenInterval[]> {
  return liveAt(await takenRows(db, q), q.now.getTime()).map(({ unit, from, to }) => ({ unit, from, to }));
}
