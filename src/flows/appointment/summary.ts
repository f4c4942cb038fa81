import { DateTime } from 'luxon';
import { localize } from '../../catalog/load.ts';
import { bookingModel, type Service } from '../../catalog/model.ts';
import type { Catalog } from '../../catalog/schema.ts';
import { formatLocal } from '../../templates/datetime.ts';
import type { CustomerDetails, HeldSlot } from '../ports.ts';
import type { ScreenResponse } from '../protocol.ts';
import { fill, flowStrings, type FlowStrings } from '../strings.ts';
import { formatDuration, formatPrice, timeFormat } from './format.ts';
import { choiceIdsOf, type ChoiceIds } from './screens.ts';

/**
 * The SUMMARY screen: the appointment and the details as the customer will read them. `chosen` is
 * the slot (with the staff member assigned to it), or only its option ids when no slot of real
 * availability matches them any more.
 */
export function summaryScreen(
  catalog: Catalog,
  chosen: HeldSlot | ChoiceIds,
  details: CustomerDetails,
  language: string,
  errorMessage?: string,
): ScreenResponse {
  const t = flowStrings(language);
  const isSlot = 'start' in chosen;
  return {
    screen: 'SUMMARY',
    data: {
      appointment: isSlot ? describeSlot(catalog, chosen, language, t) : describeChoice(catalog, chosen, language, t),
      details: fill(t.summaryDetails, {
        name: details.name,
        email: details.email,
        phone: details.phone,
        notes: details.notes ? `\n\n${details.notes}` : '',
      }),
      ...(isSlot ? choiceIdsOf(catalog, chosen) : chosen),
      name: details.name,
      email: details.email,
      phone: details.phone,
      more_details: details.notes,
      t_title: t.titleSummary,
      t_heading: t.summaryHeading,
      t_terms: t.terms,
      t_terms_heading: t.termsHeading,
      t_terms_body: t.termsBody,
      t_confirm: t.confirm,
      ...(errorMessage ? { error_message: errorMessage } : {}),
    },
  };
}

/**
 * "Hair colour with Chloé at Oxford Street, London\nMonday 14 December 2026 at 10:00\n90 min · £79.50".
 * A department standing as a service (a catalog without services) has neither a duration of its own
 * nor a price, so its summary keeps the first two lines.
 */
function describeSlot(catalog: Catalog, slot: HeldSlot, language: string, t: FlowStrings): string {
  const model = bookingModel(catalog);
  const location = catalog.locations.find((l) => l.id === slot.locationId);
  const service = model.service(slot.serviceId);
  const member = slot.staffId === undefined ? undefined : model.staffMember(slot.staffId);
  const zone = location?.timeZone ?? 'UTC';
  const day = DateTime.fromMillis(slot.start, { zone });
  const title = service ? localize(service.title, language) : slot.serviceId;
  const lines = fill(t.summaryAppointment, {
    department: member ? fill(t.summaryWithPerson, { service: title, person: localize(member.name, language) }) : title,
    location: location ? localize(location.title, language) : slot.locationId,
    date: longDate(language, slot.start, zone),
    time: location ? timeFormat(location, language).format(slot.start) : day.toFormat('HH:mm'),
  });
  return lines + terms(service, language);
}

/** Like {@link describeSlot}, from option ids alone: titles where the catalog still knows them. */
function describeChoice(catalog: Catalog, ids: ChoiceIds, language: string, t: FlowStrings): string {
  if (!ids.department && !ids.location && !ids.date && !ids.time) return '—';
  const location = catalog.locations.find((l) => l.id === ids.location);
  const service = bookingModel(catalog).service(ids.department);
  const zone = location?.timeZone ?? 'UTC';
  const day = DateTime.fromISO(ids.date, { zone });
  const lines = fill(t.summaryAppointment, {
    department: service ? localize(service.title, language) : ids.department,
    location: location ? localize(location.title, language) : ids.location,
    date: day.isValid ? longDate(language, day.toMillis(), zone) : ids.date,
    time: ids.time,
  });
  return lines + terms(service, language);
}

/** "Monday 14 December 2026" in the customer's language and calendar ("یکشنبه ۲۳ دی ۱۴۰۳"). */
function longDate(language: string, at: number, timeZone: string): string {
  return formatLocal(language, at, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

/** The third line: how long it takes and what it costs, for a service of the catalog's `services`. */
function terms(service: Service | undefined, language: string): string {
  if (!service || service.fromDepartment) return '';
  const parts = [formatDuration(service.durationMinutes, language)];
  if (service.price) parts.push(formatPrice(service.price, language));
  return `\n${parts.join(' · ')}`;
}
