import type { Database } from '../db/types.ts';
import { confirmBooking, rescheduleBooking, type Confirmation, type CustomerDetails } from './confirm.ts';
import { BookingStateError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { toBooking, type Booking, type BookingRow } from './rows.ts';

/**
 * Confirms a Flow session's booking. A session that reschedules (`rescheduleOf`, from the flow token)
 * moves the old booking with {@link rescheduleBooking}: the new one confirmed and the old one cancelled
 * in one transaction, so the old time is freed only once the new one is certain. When the old booking
 * is no longer confirmed (cancelled meanwhile), the chosen time is confirmed as an ordinary booking:
 * the customer did ask for it. Idempotent per session, like confirmBooking.
 */
export async function confirmSession(
  db: Database,
  req: { flowToken: string; rescheduleOf?: string | undefined; details: CustomerDetails; now: Date },
  hook?: BookingHook,
): Promise<Confirmation & { readonly previous?: Booking }> {
  if (req.rescheduleOf) {
    const { rows } = await db.query<BookingRow>('SELECT * FROM bookings WHERE flow_token = $1', [req.flowToken]);
    if (rows[0]?.status === 'confirmed') return { booking: toBooking(rows[0]), alreadyConfirmed: true };
    try {
      const moved = await rescheduleBooking(
        db,
        { bookingId: req.rescheduleOf, newFlowToken: req.flowToken, details: req.details, now: req.now },
        hook,
      );
      return { booking: moved.booking, previous: moved.previous, alreadyConfirmed: false };
    } catch (error) {
      if (!(error instanceof BookingStateError)) throw error;
    }
  }
  return confirmBooking(db, req, hook);
}
