import { DateTime } from 'luxon';

/**
 * Dates and times at a location, in its own time zone whatever the browser's: a day is the location's
 * calendar day (23 or 25 hours across a clock change), a time is its wall-clock time.
 */
export function todayAt(zone: string): string {
  return DateTime.now().setZone(zone).toISODate()!;
}

/** The instants `[from, to)` of `days` local days from `date` at `zone`, as ISO strings for the API. */
export function localRange(date: string, days: number, zone: string): { from: string; to: string } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { from: start.toUTC().toISO()!, to: start.plus({ days }).toUTC().toISO()! };
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

/** The Monday of the week holding `date`. */
export function weekStart(date: string): string {
  return DateTime.fromISO(date).startOf('week').toISODate()!;
}

/** The local date of an instant at `zone`. */
export function localDate(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toISODate()!;
}

/**
 * An instant's wall-clock minutes on the day `date` at `zone`, as the day's grid and its opening hours
 * count them (09:00 is 540 even on the day the clocks change); past midnight adds 1440 a day.
 */
export function minutesInto(iso: string, date: string, zone: string): number {
  const local = DateTime.fromISO(iso, { zone });
  const days = Math.round(local.startOf('day').diff(DateTime.fromISO(date, { zone }).startOf('day'), 'days').days);
  return days * 1440 + local.hour * 60 + local.minute;
}

/** The local wall-clock time `HH:MM` of an instant at `zone`. */
export function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
}

/** "Friday 4 December 2026, 19:00 PST" in the console's locale, at `zone`. */
export function longWhen(iso: string, zone: string, locale: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
}

export function dayTitle(date: string, locale: string, long = true): string {
  return DateTime.fromISO(date)
    .setLocale(locale)
    .toLocaleString(long ? DateTime.DATE_HUGE : { weekday: 'short', day: 'numeric', month: 'short' });
}

/** The zone's name with its current abbreviation or offset at `date`, e.g. "America/Los_Angeles (PST)". */
export function zoneLabel(zone: string, date: string, locale: string): string {
  const at = DateTime.fromISO(`${date}T12:00`, { zone }).setLocale(locale);
  return `${zone.replace(/_/g, ' ')} (${at.offsetNameShort ?? at.toFormat('ZZ')})`;
}

/** The weekday key the catalog's hours use (`mon` … `sun`). */
export function weekdayKey(date: string): string {
  return ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][DateTime.fromISO(date).weekday - 1]!;
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
