import { cancelBooking, getBooking, upcomingBookingsForCustomer } from '../booking/bookings.ts';
import { BookingStateError } from '../booking/errors.ts';
import type { Booking } from '../booking/rows.ts';
import { fill } from '../flows/strings.ts';
import { buttonsMessage, listMessage, textMessage } from '../whatsapp/messages.ts';
import { storedLanguage } from '../customers/customers.ts';
import { answerTo, customerLanguage, reply, type ConversationDeps, type StoredMessage } from '../messaging/context.ts';
import { bookingMessage, describePlace, describeWhen, zoneOf } from '../messaging/render.ts';
import { formatLocal } from '../templates/datetime.ts';
import { MESSAGE_LIMITS } from '../whatsapp/limits.ts';
import type { Catalog } from '../catalog/schema.ts';
import { chatStrings } from '../messaging/strings.ts';

const MAX_ROWS = 10;

const clockOptions = { hour: '2-digit', minute: '2-digit' } as const;

/**
 * Title formats, longest first: the first within Meta's 24 characters wins. Weekday, day and month
 * fit in most languages ("Thu, Jan 21, 11:45 AM"); Arabic, Persian and Hindi spell them out too long
 * ("الثلاثاء، ٢٣ فبراير، ١١:٤٥ ص"), so their weekday moves to the description.
 */
const TITLE_FORMATS: readonly Intl.DateTimeFormatOptions[] = [
  { weekday: 'short', day: 'numeric', month: 'short', ...clockOptions },
  { day: 'numeric', month: 'short', ...clockOptions },
  { day: 'numeric', month: 'numeric', ...clockOptions },
];

const length = (text: string) => [...text].length;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * One row of "My appointments" (docs/protocol.md §7: title 24, description 72 characters): the local
 * date and time as the title, in the location's zone and the customer's language; department ·
 * location as the description, after the weekday when the title had no room for it. Only a catalog
 * whose names alone pass 72 characters is cut.
 */
export function appointmentRow(
  catalog: Catalog,
  booking: Booking,
  language: string,
): { id: string; title: string; description: string } {
  const timeZone = zoneOf(catalog, booking);
  const format = (options: Intl.DateTimeFormatOptions) =>
    formatLocal(language, booking.start, { ...options, timeZone });
  const titles = TITLE_FORMATS.map(format);
  const index = titles.findIndex((t) => length(t) <= MESSAGE_LIMITS.rowTitle);
  const title = index === -1 ? clip(titles[titles.length - 1]!, MESSAGE_LIMITS.rowTitle) : titles[index]!;
  const place = describePlace(catalog, booking, language);
  const where = `${place.department} · ${place.location}`;
  const withDay = index === 0 ? where : `${format({ weekday: 'long' })} · ${where}`;
  const description = length(withDay) <= MESSAGE_LIMITS.rowDescription ? withDay : where;
  return { id: `booking:${booking.id}`, title, description: clip(description, MESSAGE_LIMITS.rowDescription) };
}

async function languageOf(deps: ConversationDeps, message: StoredMessage, keywordLanguage?: string): Promise<string> {
  const stored = await storedLanguage(deps.db, message.customerPhone);
  return keywordLanguage && !stored
    ? customerLanguage(deps, message.customerPhone, null, keywordLanguage, message.phoneNumberId)
    : (stored ?? customerLanguage(deps, message.customerPhone, null, undefined, message.phoneNumberId));
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
  const [first, ...rest] = bookings.map((b) => appointmentRow(catalog, b, language));
  const body = first
    ? listMessage(phone, { body: t.listBody, button: t.listButton, sections: [{ rows: [first, ...rest] }] })
    : textMessage(phone, t.noBookings);
  await reply(deps, message, [answerTo(message, first ? 'list' : 'text', body)]);
}

async function ownBooking(deps: ConversationDeps, message: StoredMessage, id: string): Promise<Booking | undefined> {
  const booking = await getBooking(deps.db, id);
  return booking && booking.customerPhone === message.customerPhone ? booking : undefined;
}

/** A row of the list was chosen: Reschedule / Cancel / Keep. */
export async function askCancel(deps: ConversationDeps, message: StoredMessage, bookingId: string): Promise<void> {
  const language = await languageOf(deps, message);
  const t = chatStrings(language);
  const booking = await ownBooking(deps, message, bookingId);
  const phone = message.customerPhone;
  const confirmed = booking?.status === 'confirmed' ? booking : undefined;
  const question = confirmed ? fill(t.cancelPrompt, { when: describeWhen(deps.catalog(), confirmed, language) }) : '';
  const link = confirmed ? await deps.calendarLink?.(confirmed.id) : undefined;
  const body =
    booking && booking.status === 'confirmed'
      ? buttonsMessage(phone, {
          body: link ? `${question}\n\n${fill(t.addToCalendar, { url: link })}` : question,
          buttons: [
            { id: `reschedule:${booking.id}`, title: t.rescheduleIt },
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
