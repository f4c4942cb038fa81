import { getBooking } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import type { ConversationDeps } from '../messaging/context.ts';
import type { BookingMessage } from '../messaging/render.ts';
import { rescheduledTemplate } from './message.ts';

/**
 * `appointment_rescheduled` for a booking that replaced another (previous and new time), or
 * undefined when it replaced none or the template cannot be built (the caller sends its confirmation).
 */
export async function rescheduledMessage(
  deps: ConversationDeps,
  booking: Booking,
  language: string,
  profileName: string | undefined,
): Promise<BookingMessage | undefined> {
  if (!booking.rescheduledFrom) return undefined;
  const previous = await getBooking(deps.db, booking.rescheduledFrom);
  if (!previous) return undefined;
  try {
    return rescheduledTemplate(deps.templates, deps.catalog(), { booking, previous }, language, profileName);
  } catch {
    return undefined;
  }
}
