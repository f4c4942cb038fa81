import type { Location, Price } from '../../catalog/schema.ts';
import { formatMoney } from '../../templates/currency.ts';
import { clockWords, formatLocal } from '../../templates/datetime.ts';
import { intlLocale } from '../../templates/languages.ts';

// Dropdown option titles are capped by the client; keep them short (docs/protocol.md §4).
const TITLE_MAX = 30;

/** An option title cut to {@link TITLE_MAX} characters, with an ellipsis when cut. */
export function clip(text: string): string {
  return text.length <= TITLE_MAX ? text : `${text.slice(0, TITLE_MAX - 1)}…`;
}

/** Wall-clock times in the location's zone, in the customer's language and clock style. */
export function timeFormat(location: Location, language: string): Intl.DateTimeFormat {
  return cached(`t|${language}|${location.timeZone}`, () => {
    // Hindi names the part of the day ("सुबह 10:30"), as the templates do.
    const options = {
      hour: 'numeric',
      minute: '2-digit',
      timeZone: location.timeZone,
      ...clockWords(language),
    } as const;
    return new Intl.DateTimeFormat(intlLocale(language), options);
  });
}

/** Calendar dates as "Mon 23 Nov" in the customer's language and calendar (zone-free: read in UTC). */
export function shortDate(language: string, date: string): string {
  return formatLocal(language, new Date(`${date}T12:00:00Z`), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/**
 * A date option's title ("Wed 2 Jun"), clipped. Remembered per language and date: every
 * APPOINTMENT answer titles the whole window, and formatting a date costs microseconds each.
 */
export function dateTitle(language: string, date: string): string {
  return remembered(`${language}|${date}`, () => clip(shortDate(language, date)));
}

/** A time option's title ("2:30 pm") in the location's zone, clipped; remembered like {@link dateTitle}. */
export function timeTitle(location: Location, language: string, start: number): string {
  return remembered(`${language}|${location.timeZone}|${start}`, () =>
    clip(timeFormat(location, language).format(start)),
  );
}

const titles = new Map<string, string>();

function remembered(key: string, make: () => string): string {
  let title = titles.get(key);
  if (title === undefined) {
    if (titles.size > 20_000) titles.clear();
    title = make();
    titles.set(key, title);
  }
  return title;
}

/** "£79.50" in English, "79,50 £" in French: the amount in its currency, written the customer's way. */
export function formatPrice(price: Price, language: string): string {
  return formatMoney(language, price.currency, price.amount);
}

/** "90 min" in the customer's language (Intl's short unit names). */
export function formatDuration(minutes: number, language: string): string {
  return cached(
    `m|${language}`,
    () => new Intl.NumberFormat(intlLocale(language), { style: 'unit', unit: 'minute', unitDisplay: 'short' }),
  ).format(minutes);
}

/** A number in the customer's digits (Arabic-Indic for Arabic, as the templates write them). */
export function formatNumber(value: number, language: string): string {
  return cached(`n|${language}`, () => new Intl.NumberFormat(intlLocale(language))).format(value);
}

// Building an Intl formatter costs tens of microseconds; every APPOINTMENT answer needs several.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, build: () => F): F {
  let format = formatters.get(key) as F | undefined;
  if (!format) {
    if (formatters.size > 1000) formatters.clear();
    format = build();
    formatters.set(key, format);
  }
  return format;
}
