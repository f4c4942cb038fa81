import { DateTime } from 'luxon';
import { openingHours, type Interval } from '../catalog/model.ts';
import type { Catalog, Location } from '../catalog/schema.ts';
import { localDate } from '../time.ts';

export { openingHours };

/** One bookable time on a location's local calendar. `start`/`end` are UTC instants (ms). */
export interface Slot {
  /** Local date, `YYYY-MM-DD`: the Flow's `date` option id. */
  readonly date: string;
  /** Local wall-clock start, `HH:MM`: the Flow's `time` option id. */
  readonly time: string;
  readonly start: number;
  readonly end: number;
}

/** A stretch of time one unit is taken for, buffers included: half-open `[from, to)` in ms. */
export interface TakenInterval {
  readonly unit: string;
  readonly from: number;
  readonly to: number;
}

type BookingRules = Catalog['booking'];

/**
 * Every slot of a local date at a location, before bookings are considered, for a catalog without
 * services: slots of `slotMinutes` every `slotMinutes + bufferMinutes` from each opening.
 */
export function daySlots(location: Location, date: string, rules: BookingRules): readonly Slot[] {
  const open = openingHours(location, date).map(([from, to]) => [toMinutes(from), toMinutes(to)] as const);
  return slotsIn(location.timeZone, date, open, rules.slotMinutes, rules.slotMinutes + rules.bufferMinutes);
}

const grids = new Map<string, Slot[]>();

/**
 * The start times of a local date inside `open` (minutes of the day): every `step` minutes from each
 * interval's start, for an appointment of `duration` minutes that must end by the interval's end.
 * Wall-clock times that do not exist (the spring-forward gap) are skipped; lengths are absolute
 * durations, so an appointment across a DST change still lasts `duration`. Memoised: the same hours
 * recur every week for every staff member.
 */
export function slotsIn(
  timeZone: string,
  date: string,
  open: readonly Interval[],
  duration: number,
  step: number,
): readonly Slot[] {
  // The same frozen hours object comes back for a provider's date (catalog/model.ts): a lookup by
  // identity and a number spares building the key, which was a tenth of a dates answer.
  const shape = duration * 65_536 + step;
  const near = byHours.get(open)?.get(shape);
  if (near && near.timeZone === timeZone && near.date === date) return near.slots;
  const key = `${timeZone}|${date}|${open.join(',')}|${duration}|${step}`;
  let slots = grids.get(key);
  if (slots) {
    remember(open, shape, timeZone, date, slots);
    return slots;
  }
  slots = [];
  const dayStart = startOfLocalDay(timeZone, date);
  // A day without a DST change is 24 hours long: wall-clock minutes are offsets from its start.
  const plain = startOfLocalDay(timeZone, addDays(date, 1)) - dayStart === 86_400_000;
  for (const [from, to] of open) {
    const closing = plain ? dayStart + to * 60_000 : localInstant(timeZone, date, to);
    for (let m = from; m + duration <= to; m += step) {
      const time = fromMinutes(m);
      let start: number;
      if (plain) start = dayStart + m * 60_000;
      else {
        const local = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
        if (!local.isValid || local.toFormat('HH:mm') !== time) continue; // inside a DST gap
        start = local.toMillis();
      }
      const end = start + duration * 60_000;
      if (end > closing) continue; // the day lost an hour before closing
      slots.push({ date, time, start, end });
    }
  }
  if (grids.size > 50_000) grids.clear();
  Object.freeze(slots);
  grids.set(key, slots);
  remember(open, shape, timeZone, date, slots);
  return slots;
}

interface Grid {
  readonly timeZone: string;
  readonly date: string;
  readonly slots: readonly Slot[];
}

/** Grids by hours object, then by duration and step (`duration * 65,536 + step`). */
const byHours = new WeakMap<readonly Interval[], Map<number, Grid>>();

function remember(open: readonly Interval[], shape: number, timeZone: string, date: string, slots: readonly Slot[]) {
  if (!Object.isFrozen(open)) return; // only hours objects that never change are keys
  let map = byHours.get(open);
  if (!map) {
    map = new Map();
    byHours.set(open, map);
  }
  map.set(shape, { timeZone, date, slots });
}

/**
 * The local dates a customer may choose from: today (in the location's zone) and the following
 * `windowDays - 1` days. On the hot path of every APPOINTMENT answer, so it avoids Luxon: calendar
 * dates need no zone once "today" is known.
 */
export function windowDates(
  location: Location,
  now: number,
  rules: { readonly windowDays: number },
): readonly string[] {
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
export function earliestStart(now: number, rules: { readonly minNoticeMinutes: number }): number {
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

/** The instant of a local wall-clock time given as minutes of the day; 1440 is midnight at its end. */
function localInstant(timeZone: string, date: string, minute: number): number {
  if (minute === 1440) return startOfLocalDay(timeZone, addDays(date, 1));
  const day = DateTime.fromISO(date, { zone: timeZone });
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function fromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
