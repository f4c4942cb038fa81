import { DateTime } from 'luxon';
import { WEEKDAYS, type Catalog, type Location } from '../catalog/schema.ts';
import { localDate } from '../time.ts';

/** One bookable time on a location's local calendar. `start`/`end` are UTC instants (ms). */
export interface Slot {
  /** Local date, `YYYY-MM-DD`: the Flow's `date` option id. */
  readonly date: string;
  /** Local wall-clock start, `HH:MM`: the Flow's `time` option id. */
  readonly time: string;
  readonly start: number;
  readonly end: number;
}

/** A stretch of time one unit is taken for, buffer included: half-open `[from, to)` in ms. */
export interface TakenInterval {
  readonly unit: string;
  readonly from: number;
  readonly to: number;
}

type BookingRules = Catalog['booking'];

/**
 * The opening intervals of a local date: a special day's hours win, a closure empties the day,
 * otherwise the weekly hours apply.
 */
export function openingHours(location: Location, date: string): ReadonlyArray<readonly [string, string]> {
  const special = location.specialDays.find((d) => d.date === date);
  if (special) return special.hours;
  if (location.closures.some((c) => c.from <= date && date <= c.to)) return [];
  const weekday = DateTime.fromISO(date, { zone: location.timeZone }).weekday; // 1 = Monday
  return location.hours[WEEKDAYS[weekday - 1]!];
}

/**
 * Every slot of a local date at a location, before bookings are considered. Slots start every
 * `slotMinutes + bufferMinutes` from each opening and must end by its closing time. Wall-clock times
 * that do not exist (the spring-forward gap) are skipped; lengths are absolute durations, so a slot
 * across a DST change still lasts `slotMinutes`.
 */
export function daySlots(location: Location, date: string, rules: BookingRules): Slot[] {
  const slots: Slot[] = [];
  const step = rules.slotMinutes + rules.bufferMinutes;
  for (const [open, close] of openingHours(location, date)) {
    const closing = localInstant(location, date, close);
    for (let m = toMinutes(open); m + rules.slotMinutes <= toMinutes(close); m += step) {
      const time = fromMinutes(m);
      const local = DateTime.fromISO(`${date}T${time}`, { zone: location.timeZone });
      if (!local.isValid || local.toFormat('HH:mm') !== time) continue; // inside a DST gap
      const start = local.toMillis();
      const end = start + rules.slotMinutes * 60_000;
      if (end > closing) continue; // the day lost an hour before closing
      slots.push({ date, time, start, end });
    }
  }
  return slots;
}

/**
 * The local dates a customer may choose from: today (in the location's zone) and the following
 * `windowDays - 1` days. On the hot path of every APPOINTMENT answer, so it avoids Luxon: calendar
 * dates need no zone once "today" is known.
 */
export function windowDates(location: Location, now: number, rules: BookingRules): readonly string[] {
  const today = localDate(location.timeZone, now);
  const key = `${today}|${rules.windowDays}`;
  let dates = windows.get(key);
  if (!dates) {
    // The list changes once a day per zone; building it was a sixth of a date_selected answer's CPU.
    if (windows.size > 1000) windows.clear();
    dates = Object.freeze(Array.from({ length: rules.windowDays }, (_, i) => addDays(today, i)));
    windows.set(key, dates);
  }
  return dates;
}

const windows = new Map<string, readonly string[]>();

/** Calendar arithmetic on `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const dayStarts = new Map<string, number>();

/** The instant a local date begins in a zone (memoised: zone rules do not change while we run). */
export function startOfLocalDay(timeZone: string, date: string): number {
  const key = `${timeZone}|${date}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    if (dayStarts.size > 100_000) dayStarts.clear();
    start = DateTime.fromISO(date, { zone: timeZone }).startOf('day').toMillis();
    dayStarts.set(key, start);
  }
  return start;
}

/** Earliest start a customer may book at `now`: the minimum notice. */
export function earliestStart(now: number, rules: BookingRules): number {
  return now + rules.minNoticeMinutes * 60_000;
}

/**
 * For each slot, how many of the `capacity` units are still free given what is taken. A unit is
 * busy for a slot when its taken interval overlaps `[start, end + buffer)`; the buffer keeps
 * appointments apart exactly as the database's exclusion constraint does.
 */
export function freeUnits(
  slots: readonly Slot[],
  taken: readonly TakenInterval[],
  capacity: number,
  bufferMinutes: number,
): number[] {
  const buffer = bufferMinutes * 60_000;
  const sorted = [...taken].sort((a, b) => a.from - b.from);
  return slots.map((slot) => {
    const blockEnd = slot.end + buffer;
    const busy = new Set<string>();
    for (const t of sorted) {
      if (t.from >= blockEnd) break;
      if (t.to > slot.start) busy.add(t.unit);
    }
    return Math.max(0, capacity - busy.size);
  });
}

/** The instant of a local wall-clock time; `24:00` is midnight at the end of the date. */
function localInstant(location: Location, date: string, clock: string): number {
  const day = DateTime.fromISO(date, { zone: location.timeZone });
  if (clock === '24:00') return day.plus({ days: 1 }).toMillis();
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return day.set({ hour, minute }).toMillis();
}

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function fromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
