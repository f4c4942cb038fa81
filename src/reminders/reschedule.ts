import { asBefore, moveOfSession } from '../booking/reschedule.ts';
import type { Booking } from '../booking/rows.ts';
import type { ConversationDeps } from '../messaging/context.ts';
import { bookingMessage, type BookingMessage } from '../messaging/render.ts';
import { rescheduledTemplate } from './message.ts';

/** The outbox key of the message that announces a booking's n-th move (one per move, whatever the replays). */
export function rescheduledKey(bookingId: string, round: number): string {
  return `rescheduled:${bookingId}:${round}`;
}

/**
 * `appointment_rescheduled` (previous and new time, the booking's own reference) when the Flow session
 * `sessionId` moved `booking`, with its outbox key; undefined when the session moved nothing (the
 * caller sends its confirmation). Without the template, the confirmation of the new time goes under
 * the move's key instead: the original confirmation's key is already spent.
 */
export async function rescheduledMessage(
  deps: ConversationDeps,
  booking: Booking,
  sessionId: string,
  language: string,
  profileName: string | undefined,
): Promise<(BookingMessage & { readonly dedupKey: string }) | undefined> {
  const move = await moveOfSession(deps.db, sessionId);
  if (!move || move.bookingId !== booking.id) return undefined;
  const dedupKey = rescheduledKey(booking.id, move.round);
  const previous = asBefore(booking, move);
  try {
    const moved = { booking: { ...booking, start: move.start, end: move.end }, previous };
    return { dedupKey, ...rescheduledTemplate(deps.templates, deps.catalog(), moved, language, profileName) };
  } catch {
    const confirmation = bookingMessage(
      'appointment_confirmation',
      deps.templates,
      deps.catalog(),
      booking,
      language,
      profileName,
    );
    return { dedupKey, ...confirmation };
  }
}
