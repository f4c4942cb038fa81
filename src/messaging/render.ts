import type { Booking } from '../booking/rows.ts';
import { localize } from '../catalog/load.ts';
import { bookingModel } from '../catalog/model.ts';
import type { Catalog } from '../catalog/schema.ts';
import { fill } from '../flows/strings.ts';
import {
  buildTemplateSend,
  formatCurrency,
  previewTemplateSend,
  variantName,
  type TemplateRegistry,
  type TemplateSend,
  type TemplateValue,
} from '../templates/index.ts';
import { calendarOf, formatInstant } from '../templates/datetime.ts';
import type { Template } from '../whatsapp/message-types.ts';
import { chatStrings } from './strings.ts';

/** The IANA time zone of the booking's location (UTC when the catalog no longer has it). */
export function zoneOf(catalog: Catalog, booking: Booking): string {
  return catalog.locations.find((l) => l.id === booking.locationId)?.timeZone ?? 'UTC';
}

/**
 * The appointment's date and time in its location's zone, in the customer's language, as the templates'
 * own fallback writes it (src/templates/datetime.ts: Solar Hijri for Persian, "Uhr", "सुबह … बजे").
 */
export function describeWhen(catalog: Catalog, booking: Booking, language: string): string {
  return formatInstant(language, booking.start, zoneOf(catalog, booking), calendarOf(language));
}

/**
 * The name a template greets the customer by: their WhatsApp profile name or the booking's, on one line;
 * without either, the language's stand-in ("Hi there,").
 */
export function greetingName(booking: Booking, language: string, profileName?: string): string {
  return (profileName ?? booking.name ?? '').replace(/\s+/g, ' ').trim() || chatStrings(language).noName;
}

/**
 * The service (in a catalog without services, the department) and location titles in the customer's
 * language (ids when the catalog lost them).
 */
export function describePlace(
  catalog: Catalog,
  booking: Booking,
  language: string,
): { department: string; location: string } {
  const service = bookingModel(catalog).service(booking.serviceId);
  const location = catalog.locations.find((l) => l.id === booking.locationId);
  return {
    department: service ? localize(service.title, language) : booking.serviceId,
    location: location ? localize(location.title, language) : booking.locationId,
  };
}

/**
 * What was booked, as the templates' `service` parameter names it: the service's title (a department's, in a
 * catalog without services) with the person who takes it ("Hair colour with Chloé", in the customer's language),
 * or a resource in parentheses ("Massage (Room B)"). Nobody is named on an anonymous unit, nor when the catalog
 * no longer lists the staff member. One line with single spaces: a text parameter may hold no new line, no tab
 * and no run of 5 spaces (docs/protocol.md §8).
 */
export function describeService(catalog: Catalog, booking: Booking, language: string): string {
  const { department: title } = describePlace(catalog, booking, language);
  const member = booking.staffId === null ? undefined : bookingModel(catalog).staffMember(booking.staffId);
  const line = !member
    ? title
    : member.kind === 'resource'
      ? `${title} (${localize(member.name, language)})`
      : fill(chatStrings(language).serviceWith, { service: title, staff: localize(member.name, language) });
  return line.replace(/\s+/g, ' ').trim();
}

/** The price snapshot taken when booked, as a currency value (`amount_1000` exact); undefined without a price. */
export function priceOf(booking: Booking): Extract<TemplateValue, { kind: 'currency' }> | undefined {
  if (booking.priceAmount1000 === null || booking.priceCurrency === null) return undefined;
  return { kind: 'currency', code: booking.priceCurrency, amount_1000: booking.priceAmount1000 };
}

/**
 * The template to send about a booking and its price value: `<base>_priced` with `price` when the booking has a
 * price and the business has that variant in the language (src/templates/variants.ts), else the base.
 */
export function bookingTemplateChoice(
  registry: TemplateRegistry,
  base: string,
  booking: Booking,
  language: string,
): { name: string; values: { price?: TemplateValue } } {
  const price = priceOf(booking);
  const name = variantName(registry, base, language, price !== undefined);
  return { name, values: name !== base && price ? { price } : {} };
}

/** A short, human reference for a booking (its id's first 8 hex digits). */
export function bookingReference(booking: Booking): string {
  return booking.id.slice(0, 8).toUpperCase();
}

/** The address of the booking's location (empty when the catalog no longer has it). */
export function addressOf(catalog: Catalog, booking: Booking): string {
  return catalog.locations.find((l) => l.id === booking.locationId)?.address ?? '';
}

