import { DateTime } from 'luxon';
import { localize } from '../../catalog/load.ts';
import { bookingModel } from '../../catalog/model.ts';
import type { Catalog, Location } from '../../catalog/schema.ts';
import type { ScreenResponse } from '../protocol.ts';
import type { DateAvailability, HeldSlot, TimeAvailability } from '../ports.ts';
import { fill, flowStrings, type FlowStrings } from '../strings.ts';
import { intlLocale } from '../../templates/languages.ts';
import { localDate } from '../../time.ts';

/** A Dropdown option (docs/protocol.md §3). */
export interface Option {
  readonly id: string;
  readonly title: string;
  readonly enabled?: boolean;
}

/** What the APPOINTMENT screen shows: each list is present once the earlier choice is made. */
export interface AppointmentView {
  readonly language: string;
  readonly departments: readonly Option[];
  readonly locations?: readonly Option[];
  readonly dates?: readonly Option[];
  readonly times?: readonly Option[];
  /** The choices shown as selected (the Dropdowns' `init-value`): a rescheduled booking's, or the customer's so far. */
  readonly selected?: { readonly department?: string; readonly location?: string; readonly date?: string };
  readonly errorMessage?: string;
}

// Dropdown option titles are capped by the client; keep them short (docs/protocol.md §4).
const TITLE_MAX = 30;

/** Services (in a catalog without services, departments) someone takes at one location at least. */
export function departmentOptions(catalog: Catalog, language: string): Option[] {
  return bookingModel(catalog)
    .bookableServices()
    .map((s) => ({ id: s.id, title: clip(localize(s.title, language)) }));
}

/** Locations offering a department; `bookable` tells which still have a free date. */
export function locationOptions(
  locations: readonly Location[],
  language: string,
  bookable: ReadonlySet<string>,
): Option[] {
  return locations.map((l) => ({ id: l.id, title: clip(localize(l.title, language)), enabled: bookable.has(l.id) }));
}

/** Dates as "Mon 23 Nov" in the customer's language; full dates disabled. */
export function dateOptions(dates: readonly DateAvailability[], language: string): Option[] {
  const format = formatter(language, 'UTC', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return dates.map((d) => ({
    id: d.date,
    title: clip(format.format(new Date(`${d.date}T12:00:00Z`))),
    enabled: d.freeSlots > 0,
  }));
}

/** Times in the location's zone, in the customer's language and clock style; full slots disabled. */
export function timeOptions(times: readonly TimeAvailability[], location: Location, language: string): Option[] {
  const format = timeFormat(location, language);
  return times.map((t) => ({ id: t.time, title: clip(format.format(t.start)), enabled: t.free > 0 }));
}

/** The APPOINTMENT screen; lists not yet applicable are a single disabled hint. */
export function appointmentScreen(view: AppointmentView): ScreenResponse {
  const t = flowStrings(view.language);
  const list = (options: readonly Option[] | undefined, hint: string, empty: string) => {
    if (options === undefined) return { options: [{ id: 'none', title: hint, enabled: false }], enabled: false };
    if (options.length === 0) return { options: [{ id: 'none', title: empty, enabled: false }], enabled: false };
    return { options, enabled: true };
  };
  const locations = list(view.locations, t.chooseDepartmentFirst, t.noLocations);
  const dates = list(view.dates, t.chooseLocationFirst, t.noDates);
  const times = list(view.times, t.chooseDateFirst, t.noTimes);
  return {
    screen: 'APPOINTMENT',
    data: {
      department: view.departments,
      location: locations.options,
      is_location_enabled: locations.enabled,
      date: dates.options,
      is_date_enabled: dates.enabled,
      time: times.options,
      is_time_enabled: times.enabled,
      // "" selects nothing: no option has that id (docs/protocol.md §3, pre-filled APPOINTMENT).
      selected_department: view.selected?.department ?? '',
      selected_location: view.selected?.location ?? '',
      selected_date: view.selected?.date ?? '',
      t_intro: t.appointmentIntro,
      t_department: t.department,
      t_location: t.location,
      t_date: t.date,
      t_time: t.time,
      t_continue: t.continue,
      ...(view.errorMessage ? { error_message: view.errorMessage } : {}),
    },
  };
}

/**
 * The four choices as option ids. Meta's template carries them from APPOINTMENT through DETAILS to
 * SUMMARY in screen data (docs/protocol.md §3); flowbook's Flow keeps them in the hold instead.
 */
export interface ChoiceIds {
  readonly department: string;
  readonly location: string;
  readonly date: string;
  readonly time: string;
}

export const NO_CHOICE: ChoiceIds = Object.freeze({ department: '', location: '', date: '', time: '' });

/** The option ids that name a held slot: the local date and wall-clock time in its location's zone. */
export function choiceIdsOf(catalog: Catalog, slot: HeldSlot): ChoiceIds {
  const zone = catalog.locations.find((l) => l.id === slot.locationId)?.timeZone ?? 'UTC';
  return {
    department: slot.serviceId,
    location: slot.locationId,
    date: localDate(zone, slot.start),
    time: DateTime.fromMillis(slot.start, { zone }).toFormat('HH:mm'),
  };
}

/** The DETAILS screen; `ids` are echoed for Meta's template, whose DETAILS declares them. */
export function detailsScreen(language: string, ids: ChoiceIds, errorMessage?: string): ScreenResponse {
  const t = flowStrings(language);
  return {
    screen: 'DETAILS',
    data: {
      ...ids,
      t_intro: t.detailsIntro,
      t_name: t.name,
      t_email: t.email,
      t_phone: t.phone,
      t_more_details: t.moreDetails,
      t_more_details_helper: t.moreDetailsHelper,
      t_done: t.done,
      ...(errorMessage ? { error_message: errorMessage } : {}),
    },
  };
}

/**
 * The SUMMARY screen: the appointment and the details as the customer will read them. `chosen` is
 * the slot, or only its option ids when no slot of real availability matches them any more.
 */
export function summaryScreen(
  catalog: Catalog,
  chosen: HeldSlot | ChoiceIds,
  details: { name: string; email: string; phone: string; notes: string },
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
      t_heading: t.summaryHeading,
      t_terms: t.terms,
      t_terms_heading: t.termsHeading,
      t_terms_body: t.termsBody,
      t_confirm: t.confirm,
      ...(errorMessage ? { error_message: errorMessage } : {}),
    },
  };
}

