/**
 * A calendar's busy times, read with ical.js (Mozilla's iCalendar library, the one Thunderbird uses):
 * what in an iCalendar text keeps a staff member from working, over a window. Recurring events are
 * expanded with their exceptions and exclusions; cancelled events and those marked free
 * (`TRANSP:TRANSPARENT`) block nothing. Times with an IANA `TZID` are read in that zone from the
 * time-zone database; other named zones (Outlook writes Windows names) through the calendar's own
 * `VTIMEZONE`; floating times and whole days in `floatingZone`, the zone of the member's location.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/** The text is not a calendar this module can read: said to the operator as it is. */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

export interface BusyStretch {
  readonly start: Date;
  readonly end: Date;
}

export interface ReadOptions {
  /** The window asked about (ms): stretches are cut to it and events outside it are left out. */
  readonly from: number;
  readonly to: number;
  /** IANA zone for floating times and whole days. */
  readonly floatingZone: string;
  /** At most this many stretches (default 20,000): a calendar of more is refused, not read in part. */
  readonly maxStretches?: number;
}

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;

/** Steps a recurrence may take from its first occurrence: daily for 50 years, then no further. */
const MAX_STEPS = 20_000;
/** An exception may move an occurrence by up to this much: recurrences are followed this far past the window. */
const MOVED_SLACK_MS = 7 * 86_400_000;

const ianaZones = new Map<string, boolean>();
function isIanaZone(name: string): boolean {
  let known = ianaZones.get(name);
  if (known === undefined) {
    known = DateTime.now().setZone(name).isValid;
    ianaZones.set(name, known);
  }
  return known;
}

/** The instant (ms) of `time`, a value of a property whose `TZID` parameter is `tzid`. */
function instantOf(time: Time, tzid: string | undefined, floatingZone: string): number {
  const fields = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
  if (time.isDate) return DateTime.fromObject(fields, { zone: floatingZone }).toMillis();
  if (time.zone === ICAL.Timezone.utcTimezone) return DateTime.fromObject(fields, { zone: 'UTC' }).toMillis();
  if (tzid && isIanaZone(tzid)) return DateTime.fromObject(fields, { zone: tzid }).toMillis();
  // A zone the calendar defines itself (it is then not the floating "local" zone).
  if (tzid && time.zone && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  return DateTime.fromObject(fields, { zone: floatingZone }).toMillis();
}

function tzidOf(component: Component, property: 'dtstart' | 'dtend'): string | undefined {
  const value = component.getFirstProperty(property)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
}

/** Whether an event (or one occurrence's exception) keeps its owner busy. */
function blocks(component: Component): boolean {
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const transp = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return status !== 'CANCELLED' && transp !== 'TRANSPARENT';
}

/**
 * The busy stretches of an iCalendar text within `[from, to)`, sorted and with overlaps kept (the
 * schedule's readers handle them). Throws {@link CalendarDataError} when the text is not iCalendar.
 */
export function busyTimesOf(text: string, options: ReadOptions): BusyStretch[] {
  const calendars = parseCalendars(text);
  const out: BusyStretch[] = [];
  const max = options.maxStretches ?? 20_000;
  const add = (start: number, end: number) => {
    // A whole day without an end lasts the day; an event of no length occupies nothing.
    const from = Math.max(start, options.from);
    const to = Math.min(end, options.to);
    if (to <= from) return;
    if (out.length >= max) throw new CalendarDataError(`more than ${max} busy times in the window`);
    out.push({ start: new Date(from), end: new Date(to) });
  };
  for (const calendar of calendars) {
    const events = calendar.getAllSubcomponents('vevent');
    const exceptions = new Map<string, Component[]>();
    for (const e of events) {
      if (!e.hasProperty('recurrence-id')) continue;
      const uid = String(e.getFirstPropertyValue('uid') ?? '');
      exceptions.set(uid, [...(exceptions.get(uid) ?? []), e]);
    }
    for (const master of events) {
      if (master.hasProperty('recurrence-id') || !master.hasProperty('dtstart')) continue;
      const uid = String(master.getFirstPropertyValue('uid') ?? '');
      let event: InstanceType<typeof ICAL.Event>;
      try {
        event = new ICAL.Event(master, { exceptions: exceptions.get(uid) ?? [], strictExceptions: true });
      } catch (error) {
        throw new CalendarDataError(`event ${uid || '(no UID)'}: ${(error as Error).message}`);
      }
      if (!event.isRecurring()) {
        if (blocks(master)) add(...stretchOf(master, event.startDate, event.endDate, options.floatingZone));
        continue;
      }
      const iterator = event.iterator();
      for (let steps = 0, next = iterator.next(); next; next = iterator.next(), steps++) {
        if (steps > MAX_STEPS) break;
        const details = event.getOccurrenceDetails(next);
        const item = details.item.component;
        const [start, end] = stretchOf(item, details.startDate, details.endDate, options.floatingZone);
        const recurrence = instantOf(next, tzidOf(master, 'dtstart'), options.floatingZone);
        if (recurrence >= options.to + MOVED_SLACK_MS) break;
        if (blocks(master) && blocks(item)) add(start, end);
      }
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
}

function stretchOf(component: Component, startDate: Time, endDate: Time, floatingZone: string): [number, number] {
  const startTzid = tzidOf(component, 'dtstart');
  const start = instantOf(startDate, startTzid, floatingZone);
  let end = instantOf(endDate, tzidOf(component, 'dtend') ?? startTzid, floatingZone);
  if (end <= start && startDate.isDate)
    end = DateTime.fromMillis(start, { zone: floatingZone }).plus({ days: 1 }).toMillis();
  return [start, end];
}

/** Every VCALENDAR of the text (a file may hold several). */
function parseCalendars(text: string): Component[] {
  if (!/BEGIN:VCALENDAR/i.test(text)) throw new CalendarDataError('not iCalendar: no BEGIN:VCALENDAR');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new CalendarDataError(`not iCalendar: ${(error as Error).message}`);
  }
  // One component is [name, properties, components]; several come as a list of those.
  const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcal) => {
    const component = new ICAL.Component(jcal as never);
    if (component.name !== 'vcalendar') throw new CalendarDataError(`not iCalendar: a ${component.name} at the top`);
    return component;
  });
}
