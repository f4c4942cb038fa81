import type { Booking } from '../booking/rows.ts';
import type { Catalog } from '../catalog/schema.ts';
import {
  bookingReference,
  bookingTemplateChoice,
  CONFIRMATION_ACTIONS,
  describePlace,
  describeService,
  greetingName,
  zoneOf,
} from '../messaging/render.ts';
import {
  buildTemplateSend,
  chooseLanguage,
  previewTemplateSend,
  type TemplateRegistry,
  type TemplateSend,
} from '../templates/index.ts';
import type { Template } from '../whatsapp/message-types.ts';

/** Quick-reply actions on the reminder; payloads are `<action>:<booking id>` (the button ids are the actions). */
export const REMINDER_ACTIONS = ['confirm', 'cancel', 'reschedule'] as const;
/**
 * Every quick reply flowbook's templates carry: the reminder's, and the confirmation's (`reschedule`,
 * and `ask_cancel`, which asks before cancelling: src/messaging/render.ts `CONFIRMATION_ACTIONS`).
 */
export const QUICK_REPLY_ACTIONS = [...REMINDER_ACTIONS, ...CONFIRMATION_ACTIONS] as const;
export type ReminderAction = (typeof QUICK_REPLY_ACTIONS)[number];

/** `confirm:<uuid>` → {action, bookingId}; a bare `confirm` (Meta's default payload) has no id. */
export function parseReminderPayload(
  payload: string,
): { action: ReminderAction; bookingId: string | undefined } | undefined {
  const [action, bookingId] = payload.split(':');
  if (!(QUICK_REPLY_ACTIONS as readonly string[]).includes(action ?? '')) return undefined;
  return { action: action as ReminderAction, bookingId: bookingId || undefined };
}

export interface BuiltTemplate {
  readonly template: Template;
  /** The rendered message, for the 132xxx text fallback and the outbox log. */
  readonly text: string;
}

/**
 * The template language for a booking: its own, else the stored one, else the business default, met by an existing
 * pack.
 */
export function reminderLanguage(
  registry: TemplateRegistry,
  catalog: Catalog,
  booking: Booking,
  stored: string | null,
): string {
  return chooseLanguage({
    explicit: booking.language ?? stored ?? undefined,
    phone: booking.customerPhone ?? undefined,
    businessDefault: catalog.business.defaultLanguage,
    available: [...registry.packs.keys()],
  }).code;
}

function built(registry: TemplateRegistry, send: TemplateSend, timeZone: string): BuiltTemplate {
  // The templates module and the message builders type the same wire object separately (docs/protocol.md §7).
  return { template: send as unknown as Template, text: previewTemplateSend(registry, send, timeZone).text };
}

/**
 * `appointment_reminder` in `language` (`appointment_reminder_priced` for a booking with a price): the service
 * and who takes it, localized date_time and price (fallback_value = flowbook's rendering) and quick-reply
 * payloads that name the booking. Throws the templates module's errors.
 */
export function reminderTemplate(
  registry: TemplateRegistry,
  catalog: Catalog,
  booking: Booking,
  language: string,
): BuiltTemplate {
  const place = describePlace(catalog, booking, language);
  const timeZone = zoneOf(catalog, booking);
  const choice = bookingTemplateChoice(registry, 'appointment_reminder', booking, language);
  const send = buildTemplateSend(registry, {
    name: choice.name,
    language,
    values: {
      customer_name: greetingName(booking, language),
      service: describeService(catalog, booking, language),
      location: place.location,
      date_time: { kind: 'date_time', at: booking.start, timeZone },
      ...choice.values,
    },
    buttons: Object.fromEntries(REMINDER_ACTIONS.map((a) => [a, `${a}:${booking.id}`])),
  });
  return built(registry, send, timeZone);
}

/**
 * `appointment_rescheduled` (`_priced` for a booking with a price: the price taken when it moved): the previous
 * and the new time, the service and who takes it, the booking's reference.
 */
export function rescheduledTemplate(
  registry: TemplateRegistry,
  catalog: Catalog,
  moved: { readonly booking: Booking; readonly previous: Booking },
  language: string,
  profileName?: string,
): BuiltTemplate {
  const place = describePlace(catalog, moved.booking, language);
  const timeZone = zoneOf(catalog, moved.booking);
  const choice = bookingTemplateChoice(registry, 'appointment_rescheduled', moved.booking, language);
  const send = buildTemplateSend(registry, {
    name: choice.name,
    language,
    values: {
      ...choice.values,
      customer_name: greetingName(moved.booking, language, profileName),
      service: describeService(catalog, moved.booking, language),
      location: place.location,
      previous_date_time: { kind: 'date_time', at: moved.previous.start, timeZone: zoneOf(catalog, moved.previous) },
      date_time: { kind: 'date_time', at: moved.booking.start, timeZone },
      reference: bookingReference(moved.booking),
    },
  });
  return built(registry, send, timeZone);
}
