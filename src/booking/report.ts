import { DateTime } from 'luxon';
import { bookingModel, type BookingModel, type Provider } from '../catalog/model.ts';
import type { Catalog, Location } from '../catalog/schema.ts';
import type { Queryable } from '../db/types.ts';
import { toBooking, type Booking, type BookingRow } from './rows.ts';

export type OutsideReason = 'unknown-location' | 'unknown-service' | 'inactive-unit' | 'no-provider' | 'outside-hours';

export interface OutsideHoursEntry {
  readonly booking: Booking;
  readonly reason: OutsideReason;
}

/**
 * After a catalog change: upcoming held/confirmed bookings the catalog no longer fits (a removed location or
 * service, a unit past a lowered capacity, nobody there who takes the service any more, or a time outside the
 * opening hours, a closure, a special day, or the staff member's own hours and time off). They are only
 * reported; the business decides whether to move or cancel them.
 */
export async function reportOutsideHours(db: Queryable, catalog: Catalog, now: Date): Promise<OutsideHoursEntry[]> {
  const { rows } = await db.query<BookingRow & { unit_active: boolean }>(
    `SELECT b.*, u.active AS unit_active FROM bookings b JOIN units u ON u.id = b.unit_id
     WHERE b.status IN ('held', 'confirmed') AND b.end_at > $1 ORDER BY b.start_at`,
    [now],
  );
  const model = bookingModel(catalog);
  const locations = new Map(catalog.locations.map((l) => [l.id, l]));
  const report: OutsideHoursEntry[] = [];
  for (const row of rows) {
    const reason = misfit(model, locations.get(row.location_id), row);
    if (reason) report.push({ booking: toBooking(row), reason });
  }
  return report;
}

function misfit(
  model: BookingModel,
  location: Location | undefined,
  row: BookingRow & { unit_active: boolean },
): OutsideReason | undefined {
  if (!location) return 'unknown-location';
  if (!model.service(row.service_id)) return 'unknown-service';
  if (!row.unit_active) return 'inactive-unit';
  const provider = model.providers(row.service_id, location.id).find((p) => p.unitId === row.unit_id);
  if (!provider) return 'no-provider';
  return withinHours(provider, location, row.start_at.getTime(), row.end_at.getTime()) ? undefined : 'outside-hours';
}

/** Whether `[start, end)` lies inside one of the provider's intervals of its local date (wall-clock minutes). */
function withinHours(provider: Provider, location: Location, start: number, end: number): boolean {
  const local = DateTime.fromMillis(start, { zone: location.timeZone });
  const day = local.startOf('day');
  const from = local.hour * 60 + local.minute;
  const finish = DateTime.fromMillis(end, { zone: location.timeZone });
  const to = finish.hasSame(day, 'day')
    ? finish.hour * 60 + finish.minute
    : 1440 * Math.ceil(finish.diff(day, 'days').days);
  return provider.hours(local.toISODate()!).some(([open, close]) => open <= from && to <= close);
}
