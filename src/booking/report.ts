import { DateTime } from 'luxon';
import type { Catalog, Location } from '../catalog/schema.ts';
import type { Queryable } from '../db/types.ts';
import { toBooking, type Booking, type BookingRow } from './rows.ts';
import { openingHours } from './slots.ts';

export type OutsideReason = 'unknown-location' | 'unknown-department' | 'inactive-unit' | 'outside-hours';

export interface OutsideHoursEntry {
  readonly booking: Booking;
  readonly reason: OutsideReason;
}

/**
 * After a catalog reload: upcoming held/confirmed bookings the new catalog no longer fits (closed
 * at that time, a removed location or department, a unit past a lowered capacity). They are only
 * reported; the business decides whether to move or cancel them.
 */
export async function reportOutsideHours(db: Queryable, catalog: Catalog, now: Date): Promise<OutsideHoursEntry[]> {
  const { rows } = await db.query<BookingRow & { unit_active: boolean }>(
    `SELECT b.*, u.active AS unit_active FROM bookings b JOIN units u ON u.id = b.unit_id
     WHERE b.status IN ('held', 'confirmed') AND b.end_at > $1 ORDER BY b.start_at`,
    [now],
  );
  const locations = new Map(catalog.locations.map((l) => [l.id, l]));
  const report: OutsideHoursEntry[] = [];
  for (const row of rows) {
    const location = locations.get(row.location_id);
    const reason: OutsideReason | undefined = !location
      ? 'unknown-location'
      : location.capacity[row.department_id] === undefined
        ? 'unknown-department'
        : !row.unit_active
          ? 'inactive-unit'
          : withinHours(location, row.start_at.getTime(), row.end_at.getTime())
            ? undefined
            : 'outside-hours';
    if (reason) report.push({ booking: toBooking(row), reason });
  }
  return report;
}

/** Whether `[start, end)` lies inside one opening interval of its local date. */
function withinHours(location: Location, start: number, end: number): boolean {
  const local = DateTime.fromMillis(start, { zone: location.timeZone });
  const date = local.toISODate()!;
  const day = local.startOf('day');
  return openingHours(location, date).some(([open, close]) => {
    const from = at(day, open);
    const to = close === '24:00' ? day.plus({ days: 1 }).toMillis() : at(day, close);
    return from <= start && end <= to;
  });
}

function at(day: DateTime, clock: string): number {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return day.set({ hour, minute }).toMillis();
}
