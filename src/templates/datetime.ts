import { intlLocale } from './languages.ts';

/** The date/time components of a Cloud API `date_time` parameter (docs/protocol.md §8). */
export interface DateTimeComponents {
  day_of_week?: string | number;
  year?: number;
  month?: number;
  day_of_month?: number;
  hour?: number;
  minute?: number;
  calendar?: string;
}

export type TemplateCalendar = 'GREGORIAN' | 'SOLAR_HIJRI';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** `day_of_week` as 1 (Monday) … 7 (Sunday); Meta accepts the numbers and the English names. */
export function parseDayOfWeek(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? value : undefined;
  if (/^[1-7]$/.test(value.trim())) return Number(value.trim());
  const index = WEEKDAYS.indexOf(value.trim().toUpperCase());
  return index >= 0 ? index + 1 : undefined;
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}

/** ISO weekday (1 = Monday) of a date. */
export function isoWeekday(date: Date): number {
  return ((date.getUTCDay() + 6) % 7) + 1;
}

/**
 * Renders components as the customer's language shows them, or undefined where WhatsApp would
 * show `fallback_value`: an impossible date (Feb 30, Esfand 30 of a common year), out-of-range or
 * non-integer fields, an unknown calendar, a day without a month, a minute without an hour, or
 * nothing at all. Only the given fields are shown. The components are a wall-clock value, the same in
 * every zone, in the calendar they name: SOLAR_HIJRI fields are a Solar Hijri date (it needs a full date).
 * When the date is complete its own weekday is shown, whatever `day_of_week` claims (docs/protocol.md §8).
 */
export function formatDateTimeComponents(language: string, c: DateTimeComponents): string | undefined {
  const calendar =
    c.calendar === undefined ? 'GREGORIAN' : typeof c.calendar === 'string' ? c.calendar.toUpperCase() : '';
  if (calendar !== 'GREGORIAN' && calendar !== 'SOLAR_HIJRI') return undefined;
  const { year, month, day_of_month: day, hour, minute } = c;
  if (year !== undefined && !isInt(year, 1, 9999)) return undefined;
  if (month !== undefined && !isInt(month, 1, 12)) return undefined;
  if (
    day !== undefined &&
    (!isInt(day, 1, 31) || month === undefined || (calendar === 'GREGORIAN' && day > daysInMonth(year ?? 2000, month)))
  )
    return undefined;
  if (hour !== undefined && !isInt(hour, 0, 23)) return undefined;
  if (minute !== undefined && (!isInt(minute, 0, 59) || hour === undefined)) return undefined;
  const weekday = c.day_of_week === undefined ? undefined : parseDayOfWeek(c.day_of_week);
  if (c.day_of_week !== undefined && weekday === undefined) return undefined;
  const hasDate = year !== undefined || month !== undefined;
  if (!hasDate && weekday === undefined && hour === undefined) return undefined;
  if (calendar === 'SOLAR_HIJRI' && hasDate && (year === undefined || day === undefined)) return undefined;

  let date: Date;
  if (calendar === 'SOLAR_HIJRI' && year !== undefined) {
    // Solar Hijri components name a Solar Hijri date (1406-03-22 is 12 June 2027).
    const gregorian = fromSolarHijri(year, month!, day!);
    if (gregorian === undefined) return undefined;
    date = new Date(gregorian.getTime() + ((hour ?? 0) * 60 + (minute ?? 0)) * 60_000);
  } else if (year !== undefined) date = utc(year, month ?? 1, day ?? 1, hour, minute);
  else if (month !== undefined) date = utc(yearFor(month, day ?? 1, weekday), month, day ?? 1, hour, minute);
  else date = utc(2000, 1, 2 + (weekday ?? 1), hour, minute); // 2000-01-03 is a Monday
  const showWeekday = weekday !== undefined && (day !== undefined || !hasDate);
  const options: Intl.DateTimeFormatOptions = {
    timeZone: 'UTC',
    ...(showWeekday ? { weekday: 'long' } : {}),
    ...(year !== undefined ? { year: 'numeric' } : {}),
    ...(month !== undefined ? { month: 'long' } : {}),
    ...(day !== undefined ? { day: 'numeric' } : {}),
    ...(hour !== undefined ? { hour: hourStyle(language), minute: '2-digit' } : {}),
  };
  return formatInCalendar(language, date, options, calendar);
}

