import type { BookingChange, BookingHook } from '../booking/hooks.ts';
import type { Booking } from '../booking/rows.ts';
import type { Catalog } from '../catalog/schema.ts';
import { storedLanguage } from '../customers/customers.ts';
import type { Queryable } from '../db/types.ts';
import { confirmationKey, phoneNumberOfSession, queueOutbound } from '../messaging/outbox.ts';
import { bookingMessage, type BookingMessage } from '../messaging/render.ts';
import { rescheduledTemplate } from '../reminders/message.ts';
import { chooseLanguage, type TemplateRegistry } from '../templates/index.ts';
import { templateMessage, textMessage } from '../whatsapp/messages.ts';

export interface ConfirmationDeps {
  readonly catalog: () => Catalog;
  readonly templates: TemplateRegistry;
}

/** The outbox key of the message that announces a booking's n-th move (one per move, whatever the replays). */
export function rescheduledKey(booking: Booking): string {
  return `rescheduled:${booking.id}:${booking.rescheduleCount}`;
}

/**
 * The booking hook that queues the customer's confirmation in the confirming transaction itself (issue
 * #18): the Flow endpoint's SUCCESS and the message commit together, so the confirmation is the first
 * message about a booking and nothing waits for WhatsApp to deliver the completion (`nfm_reply`, which
 * then only marks read). A confirmed booking gets `appointment_confirmation`, a moved one
 * `appointment_rescheduled`; the outbox key makes a repeated confirm queue nothing.
 */
export function confirmationHook(deps: ConfirmationDeps): BookingHook {
  return async (tx, change) => {
    if (change.kind === 'cancelled' || change.booking.customerPhone === null) return;
    await queueConfirmation(tx, deps, change);
  };
}

/** The outbox key of the message that tells a customer the business cancelled their booking. */
export function cancelledKey(booking: Booking): string {
  return `cancelled:${booking.id}`;
}

/**
 * The hook a business's cancel runs in its transaction (the console, `POST /api/bookings/:id/cancel`): the
 * customer gets `appointment_cancelled` in their language. The customer's own cancels (chat, a reminder's
 * button) answer in their own conversation instead, so this is not part of every cancel's hook.
 */
export function cancellationNoticeHook(deps: ConfirmationDeps): BookingHook {
  return async (tx, change) => {
    if (change.kind !== 'cancelled' || change.booking.customerPhone === null) return;
    const { booking } = change;
    const language = await languageFor(tx, deps, booking);
    const rendered = bookingMessage(
      'appointment_cancelled',
      deps.templates,
      deps.catalog(),
      booking,
      language,
      undefined,
    );
    await queueAbout(tx, booking, rendered, cancelledKey(booking));
  };
}

async function languageFor(tx: Queryable, deps: ConfirmationDeps, booking: Booking): Promise<string> {
  const phone = booking.customerPhone!;
  return (
    booking.language ??
    (await storedLanguage(tx, phone)) ??
    chooseLanguage({
      phone,
      businessDefault: deps.catalog().business.defaultLanguage,
      available: [...deps.templates.packs.keys()],
    }).code
  );
}

/** Queues `rendered` (a template, else its text) to the booking's customer, once per `dedupKey`. */
async function queueAbout(tx: Queryable, booking: Booking, rendered: BookingMessage, dedupKey: string): Promise<void> {
  const phone = booking.customerPhone!;
  await queueOutbound(tx, {
    dedupKey,
    kind: rendered.template ? 'confirmation' : 'text',
    customerPhone: phone,
    // The number the booking was made through (its Flow's); else the number its Flow message went
    // from; none recorded (a Flow opened elsewhere, a booking from before migration 0017) → PHONE_NUMBER_ID.
    phoneNumberId: booking.phoneNumberId ?? (await phoneNumberOfSession(tx, booking.flowToken)),
    body: rendered.template ? templateMessage(phone, rendered.template) : textMessage(phone, rendered.text),
    textFallback: rendered.template ? rendered.text : undefined,
    bookingId: booking.id,
  });
}

/**
 * The confirmation of `booking`, queued unless it already was (the outbox key is per booking): the completion's
 * safety net for a booking confirmed without the hook (by a version of flowbook from before it, during an upgrade).
 */
export async function ensureConfirmation(tx: Queryable, deps: ConfirmationDeps, booking: Booking): Promise<void> {
  if (booking.customerPhone === null || booking.status !== 'confirmed') return;
  await queueConfirmation(tx, deps, { kind: 'confirmed', booking });
}

async function queueConfirmation(
  tx: Queryable,
  deps: ConfirmationDeps,
  change: Exclude<BookingChange, { kind: 'cancelled' }>,
): Promise<void> {
  const { booking } = change;
  const catalog = deps.catalog();
  const language = await languageFor(tx, deps, booking);
  const rendered =
    (change.kind === 'rescheduled' && movedMessage(deps, catalog, change, language)) ||
    bookingMessage('appointment_confirmation', deps.templates, catalog, booking, language, undefined);
  await queueAbout(
    tx,
    booking,
    rendered,
    change.kind === 'rescheduled' ? rescheduledKey(booking) : confirmationKey(booking.id),
  );
}

/** `appointment_rescheduled` (previous and new time), or undefined when it cannot be built in `language`. */
function movedMessage(
  deps: ConfirmationDeps,
  catalog: Catalog,
  moved: { readonly booking: Booking; readonly previous: Booking },
  language: string,
): BookingMessage | undefined {
  try {
    return rescheduledTemplate(deps.templates, catalog, moved, language);
  } catch {
    return undefined;
  }
}
