import type { JSX } from 'preact';

/** Meta's weekday names for `include-days` (docs/protocol.md §4), Monday first. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_MS = 86_400_000;

export interface CalendarProps {
  readonly name: string;
  readonly label: string;
  readonly value: string | undefined;
  /** `YYYY-MM-DD` bounds; without them the month of today is shown. */
  readonly min: string | undefined;
  readonly max: string | undefined;
  readonly unavailable: readonly string[];
  /** Weekdays that may be picked (`Mon`…`Sun`); undefined: all. */
  readonly includeDays: readonly string[] | undefined;
  readonly enabled: boolean;
  /** The customer's language: month and weekday names, and the digits of the days. */
  readonly language: string;
  readonly onPick: (date: string) => void;
}

/**
 * A CalendarPicker in single mode, roughly as the WhatsApp client draws it: the months from min-date
 * to max-date, days outside them, unavailable or on a weekday not included greyed and disabled.
 * Dates are calendar dates without a zone, so all arithmetic is on UTC midnights.
 */
export function CalendarPicker(props: CalendarProps): JSX.Element {
  const today = new Date().toISOString().slice(0, 10);
  const first = props.min ?? today;
  const last = props.max ?? first;
  const blocked = new Set(props.unavailable);
  const pickable = (date: string) =>
    props.enabled &&
    date >= first &&
    date <= last &&
    !blocked.has(date) &&
    (props.includeDays === undefined || props.includeDays.includes(WEEKDAYS[weekday(date)]!));
  const locale = localeOf(props.language);
  const dayNumber = new Intl.NumberFormat(locale, { useGrouping: false });
  return (
    <fieldset class="fl-calendar" data-testid={`input-${props.name}`} data-value={props.value ?? ''}>
      <legend>{props.label}</legend>
      {monthsBetween(first, last).map((month) => (
        <div class="fl-month">
          <div class="fl-month-name">{monthName(month, locale)}</div>
          <div class="fl-days">
            {WEEKDAYS.map((_, i) => (
              <span class="fl-weekday">{weekdayName(i, locale)}</span>
            ))}
            {Array.from({ length: weekday(`${month}-01`) }, () => (
              <span />
            ))}
            {daysOf(month).map((date) => (
              <button
                type="button"
                class={`fl-day${date === props.value ? ' on' : ''}${pickable(date) ? '' : ' off'}`}
                data-date={date}
                disabled={!pickable(date)}
                aria-pressed={date === props.value}
                onClick={() => props.onPick(date)}
              >
                {dayNumber.format(Number(date.slice(8)))}
              </button>
            ))}
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/** 0 = Monday … 6 = Sunday. */
function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** `YYYY-MM` of every month from the one of `from` to the one of `to` (at most two years). */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  while (months.length < 24) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > end) break;
    months.push(current);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${month}-01T00:00:00Z`); ; t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (date.slice(0, 7) !== month) return days;
    days.push(date);
  }
}

/**
 * The locale the picker shows a language in. Gregorian in every language, Persian too: the picker's
 * values are Gregorian dates (`YYYY-MM-DD`, docs/protocol.md §4), and the grid is laid out by them.
 * Arabic with Arabic-Indic digits, as `intlLocale` (src/templates/languages.ts) writes it; that table is
 * not imported, to keep the page's bundle small.
 */
function localeOf(language: string): string {
  const tag = language.replace('_', '-');
  return `${tag === 'ar' ? 'ar-u-nu-arab' : tag}${tag === 'ar' ? '-ca-gregory' : '-u-ca-gregory'}`;
}

function monthName(month: string, locale: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** 0 = Monday: the narrow weekday name (2 January 2023 was a Monday). */
function weekdayName(index: number, locale: string): string {
  return new Date(Date.UTC(2023, 0, 2 + index)).toLocaleDateString(locale, { weekday: 'narrow', timeZone: 'UTC' });
}
