import { getBooking } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import type { ConversationDeps } from '../conversation/context.ts';
import type { BookingMessage } from '../conversation/render.ts';
import type { Queryable } from '../db/types.ts';
import { rescheduledTemplate } from './message.ts';

/**
 * The booking a Flow session reschedules, if any: the reminder's "Reschedule" stored it on the Flow
 * message it sent (works for completions linked by token or by `context.id` alike).
 */
export async function rescheduleOfSession(q: Queryable, sessionId: string): Promise<string | undefined> {
  const { rows } = await q.query<{ booking_id: string | null }>(
    `SELECT booking_id FROM outbound_messages WHERE flow_session_id = $1 AND kind = 'flow' AND booking_id IS NOT NULL`,
    [sessionId],
  );
  return rows[0]?.booking_id ?? undefined;
}

/**
 * `appointment_rescheduled` for a booking that replaced another (previous and new time), or
 * undefined when it replaced none or the template cannot be built (the caller sends its confirmation).
 */
export async function rescheduledMessage(deps: ConversationDeps, booking: Booking, language: string, profileName: string | undefined): Promise<BookingMessage | undefined> {
  if (!booking.rescheduledFrom) return undefined;
  const previous = await getBooking(deps.db, booking.rescheduledFrom);
  if (!previous) return undefined;
  try {
    return rescheduledTemplate(deps.templates, deps.catalog(), { booking, previous }, language, profileName);
  } catch {
    return undefined;
  }
}