/**
 * The confirmation's quick replies (payload `<action>:<booking id>`, parsed by src/reminders/message.ts):
 * Reschedule as on the reminder; Cancel asks first (`ask_cancel`), as the bookings list does.
 */
export const CONFIRMATION_ACTIONS = ['reschedule', 'ask_cancel'] as const;

/**
 * The dynamic suffix of the confirmation's directions button, whose url ends in `destination={{1}}`
 * (a maps link): the address, URL-encoded, since WhatsApp appends the suffix as given (docs/protocol.md §7).
 */
export function directionsSuffix(address: string): string {
  return encodeURIComponent(address);
}

function confirmationExtras(catalog: Catalog, booking: Booking) {
  const address = addressOf(catalog, booking);
  return {
    values: { address: address || '-' },
    buttons: {
      ...Object.fromEntries(CONFIRMATION_ACTIONS.map((a) => [a, `${a}:${booking.id}`])),
      // Without an address (a location since removed from the catalog) the link searches for its name.
      directions: directionsSuffix(address || describePlace(catalog, booking, 'en_US').location),
    },
  };
}

export interface BookingMessage {
  /** The template send, when the template exists in that language. */
  readonly template: Template | undefined;
  /** What the customer reads: the rendered template, or our own localized text. */
  readonly text: string;
}

/**
 * A booking template (`appointment_confirmation`, `appointment_cancelled`) in the customer's language,
 * with every `fallback_value` our own localized rendering (buildTemplateSend does that), and the
 * same message as plain text for the 24-h window. Both name the service and who takes it; the confirmation
 * also names the address and, for a booking with a price, goes as `appointment_confirmation_priced` with the
 * price as a currency parameter. It carries its buttons: Reschedule, Cancel (asks first) and directions.
 */
export function bookingMessage(
  name: 'appointment_confirmation' | 'appointment_cancelled',
  registry: TemplateRegistry,
  catalog: Catalog,
  booking: Booking,
  language: string,
  customerName: string | undefined,
): BookingMessage {
  const place = describePlace(catalog, booking, language);
  const service = describeService(catalog, booking, language);
  const reference = bookingReference(booking);
  const t = chatStrings(language);
  const when = describeWhen(catalog, booking, language);
  const confirmation = name === 'appointment_confirmation' ? confirmationExtras(catalog, booking) : undefined;
  const choice = confirmation ? bookingTemplateChoice(registry, name, booking, language) : { name, values: {} };
  const price = priceOf(booking);
  const shownPrice = price && formatCurrency(language, price.code, price.amount_1000);
  const ownText = confirmation
    ? fill(t.confirmedText, {
        when,
        service: shownPrice ? fill(t.withPrice, { service, price: shownPrice }) : service,
        location: place.location,
        reference,
        address: confirmation.values.address,
      })
    : fill(t.cancelled, { when });
  try {
    const template = buildTemplateSend(registry, {
      name: choice.name,
      language,
      values: {
        customer_name: greetingName(booking, language, customerName),
        service,
        location: place.location,
        date_time: { kind: 'date_time', at: booking.start, timeZone: zoneOf(catalog, booking) },
        reference,
        ...confirmation?.values,
        ...choice.values,
      },
      ...(confirmation ? { buttons: confirmation.buttons } : {}),
    });
    const shown = previewTemplateSend(registry, template, zoneOf(catalog, booking));
    // As text (the 132xxx fallback) the buttons cannot be tapped: header, body and footer only.
    const text = [shown.header, shown.body, shown.footer].filter((part) => part !== undefined).join('\n');
    return { template: wireTemplate(template), text };
  } catch {
    return { template: undefined, text: ownText };
  }
}

/**
 * The templates module and the message builders describe the same wire object (docs/protocol.md §7) with
 * separately written types; the templates module's is the stricter one.
 */
function wireTemplate(send: TemplateSend): Template {
  return send as unknown as Template;
}

/**
 * What a customer reads instead of a Flow that Meta throttled or blocked: booking here is paused, and
 * the business's phone and booking page from the catalog (or, without either, to try again later).
 */
export function bookElsewhereText(catalog: Catalog, language: string): string {
  const t = chatStrings(language);
  const { phone, bookingUrl } = catalog.business;
  const ways = [
    ...(phone ? [fill(t.bookByPhone, { phone })] : []),
    ...(bookingUrl ? [fill(t.bookOnline, { url: bookingUrl })] : []),
  ];
  return [t.flowPaused, ...(ways.length > 0 ? ways : [t.tryLater])].join(' ');
}
