import { DateTime } from 'luxon';
import { localize } from '../../catalog/load.ts';
import type { BookingModel } from '../../catalog/model.ts';
import type { Catalog, Location } from '../../catalog/schema.ts';
import { localDate } from '../../time.ts';
import type { DateAvailability, HeldSlot, TimeAvailability } from '../ports.ts';
import type { ScreenResponse } from '../protocol.ts';
import { flowStrings } from '../strings.ts';
import { clip, dateTitle, timeTitle } from './format.ts';

/** A Dropdown option (docs/protocol.md §3). */
export interface Option {
  readonly id: string;
  readonly title: string;
  readonly enabled?: boolean;
}

/**
 * The id of the person Dropdown's first option, "Anyone": catalog ids start with a letter or a
 * digit (src/catalog/schema.ts), so no staff member can have it.
 */
export const ANYONE = '_anyone';

/** The person Dropdown: "Anyone" and who takes the service; shown only when there is a choice to make. */
export interface StaffList {
  readonly options: readonly Option[];
  readonly visible: boolean;
}

/** What the APPOINTMENT screen shows: each list is present once the earlier choice is made. */
export interface AppointmentView {
  readonly language: string;
  /** The local date the calendar opens on while no location (hence no window) is chosen. */
  readonly today: string;
  readonly departments: readonly Option[];
  readonly staff?: StaffList;
  readonly locations?: readonly Option[];
  readonly dates?: readonly Option[];
  readonly times?: readonly Option[];
  /** The choices shown as selected (the inputs' `init-value`): a rescheduled booking's, or the customer's so far. */
  readonly selected?: {
    readonly department?: string;
    readonly staff?: string | undefined;
    readonly location?: string;
    readonly date?: string;
  };
  readonly errorMessage?: string;
  /** Shows the link to the waitlist (a service and location are chosen, and the business has one). */
  readonly canWait?: boolean;
}

/** Services (in a catalog without services, departments) someone takes at one location at least. */
export function departmentOptions(model: BookingModel, language: string): Option[] {
  return model.bookableServices().map((s) => ({ id: s.id, title: clip(localize(s.title, language)) }));
}

/**
 * "Anyone" first, then the staff members who take the service, by name. With fewer than two of
 * them there is nobody to choose between, so the Dropdown is hidden and the booking goes to anyone.
 */
export function staffOptions(model: BookingModel, serviceId: string, language: string): StaffList {
  const staff = model.staffFor(serviceId);
  const anyone: Option = { id: ANYONE, title: flowStrings(language).anyone };
  return {
    options: [anyone, ...staff.map((m) => ({ id: m.id, title: clip(localize(m.name, language)) }))],
    visible: staff.length >= 2,
  };
}

/** The staff member the person Dropdown can show as chosen: one it lists, when it is visible. */
export function shownStaff(model: BookingModel, serviceId: string, staffId: string | undefined): string | undefined {
  const staff = model.staffFor(serviceId);
  return staff.length >= 2 && staff.some((m) => m.id === staffId) ? staffId : undefined;
}

/** Locations offering a service; `bookable` tells which still have a free date. */
export function locationOptions(
  locations: readonly Location[],
  language: string,
  bookable: ReadonlySet<string>,
): Option[] {
  return locations.map((l) => ({ id: l.id, title: clip(localize(l.title, language)), enabled: bookable.has(l.id) }));
}

/** Dates as "Mon 23 Nov" in the customer's language; full dates disabled. */
export function dateOptions(dates: readonly DateAvailability[], language: string): readonly Option[] {
  // The availability answer for a service at a location is one array for a minute (availability.ts),
  // asked for by every customer on that screen: its options are built once per language.
  let byLanguage = dateOptionsOf.get(dates);
  if (!byLanguage) {
    byLanguage = new Map();
    dateOptionsOf.set(dates, byLanguage);
  }
  let options = byLanguage.get(language);
  if (!options) {
    options = Object.freeze(
      dates.map((d) => Object.freeze({ id: d.date, title: dateTitle(language, d.date), enabled: d.freeSlots > 0 })),
    );
    byLanguage.set(language, options);
  }
  return options;
}

const dateOptionsOf = new WeakMap<readonly DateAvailability[], Map<string, readonly Option[]>>();

/** Times in the location's zone, in the customer's language and clock style; full slots disabled. */
export function timeOptions(times: readonly TimeAvailability[], location: Location, language: string): Option[] {
  return times.map((t) => ({ id: t.time, title: timeTitle(location, language, t.start), enabled: t.free > 0 }));
}

/**
 * The APPOINTMENT screen for both Flows: Meta's template lists dates in a Dropdown (`date`),
 * flowbook's Flow shows them in a CalendarPicker bounded by the window (`min_date`, `max_date`)
 * with the full days greyed (`unavailable_dates`); `fitToScreen` keeps what the served Flow declares.
 * Lists not yet applicable are a single disabled hint.
 */
export function appointmentScreen(view: AppointmentView): ScreenResponse {
  const t = flowStrings(view.language);
  const list = (options: readonly Option[] | undefined, hint: string, empty: string) => {
    if (options === undefined) return { options: [{ id: 'none', title: hint, enabled: false }], enabled: false };
    if (options.length === 0) return { options: [{ id: 'none', title: empty, enabled: false }], enabled: false };
    return { options, enabled: true };
  };
  const locations = list(view.locations, t.chooseServiceFirst, t.noLocations);
  const dates = list(view.dates, t.chooseLocationFirst, t.noDates);
  const times = list(view.times, t.chooseDateFirst, t.noTimes);
  const staff = view.staff ?? { options: [{ id: ANYONE, title: t.anyone }], visible: false };
  const window = view.dates?.length ? view.dates : undefined;
  return {
    screen: 'APPOINTMENT',
    data: {
      department: view.departments,
      staff: staff.options,
      is_staff_visible: staff.visible,
      location: locations.options,
      is_location_enabled: locations.enabled,
      date: dates.options,
      is_date_enabled: dates.enabled,
      // The CalendarPicker's window: today only, and disabled, until a location is chosen.
      min_date: window ? window[0]!.id : view.today,
      max_date: window ? window.at(-1)!.id : view.today,
      unavailable_dates: window ? window.filter((d) => d.enabled === false).map((d) => d.id) : [],
      time: times.options,
      is_time_enabled: times.enabled,
      // "" selects nothing: no option has that id (docs/protocol.md §3, pre-filled APPOINTMENT).
      selected_department: view.selected?.department ?? '',
      selected_staff: view.selected?.staff ?? ANYONE,
      selected_location: view.selected?.location ?? '',
      selected_date: view.selected?.date ?? '',
      t_title: t.titleAppointment,
      t_intro: t.appointmentIntro,
      t_service: t.service,
      t_person: t.person,
      t_location: t.location,
      t_date: t.date,
      t_time: t.time,
      t_continue: t.continue,
      is_waitlist_visible: view.canWait === true,
      t_waitlist: t.waitlistLink,
      ...(view.errorMessage ? { error_message: view.errorMessage } : {}),
    },
  };
}

/**
 * The four choices as option ids. Meta's template carries them from APPOINTMENT through DETAILS to
 * SUMMARY in screen data (docs/protocol.md §3); flowbook's Flow keeps them (and the person) in the hold.
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
      t_title: t.titleDetails,
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
