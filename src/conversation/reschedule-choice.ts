/**
 * "Reschedule" from the menu or in the customer's words: which upcoming booking to move. None: say so;
 * one: straight to the reminder's Reschedule (a Flow whose token names the booking, src/reminders/replies.ts);
 * several: a list to pick one (row ids `reschedule:<booking id>`, answered by `rescheduleFromChat`).
 */
import { upcomingBookingsForCustomer } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import { answerTo, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { menuStrings } from '../messaging/menu-strings.ts';
import { chatStrings } from '../messaging/strings.ts';
import { offerReschedule } from '../reminders/replies.ts';
import { MESSAGE_LIMITS } from '../whatsapp/limits.ts';
import { listMessage, textMessage } from '../whatsapp/messages.ts';
import { appointmentRow } from './manage.ts';

/** A booking as a row of the list: the same row as "My appointments" (within Meta's limits), choosing a move. */
function rowOf(deps: ConversationDeps, booking: Booking, language: string) {
  return { ...appointmentRow(deps.catalog(), booking, language), id: `reschedule:${booking.id}` };
}

/** The customer's upcoming bookings to move: none, one (its Flow at once) or a list. */
export async function chooseReschedule(
  deps: ConversationDeps,
  message: StoredMessage,
  language: string,
): Promise<void> {
  const phone = message.customerPhone;
  const upcoming = await upcomingBookingsForCustomer(deps.db, phone, new Date(deps.clock()));
  const [only, ...others] = upcoming;
  if (!only) {
    await reply(deps, message, [answerTo(message, 'text', textMessage(phone, chatStrings(language).noBookings))]);
    return;
  }
  if (others.length === 0) return offerReschedule(deps, message, only, language);
  const [first, ...rest] = upcoming.slice(0, MESSAGE_LIMITS.listRows).map((b) => rowOf(deps, b, language));
  const t = menuStrings(language);
  const body = listMessage(phone, {
    body: t.rescheduleBody,
    button: t.rescheduleButton,
    sections: [{ rows: [first!, ...rest] }],
  });
  await reply(deps, message, [answerTo(message, 'list', body)]);
}
