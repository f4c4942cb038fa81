import { cancelBooking, getBooking, recordAttendance } from '../booking/bookings.ts';
import type { Booking } from '../booking/rows.ts';
import { storedLanguage } from '../customers/customers.ts';
import {
  answerTo,
  customerLanguage,
  flowTarget,
  reply,
  type ConversationDeps,
  type StoredMessage,
} from '../messaging/context.ts';
import { sentMessageAbout } from '../messaging/outbox.ts';
import { flowSendable } from '../messaging/flow-health.ts';
import { bookElsewhereText, bookingMessage, describeWhen } from '../messaging/render.ts';
import { flowInvitation } from '../messaging/window.ts';
import { FlowbookError } from '../errors.ts';
import { fill } from '../flows/strings.ts';
import { buttonsMessage, flowMessage, templateMessage, textMessage } from '../whatsapp/messages.ts';
import { chatStrings } from '../messaging/strings.ts';
import { parseReminderPayload, type ReminderAction } from './message.ts';
import { replyStrings } from './strings.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * The booking a quick reply is about: named by the payload (`confirm:<id>`), else by `context.id` =
 * the reminder we sent (a template sent with Meta's default payloads). Only the customer's own.
 */
async function bookingOf(
  deps: ConversationDeps,
  message: StoredMessage,
  named: string | undefined,
): Promise<Booking | undefined> {
  let id = named;
  const context = obj(message.message.context).id;
  if (!id && typeof context === 'string') {
    id = (await sentMessageAbout(deps.db, context, message.customerPhone)).bookingId;
  }
  const booking = id ? await getBooking(deps.db, id) : undefined;
  return booking?.customerPhone === message.customerPhone ? booking : undefined;
}

/**
 * An incoming `button` message (a template quick reply: the reminder's or the confirmation's). Returns
 * false when the payload is not one of ours (the caller answers with help). Each reply is keyed by the message's wamid, so a
 * replayed tap answers once.
 */
export async function handleQuickReply(deps: ConversationDeps, message: StoredMessage): Promise<boolean> {
  const parsed = parseReminderPayload(String(obj(message.message.button).payload ?? ''));
  if (!parsed) return false;
  const booking = await bookingOf(deps, message, parsed.bookingId);
  const stored = await storedLanguage(deps.db, message.customerPhone);
  const language =
    booking?.language ??
    stored ??
    customerLanguage(deps, message.customerPhone, null, undefined, message.phoneNumberId);
  const now = new Date(deps.clock());
  const live = booking !== undefined && booking.status === 'confirmed' && booking.start.getTime() > now.getTime();
  const act: Record<ReminderAction, () => Promise<void>> = {
    confirm: () => confirmAttendance(deps, message, booking!, language, now),
    cancel: () => cancelFromReminder(deps, message, booking!, language, now),
    reschedule: () => offerReschedule(deps, message, booking!, language),
    ask_cancel: () => askToCancel(deps, message, booking!, language),
  };
  // A cancel retried after its commit finds the booking cancelled by the customer: answer the same.
  const retriedCancel =
    parsed.action === 'cancel' && booking?.status === 'cancelled' && booking.cancelReason === 'cancelled by customer';
  if (live || retriedCancel) await act[parsed.action]();
  else await unavailable(deps, message, language);
  return true;
}

/**
 * "Reschedule" chosen outside a reminder (a row of "My appointments"): the reminder's Reschedule for
 * the customer's own upcoming booking, else "can no longer be changed here".
 */
export async function rescheduleFromChat(
  deps: ConversationDeps,
  message: StoredMessage,
  bookingId: string,
): Promise<void> {
  const booking = await bookingOf(deps, message, bookingId);
  const stored = await storedLanguage(deps.db, message.customerPhone);
  const language =
    stored ??
    booking?.language ??
    customerLanguage(deps, message.customerPhone, null, undefined, message.phoneNumberId);
  const live = booking?.status === 'confirmed' && booking.start.getTime() > deps.clock();
  if (live) await offerReschedule(deps, message, booking, language);
  else await unavailable(deps, message, language);
}

async function unavailable(deps: ConversationDeps, message: StoredMessage, language: string): Promise<void> {
  await reply(deps, message, [
    answerTo(message, 'text', textMessage(message.customerPhone, replyStrings(language).unavailable)),
  ]);
}

/** "Confirm": the attendance is recorded on the booking (first tap wins) and the customer thanked. */
async function confirmAttendance(
  deps: ConversationDeps,
  message: StoredMessage,
  booking: Booking,
  language: string,
  now: Date,
): Promise<void> {
  const when = describeWhen(deps.catalog(), booking, language);
  const body = textMessage(message.customerPhone, fill(replyStrings(language).thanks, { when }));
  await reply(deps, message, [answerTo(message, 'text', body, { bookingId: booking.id })], (tx) =>
    recordAttendance(tx, booking.id, now),
  );
}

/**
 * The confirmation's "Cancel": asks first, with the same "Cancel it" / "Keep it" buttons as the bookings
 * list (`cancel:<id>` / `keep:<id>`, answered by src/conversation/handle.ts).
 */
async function askToCancel(
  deps: ConversationDeps,
  message: StoredMessage,
  booking: Booking,
  language: string,
): Promise<void> {
  const t = chatStrings(language);
  const body = buttonsMessage(message.customerPhone, {
    body: fill(t.cancelQuestion, { when: describeWhen(deps.catalog(), booking, language) }),
    buttons: [
      { id: `cancel:${booking.id}`, title: t.cancelIt },
      { id: `keep:${booking.id}`, title: t.keepIt },
    ],
  });
  await reply(deps, message, [answerTo(message, 'buttons', body, { bookingId: booking.id })]);
}

/** "Cancel": the storage's compare-and-swap cancel (reminders removed with it), then `appointment_cancelled`. */
async function cancelFromReminder(
  deps: ConversationDeps,
  message: StoredMessage,
  booking: Booking,
  language: string,
  now: Date,
): Promise<void> {
  let cancelled = booking;
  if (booking.status === 'confirmed') {
    try {
      cancelled = await cancelBooking(
        deps.db,
        booking.id,
        { reason: 'cancelled by customer', now, expectedVersion: booking.version },
        deps.bookingHook,
      );
    } catch (error) {
      // Lost a race (cancelled or changed meanwhile): say it can no longer be changed here.
      if (error instanceof FlowbookError) return unavailable(deps, message, language);
      throw error;
    }
  }
  const rendered = bookingMessage(
    'appointment_cancelled',
    deps.templates,
    deps.catalog(),
    cancelled,
    language,
    message.profileName,
  );
  const phone = message.customerPhone;
  const request = rendered.template
    ? answerTo(message, 'template', templateMessage(phone, rendered.template), {
        textFallback: rendered.text,
        bookingId: cancelled.id,
      })
    : answerTo(message, 'text', textMessage(phone, rendered.text), { bookingId: cancelled.id });
  await reply(deps, message, [request]);
}

/**
 * "Reschedule": a Flow message whose token carries `rescheduleOf`. The outbound row names the old
 * booking too, so a completion linked only by `context.id` still knows what it moves.
 */
export async function offerReschedule(
  deps: ConversationDeps,
  message: StoredMessage,
  booking: Booking,
  language: string,
): Promise<void> {
  const phone = message.customerPhone;
  const elsewhere = bookElsewhereText(deps.catalog(), language);
  const target = flowTarget(deps, message.phoneNumberId);
  if ('flowId' in target && !(await flowSendable(deps.db, target.flowId))) {
    // Meta throttled or blocked the Flow: the booking stays as it is; say how else to change it.
    await reply(deps, message, [answerTo(message, 'text', textMessage(phone, elsewhere), { bookingId: booking.id })]);
    return;
  }
  const number = message.phoneNumberId ?? booking.phoneNumberId ?? undefined;
  const { token, session } = deps.tokens.mint(
    { customer: phone, language, rescheduleOf: booking.id, ...(number ? { number } : {}) },
    deps.clock(),
  );
  const t = replyStrings(language);
  const body = flowMessage(phone, {
    ...target,
    flowToken: token,
    cta: t.rescheduleCta,
    flowAction: 'data_exchange',
    body: fill(t.rescheduleBody, { when: describeWhen(deps.catalog(), booking, language) }),
  });
  // A tap delivered more than 24 h after it was made: the Flow goes as a template (docs/protocol.md §11.4).
  const invitation = await flowInvitation(deps, phone, language, token, body);
  await reply(deps, message, [
    answerTo(message, invitation.kind, invitation.body, {
      flowSessionId: session.id,
      bookingId: booking.id,
      textFallback: elsewhere,
    }),
  ]);
}
