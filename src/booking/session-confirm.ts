import type { Database } from '../db/types.ts';
import { confirmBooking, type Confirmation, type ConfirmRequest } from './confirm.ts';
import { BookingStateError } from './errors.ts';
import type { BookingHook } from './hooks.ts';
import { moveBooking } from './reschedule.ts';
import type { Booking } from './rows.ts';

/**
 * Confirms a Flow session's booking. A session that reschedules (`rescheduleOf`, from the flow token)
 * moves that booking to the session's hold with {@link moveBooking}: the same booking, the old time
 * freed only in the transaction that takes the new one. When the old booking is no longer confirmed
 * (cancelled meanwhile), the chosen time is confirmed as an ordinary booking: the customer did ask
 * for it. Idempotent per session, like confirmBooking.
 */
export async function confirmSession(
  db: Database,
  req: ConfirmRequest & { rescheduleOf?: string | undefined },
  hook?: BookingHook,
): Promise<Confirmation & { readonly previous?: Booking }> {
  if (req.rescheduleOf) {
    try {
      const moved = await moveBooking(
        db,
        { bookingId: req.rescheduleOf, flowToken: req.flowToken, details: req.details, now: req.now },
        hook,
      );
      return { booking: moved.booking, previous: moved.previous, alreadyConfirmed: moved.alreadyMoved };
    } catch (error) {
      if (!(error instanceof BookingStateError)) throw error;
    }
  }
  return confirmBooking(db, req, hook);
}
