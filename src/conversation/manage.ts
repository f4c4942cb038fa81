import { cancelBooking, getBooking, upcomingBookingsForCustomer } from '../booking/bookings.ts';
import { BookingStateError } from '../booking/errors.ts';
import type { Booking } from '../booking/rows.ts';
import { fill } from '../flows/strings.ts';
import { buttonsMessage, listMessage, textMessage } from '../whatsapp/messages.ts';
import { storedLanguage } from '../customers/customers.ts';
import { answerTo, customerLanguage, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { bookingMessage, describePlace, describeWhen } from '../messaging/render.ts';
import { chatStrings } from '../messaging/strings.ts';

const MAX_ROWS = 10;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

async function languageOf(deps: ConversationDeps, message: StoredMessage, keywordLanguage?: string): Promise<string> {
  const stored = await storedLanguage(deps.db, message.customerPhone);
  return keywordLanguage && !stored
    ? customerLanguage(deps, message.customerPhone, null, keywordLanguage)
    : (stored ?? customerLanguage(deps, message.customerPhone, null, undefined));
}

/** "My appointments" / "cancel": an interactive list of the customer's upcoming bookings. */
export async function listUpcoming(
  deps: ConversationDeps,
  message: StoredMessage,
  keywordLanguage: string,
): Promise<void> {
  const language = await languageOf(deps, message, keywordLanguage);
  const t = chatStrings(language);
  const phone = message.customerPhone;
  const bookings = (await upcomingBookingsForCustomer(deps.db, phone, new Date(deps.clock()))).slice(0, MAX_ROWS);
  const catalog = deps.catalog();
  const [first, ...rest] = bookings.map((b) => {
    const place = describePlace(catalog, b, language);
    return {
      id: `booking:${b.id}`,
      title: clip(describeWhen(catalog, b, language, true), 24),
      description: clip(`${place.department} · ${place.location}`, 72),
    };
  });
  const body = first
    ? listMessage(phone, { body: t.listBody, button: t.listButton, sections: [{ rows: [first, ...rest] }] })
    : textMessage(phone, t.noBookings);
  await reply(deps, message, [answerTo(message, first ? 'list' : 'text', body)]);
}

async function ownBooking(deps: ConversationDeps, message: StoredMessage, id: string): Promise<Booking | undefined> {
  const booking = await getBooking(deps.db, id);
  return booking && booking.customerPhone === message.customerPhone ? booking : undefined;
}

/** A row of the list was chosen: ask "Cancel it" / "Keep it". */
export async function askCancel(deps: ConversationDeps, message: StoredMessage, bookingId: string): Promise<void> {
  const language = await languageOf(deps, message);
  const t = chatStrings(language);
  const booking = await ownBooking(deps, message, bookingId);
  const phone = message.customerPhone;
  const body =
    booking && booking.status === 'confirmed'
      ? buttonsMessage(phone, {
          body: fill(t.cancelPrompt, { when: describeWhen(deps.catalog(), booking, language) }),
          buttons: [
            { id: `cancel:${booking.id}`, title: t.cancelIt },
            { id: `keep:${booking.id}`, title: t.keepIt },
          ],
        })
      : textMessage(phone, t.notCancellable);
  await reply(deps, message, [answerTo(message, booking ? 'buttons' : 'text', body)]);
}

/**
 * "Cancel it": cancels with the storage's compare-and-swap and says so. A tap that loses the swap (a
 * double tap, a cancel from elsewhere) reads the booking again and answers from it, as a retried job
 * does: cancelled by the customer says "cancelled", anything else "can no longer be cancelled". Each
 * reply is keyed by its message's wamid, so every tap is answered once.
 */
export async function confirmCancel(
  deps: ConversationDeps,
  message: StoredMessage,
  bookingId: string,
  keep: boolean,
): Promise<void> {
  const language = await languageOf(deps, message);
  const t = chatStrings(language);
  const phone = message.customerPhone;
  let booking = await ownBooking(deps, message, bookingId);
  const catalog = deps.catalog();
  if (booking && keep && booking.status === 'confirmed') {
    await reply(deps, message, [
      answerTo(message, 'text', textMessage(phone, fill(t.kept, { when: describeWhen(catalog, booking, language) }))),
    ]);
    return;
  }
  if (booking && !keep && booking.status === 'confirmed') {
    try {
      booking = await cancelBooking(
        deps.db,
        booking.id,
        { reason: 'cancelled by customer', now: new Date(deps.clock()) },
        deps.bookingHook,
      );
    } catch (error) {
      // Changed since it was read (a double tap, the front desk, a reminder's Cancel): answer from what it is now.
      if (!(error instanceof BookingStateError)) throw error;
      booking = await ownBooking(deps, message, bookingId);
    }
  }
  if (!booking || keep || booking.status !== 'cancelled' || booking.cancelReason !== 'cancelled by customer') {
    await reply(deps, message, [answerTo(message, 'text', textMessage(phone, t.notCancellable))]);
    return;
  }
  const rendered = bookingMessage(
    'appointment_cancelled',
    deps.templates,
    catalog,
    booking,
    language,
    message.profileName,
  );
  const said = fill(t.cancelled, { when: describeWhen(catalog, booking, language) });
  await reply(deps, message, [
    answerTo(message, 'text', textMessage(phone, said), { templateFallback: rendered.template, bookingId: booking.id }),
  ]);
}