/** The TERMS screen, for a request from it (neither Flow sends one: TERMS has no endpoint action). */
export function termsScreen(language: string, errorMessage?: string): ScreenResponse {
  const t = flowStrings(language);
  return {
    screen: 'TERMS',
    data: {
      t_heading: t.termsHeading,
      t_body: t.termsBody,
      ...(errorMessage ? { error_message: errorMessage } : {}),
    },
  };
}

/** "Clothing & Apparel at Oxford Street, London\nMonday 23 November 2026 at 10:30". */
function describeSlot(
  catalog: Catalog,
  slot: HeldSlot,
  language: string,
  t: FlowStrings = flowStrings(language),
): string {
  const location = catalog.locations.find((l) => l.id === slot.locationId);
  const service = bookingModel(catalog).service(slot.serviceId);
  const zone = location?.timeZone ?? 'UTC';
  const day = DateTime.fromMillis(slot.start, { zone }).setLocale(intlLocale(language));
  return fill(t.summaryAppointment, {
    department: service ? localize(service.title, language) : slot.serviceId,
    location: location ? localize(location.title, language) : slot.locationId,
    date: day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    time: location ? timeFormat(location, language).format(slot.start) : day.toFormat('HH:mm'),
  });
}

/** Like {@link describeSlot}, from option ids alone: titles where the catalog still knows them. */
function describeChoice(catalog: Catalog, ids: ChoiceIds, language: string, t: FlowStrings): string {
  if (!ids.department && !ids.location && !ids.date && !ids.time) return '—';
  const location = catalog.locations.find((l) => l.id === ids.location);
  const service = bookingModel(catalog).service(ids.department);
  const day = DateTime.fromISO(ids.date, { zone: location?.timeZone ?? 'UTC' }).setLocale(intlLocale(language));
  return fill(t.summaryAppointment, {
    department: service ? localize(service.title, language) : ids.department,
    location: location ? localize(location.title, language) : ids.location,
    date: day.isValid
      ? day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
      : ids.date,
    time: ids.time,
  });
}

function timeFormat(location: Location, language: string): Intl.DateTimeFormat {
  return formatter(language, location.timeZone, { hour: 'numeric', minute: '2-digit', timeZone: location.timeZone });
}

// Building an Intl.DateTimeFormat costs tens of microseconds; every APPOINTMENT answer needs two.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${zone}|${options.hour ? 't' : 'd'}`;
  let format = formatters.get(key);
  if (!format) {
    if (formatters.size > 1000) formatters.clear();
    format = new Intl.DateTimeFormat(intlLocale(language), options);
    formatters.set(key, format);
  }
  return format;
}

function clip(text: string): string {
  return text.length <= TITLE_MAX ? text : `${text.slice(0, TITLE_MAX - 1)}…`;
}
