import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fromSolarHijri, toSolarHijri } from '../../src/templates/datetime.ts';
import { formatDateTimeComponents, formatInstant, parseDayOfWeek } from '../../src/templates/index.ts';

const gregorianDate = fc
  .record({
    year: fc.integer({ min: 1900, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .filter(({ year, month, day }) => day <= new Date(Date.UTC(year, month, 0)).getUTCDate());

function persianParts(locale: string, date: Date): Record<string, string> {
  const f = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    calendar: 'persian',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

describe('date_time components', () => {
  it('day_of_week accepts 1–7 and English names in any case', () => {
    assert.deepEqual([1, '7', 'MONDAY', 'Saturday', 'sunday', 0, 8, 'Mon', 2.5].map(parseDayOfWeek), [
      1,
      7,
      1,
      6,
      7,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("property: Solar Hijri in Persian is the weekday, day, month and year of Intl's persian calendar", () => {
    fc.assert(
      fc.property(gregorianDate, fc.integer({ min: 1, max: 7 }), ({ year, month, day }, claimedWeekday) => {
        // Solar Hijri components name the Solar Hijri date of that Gregorian day.
        const date = new Date(Date.UTC(year, month - 1, day));
        const p = persianParts('fa', date);
        const sh = toSolarHijri(date);
        const text = formatDateTimeComponents('fa', {
          year: sh.year,
          month: sh.month,
          day_of_month: sh.day,
          day_of_week: claimedWeekday,
          calendar: 'SOLAR_HIJRI',
        });
        assert.equal(text, `${p.weekday} ${p.day} ${p.month} ${p.year}`);
      }),
      { numRuns: 500 },
    );
  });

  it("property: Solar Hijri in other languages carries Intl's persian values", () => {
    fc.assert(
      fc.property(gregorianDate, fc.constantFrom('ar', 'en_US', 'de', 'tr'), ({ year, month, day }, language) => {
        const locale = language === 'ar' ? 'ar-u-nu-arab' : language.replace('_', '-');
        const date = new Date(Date.UTC(year, month - 1, day));
        const p = persianParts(locale, date);
        const sh = toSolarHijri(date);
        const text =
          formatDateTimeComponents(language, {
            year: sh.year,
            month: sh.month,
            day_of_month: sh.day,
            day_of_week: 1,
            calendar: 'SOLAR_HIJRI',
          }) ?? '';
        for (const part of [p.weekday, p.day, p.month, p.year])
          assert.ok(text.includes(part as string), `${text} lacks ${part}`);
      }),
      { numRuns: 300 },
    );
  });

  it("property: Gregorian dates show the date's own weekday whatever day_of_week claims", () => {
    fc.assert(
      fc.property(
        gregorianDate,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (d, claimed, hour, minute) => {
          const date = new Date(Date.UTC(d.year, d.month - 1, d.day, hour, minute));
          const expected = new Intl.DateTimeFormat('en-GB', {
            timeZone: 'UTC',
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          }).format(date);
          assert.equal(
            formatDateTimeComponents('en_GB', {
              year: d.year,
              month: d.month,
              day_of_month: d.day,
              day_of_week: claimed,
              hour,
              minute,
            }),
            expected,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: impossible dates are refused (fallback)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 31 }),
        (year, month, day) => {
          const exists = day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
          assert.equal(formatDateTimeComponents('en_US', { year, month, day_of_month: day }) !== undefined, exists);
        },
      ),
    );
  });

  it('known answers: Persian and Arabic digits, 12/24-hour per locale, Thai stays Gregorian', () => {
    const c = { year: 2025, month: 1, day_of_month: 12, hour: 16, minute: 5 };
    const dey23 = { year: 1403, month: 10, day_of_month: 23, hour: 16, minute: 5, calendar: 'SOLAR_HIJRI' };
    assert.equal(formatDateTimeComponents('fa', dey23), '۲۳ دی ۱۴۰۳ ساعت ۱۶:۰۵');
    assert.equal(formatDateTimeComponents('fa', c), '۱۲ ژانویهٔ ۲۰۲۵ ساعت ۱۶:۰۵');
    assert.equal(formatDateTimeComponents('ar', c), '١٢ يناير ٢٠٢٥ في ٤:٠٥ م');
    assert.equal(formatDateTimeComponents('en_US', c), 'January 12, 2025 at 4:05 PM');
    assert.equal(formatDateTimeComponents('en_GB', c), '12 January 2025 at 16:05');
    assert.equal(formatDateTimeComponents('th', { year: 2025, month: 1, day_of_month: 12 }), '12 มกราคม 2025');
    // Components are dates of the calendar they name: Nowruz 1403 (1 Farvardin) was Wednesday 20 March 2024.
    assert.equal(
      formatDateTimeComponents('fa', {
        year: 1403,
        month: 1,
        day_of_month: 1,
        day_of_week: 3,
        calendar: 'SOLAR_HIJRI',
      }),
      'چهارشنبه ۱ فروردین ۱۴۰۳',
    );
    assert.equal(
      formatDateTimeComponents('en_US', { year: 1403, month: 1, day_of_month: 1, calendar: 'solar_hijri' }),
      'Farvardin 1, 1403',
    );
    // Esfand has 30 days in a leap year (1403) and 29 otherwise (1404); Mehr to Bahman 30, the first six 31.
    assert.equal(
      formatDateTimeComponents('fa', { year: 1403, month: 12, day_of_month: 30, calendar: 'SOLAR_HIJRI' }),
      '۳۰ اسفند ۱۴۰۳',
    );
    assert.equal(
      formatDateTimeComponents('fa', { year: 1404, month: 12, day_of_month: 30, calendar: 'SOLAR_HIJRI' }),
      undefined,
    );
    assert.equal(
      formatDateTimeComponents('fa', { year: 1404, month: 7, day_of_month: 31, calendar: 'SOLAR_HIJRI' }),
      undefined,
    );
    assert.equal(
      formatDateTimeComponents('fa', { year: 1404, month: 6, day_of_month: 31, calendar: 'SOLAR_HIJRI' }),
      '۳۱ شهریور ۱۴۰۴',
    );
  });

  it('property: Solar Hijri and Gregorian dates convert both ways, day by day from 1900 to 2100', () => {
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000) {
      const sh = toSolarHijri(new Date(t));
      assert.equal(fromSolarHijri(sh.year, sh.month, sh.day)?.getTime(), t, JSON.stringify(sh));
    }
  });

  it('Hindi names the part of the day, German ends a time with Uhr', () => {
    const c = { year: 2025, month: 1, day_of_month: 12, minute: 30 };
    assert.equal(formatDateTimeComponents('hi', { ...c, hour: 10 }), '12 जनवरी 2025 को सुबह 10:30 बजे');
    assert.equal(formatDateTimeComponents('hi', { ...c, hour: 19 }), '12 जनवरी 2025 को शाम 7:30 बजे');
    assert.equal(formatDateTimeComponents('de', { ...c, hour: 9 }), '12. Januar 2025 um 09:30 Uhr');
    assert.equal(formatDateTimeComponents('de', { year: 2025, month: 1, day_of_month: 12 }), '12. Januar 2025');
  });

  it('epoch instants follow the zone across daylight saving', () => {
    const before = new Date('2025-10-26T00:30:00Z');
    const after = new Date('2025-10-26T01:30:00Z');
    assert.equal(formatInstant('en_GB', before, 'Europe/London'), 'Sunday, 26 October 2025 at 01:30');
    assert.equal(formatInstant('en_GB', after, 'Europe/London'), 'Sunday, 26 October 2025 at 01:30');
    assert.equal(formatInstant('en_US', after, 'America/New_York'), 'Saturday, October 25, 2025 at 9:30 PM');
  });
});
