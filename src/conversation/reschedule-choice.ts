/**
 * "Reschedule" from the menu or in the customer's words: which upcoming booking to move. None: say so;
 * one: straight to the reminder's Reschedule (a Flow whose token names the booking, src/reminders/replies.ts);
 * several: a list to pick one (row ids `reschedule:<booking id>`).
 */
import { getBooking, upcomingBookingsForCustomer } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import { answerTo, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { menuStrings } from '../messaging/menu-strings.ts';
import { describePlace, describeWhen } from '../messaging/render.ts';
import { chatStrings } from '../messaging/strings.ts';
import { offerReschedule } from '../reminders/replies.ts';
import { replyStrings } from '../reminders/strings.ts';
import { MESSAGE_LIMITS } from '../whatsapp/limits.ts';
import { listMessage, textMessage } from '../whatsapp/messages.ts';

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function rowOf(deps: ConversationDeps, booking: Booking, language: string) {
  const catalog = deps.catalog();
  const place = describePlace(catalog, booking, language);
  return {
    id: `reschedule:${booking.id}`,
    title: clip(describeWhen(catalog, booking, language, true), MESSAGE_LIMITS.rowTitle),
    description: clip(`${place.department} · ${place.location}`, MESSAGE_LIMITS.rowDescription),
  };
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

/** A row of that list: the booking's Flow, if it is still the customer's, confirmed and ahead. */
export async function rescheduleChosen(
  deps: ConversationDeps,
  message: StoredMessage,
  bookingId: string,
  language: string,
): Promise<void> {
  const booking = await getBooking(deps.db, bookingId);
  const live =
    booking?.customerPhone === message.customerPhone &&
    booking.status === 'confirmed' &&
    booking.start.getTime() > deps.clock();
  if (live) return offerReschedule(deps, message, booking, language);
  const body = textMessage(message.customerPhone, replyStrings(language).unavailable);
  await reply(deps, message, [answerTo(message, 'text', body)]);
}