const solarHijriParts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** The Solar Hijri year, month and day of a UTC date (Intl's `persian` calendar). */
export function toSolarHijri(date: Date): { year: number; month: number; day: number } {
  const parts = new Map(solarHijriParts.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number.parseInt(parts.get('year')!, 10),
    month: Number(parts.get('month')),
    day: Number(parts.get('day')),
  };
}

/** The year, month and day of a UTC date in `calendar`: the `date_time` components of that day. */
export function dayIn(calendar: TemplateCalendar, date: Date): { year: number; month: number; day: number } {
  if (calendar === 'SOLAR_HIJRI') return toSolarHijri(date);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The UTC midnight of a Solar Hijri date, or undefined when there is no such date (Esfand 30 of a
 * common year). The year starts at the March equinox, 19 to 22 March: the estimate from 21 March
 * is off by at most a few days, and Intl's own calendar picks the day.
 */
export function fromSolarHijri(year: number, month: number, day: number): Date | undefined {
  if (!isInt(year, 1, 9000) || !isInt(month, 1, 12) || !isInt(day, 1, month <= 6 ? 31 : 30)) return undefined;
  const offset = (month <= 6 ? (month - 1) * 31 : 186 + (month - 7) * 30) + day - 1;
  const estimate = utc(year + 621, 3, 21).getTime() + offset * 86_400_000;
  for (const shift of [0, -1, 1, -2, 2, -3, 3]) {
    const date = new Date(estimate + shift * 86_400_000);
    const found = toSolarHijri(date);
    if (found.year === year && found.month === month && found.day === day) return date;
  }
  return undefined;
}

/** A leap year in which month/day falls on `weekday` (any leap year when no weekday is given). */
function yearFor(month: number, day: number, weekday: number | undefined): number {
  for (let year = 2000; year < 2028; year += 1) {
    if (day > daysInMonth(year, month)) continue;
    if (weekday === undefined || isoWeekday(utc(year, month, day)) === weekday) return year;
  }
  return 2000;
}

/**
 * Renders an instant (the deprecated `unix_epoch` form, or a booking's start) in the customer's
 * zone: weekday, date and time.
 */
export function formatInstant(
  language: string,
  at: Date,
  timeZone: string,
  calendar: TemplateCalendar = 'GREGORIAN',
): string {
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: hourStyle(language),
    minute: '2-digit',
  };
  return formatInCalendar(language, at, options, calendar);
}

const hourStyles = new Map<string, 'numeric' | '2-digit'>();

/**
 * Whether the language pads hours ("09:05" in en_GB, de, fr) or not ("9:05 AM" in en_US): read
 * from the locale's own short time style, since `hour: 'numeric'` alone gives en_GB "0:30".
 */
function hourStyle(language: string): 'numeric' | '2-digit' {
  let style = hourStyles.get(language);
  if (!style) {
    const parts = new Intl.DateTimeFormat(intlLocale(language), {
      timeStyle: 'short',
      timeZone: 'UTC',
      calendar: 'gregory',
    }).formatToParts(new Date(Date.UTC(2000, 0, 1, 9, 5)));
    style = (parts.find((p) => p.type === 'hour')?.value.length ?? 1) === 2 ? '2-digit' : 'numeric';
    hourStyles.set(language, style);
  }
  return style;
}

const DATE_PARTS = new Set(['weekday', 'day', 'month', 'year']);

/**
 * What a time of day takes in a language beyond hour and minute: Hindi says the part of the day
 * ("सुबह 10:30", never "10:30 am बजे").
 */
export function clockWords(language: string): Intl.DateTimeFormatOptions {
  return language.split('_')[0] === 'hi' ? { dayPeriod: 'short' } : {};
}

/** Persian readers get Solar Hijri dates; every other language the Gregorian calendar. */
export function calendarOf(language: string): TemplateCalendar {
  return language.split('_')[0] === 'fa' ? 'SOLAR_HIJRI' : 'GREGORIAN';
}

/**
 * A date or time as flowbook writes it anywhere a customer reads one (the chat, the Flow, a template's
 * fallback): the language's own calendar and layout, Hindi's part of the day, German's "Uhr".
 * `options` carry the zone.
 */
export function formatLocal(language: string, at: Date | number, options: Intl.DateTimeFormatOptions): string {
  return formatInCalendar(language, typeof at === 'number' ? new Date(at) : at, options, calendarOf(language));
}

/**
 * Gregorian dates use `Intl` directly (the calendar is forced: Thai defaults to Buddhist, Persian
 * to Solar Hijri). Solar Hijri dates take their values from `Intl`'s `persian` calendar but keep
 * the language's Gregorian layout: ICU's Persian-calendar patterns read "۱۴۰۳ دی ۲۳, یکشنبه"
 * (a Latin comma, year first) and add an era, where Iranians write "یکشنبه ۲۳ دی ۱۴۰۳".
 */
function formatInCalendar(
  language: string,
  date: Date,
  options: Intl.DateTimeFormatOptions,
  calendar: TemplateCalendar,
): string {
  const locale = intlLocale(language);
  // German ends a time with "Uhr".
  if (options.hour !== undefined) options = { ...options, ...clockWords(language) };
  const suffix = options.hour !== undefined && language.split('_')[0] === 'de' ? ' Uhr' : '';
  const gregorian = new Intl.DateTimeFormat(locale, { ...options, calendar: 'gregory' });
  if (calendar === 'GREGORIAN') return gregorian.format(date) + suffix;
  const persian = new Intl.DateTimeFormat(locale, { ...options, calendar: 'persian' });
  const layout = gregorian.formatToParts(date);
  const values = new Map(persian.formatToParts(date).map((p) => [p.type, p.value]));
  const kind = (v: string | undefined) =>
    v === undefined ? 'none' : /^\p{Nd}+$/u.test(v) ? 'digits' : /\p{Nd}/u.test(v) ? 'mixed' : 'name';
  const gMonth = kind(layout.find((p) => p.type === 'month')?.value);
  if (gMonth === 'mixed' || gMonth !== kind(values.get('month'))) return persian.format(date) + suffix;
  return layout.map((p) => (DATE_PARTS.has(p.type) ? (values.get(p.type) ?? p.value) : p.value)).join('') + suffix;
}
