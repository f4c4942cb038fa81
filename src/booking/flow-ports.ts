import type { Catalog } from '../catalog/schema.ts';
import type { Database } from '../db/types.ts';
import type { AvailabilityPort, BookingPort, HeldSlot } from '../flows/ports.ts';
import type { Availability } from './availability.ts';
import { isFlowTokenUsed } from './confirm.ts';
import type { BookingHook } from './hooks.ts';
import { placeHold } from './holds.ts';
import { confirmSession } from './session-confirm.ts';

/**
 * The Flow screens' ports on PostgreSQL storage. Sessions are keyed by the flow token's random id,
 * so a hold, its booking and the used-token record all name the same session.
 */
export function storagePorts(
  db: Database,
  availability: Availability,
  catalog: () => Catalog,
  hook?: BookingHook,
): { availability: AvailabilityPort; bookings: BookingPort } {
  return {
    availability: {
      dates: (locationId, departmentId, now) => availability.availableDates(catalog(), locationId, departmentId, new Date(now)),
      times: (locationId, departmentId, date, now) =>
        availability.availableTimes(catalog(), locationId, departmentId, date, new Date(now)),
    },
    bookings: {
      async placeHold({ session, slot, now }) {
        const rules = catalog().booking;
        await placeHold(db, {
          flowToken: session.id,
          customerPhone: session.phone,
          language: session.language,
          locationId: slot.locationId,
          departmentId: slot.departmentId,
          start: new Date(slot.start),
          end: new Date(slot.end),
          holdMinutes: rules.holdMinutes,
          bufferMinutes: rules.bufferMinutes,
          now: new Date(now),
        });
      },
      async currentHold(session): Promise<HeldSlot | undefined> {
        // An expired hold still names the customer's choice: confirm may win it back (confirm.ts).
        const { rows } = await db.query<{ location_id: string; department_id: string; start_at: Date; end_at: Date }>(
          `SELECT location_id, department_id, start_at, end_at FROM bookings
           WHERE flow_token = $1 AND status IN ('held', 'expired', 'confirmed')`,
          [session.id],
        );
        const row = rows[0];
        return row && {
          locationId: row.location_id,
          departmentId: row.department_id,
          start: new Date(row.start_at).getTime(),
          end: new Date(row.end_at).getTime(),
        };
      },
      async confirm({ session, details, now }) {
        // A session minted by a reminder's "Reschedule" moves that booking (src/reminders/replies.ts).
        const { booking, alreadyConfirmed } = await confirmSession(db, {
          flowToken: session.id,
          rescheduleOf: session.rescheduleOf,
          details,
          now: new Date(now),
        }, hook);
        return { bookingId: booking.id, alreadyConfirmed };
      },
      isUsed: (session) => isFlowTokenUsed(db, session.id),
    },
  };
}
