// What in a staff member's own calendar keeps them busy (src/calendars/parse.ts), read with ical.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { busyTimesOf, CalendarDataError } from '../../src/calendars/parse.ts';

const WINDOW = { from: Date.parse('2027-03-01T00:00:00Z'), to: Date.parse('2027-04-30T00:00:00Z') };
const read = (text: string, floatingZone = 'Europe/London') =>
  busyTimesOf(text, { ...WINDOW, floatingZone }).map((b) => [b.start.toISOString(), b.end.toISOString()]);

/** An iCalendar text of these lines, with CRLF line ends. */
function ics(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}
const event = (...lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20270101T000000Z', ...lines, 'END:VEVENT'];

test('an event in an IANA zone is read in that zone, across the change to summer time', () => {
  const text = ics(
    ...event('UID:a', 'DTSTART;TZID=Europe/Berlin:20270310T100000', 'DTEND;TZID=Europe/Berlin:20270310T110000'),
    // After 28 March Berlin is on UTC+2.
    ...event('UID:b', 'DTSTART;TZID=Europe/Berlin:20270402T100000', 'DTEND;TZID=Europe/Berlin:20270402T113000'),
  );
  assert.deepEqual(read(text), [
    ['2027-03-10T09:00:00.000Z', '2027-03-10T10:00:00.000Z'],
    ['2027-04-02T08:00:00.000Z', '2027-04-02T09:30:00.000Z'],
  ]);
});

test('a weekly event is expanded with its exclusions and a moved occurrence; a cancelled occurrence blocks nothing', () => {
  const text = ics(
    ...event(
      'UID:weekly',
      'DTSTART:20270301T090000Z',
      'DTEND:20270301T100000Z',
      'RRULE:FREQ=WEEKLY;COUNT=5',
      'EXDATE:20270308T090000Z',
    ),
    // The third occurrence moved to the afternoon; the fourth cancelled.
    ...event('UID:weekly', 'RECURRENCE-ID:20270315T090000Z', 'DTSTART:20270315T140000Z', 'DTEND:20270315T150000Z'),
    ...event(
      'UID:weekly',
      'RECURRENCE-ID:20270322T090000Z',
      'DTSTART:20270322T090000Z',
      'DTEND:20270322T100000Z',
      'STATUS:CANCELLED',
    ),
  );
  assert.deepEqual(read(text), [
    ['2027-03-01T09:00:00.000Z', '2027-03-01T10:00:00.000Z'],
    ['2027-03-15T14:00:00.000Z', '2027-03-15T15:00:00.000Z'],
    ['2027-03-29T09:00:00.000Z', '2027-03-29T10:00:00.000Z'],
  ]);
});

test('whole days and floating times are in the location’s zone; a day without an end lasts the day', () => {
  const text = ics(
    ...event('UID:holiday', 'DTSTART;VALUE=DATE:20270405', 'DTEND;VALUE=DATE:20270407'),
    ...event('UID:one-day', 'DTSTART;VALUE=DATE:20270410'),
    ...event('UID:floating', 'DTSTART:20270412T090000', 'DTEND:20270412T093000'),
  );
  assert.deepEqual(read(text, 'America/Los_Angeles'), [
    ['2027-04-05T07:00:00.000Z', '2027-04-07T07:00:00.000Z'],
    ['2027-04-10T07:00:00.000Z', '2027-04-11T07:00:00.000Z'],
    ['2027-04-12T16:00:00.000Z', '2027-04-12T16:30:00.000Z'],
  ]);
});

test('a zone the calendar defines itself (a Windows name, as Outlook writes) is read through its VTIMEZONE', () => {
  const text = ics(
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16011028T030000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010325T020000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    ...event(
      'UID:w',
      'DTSTART;TZID=W. Europe Standard Time:20270310T100000',
      'DTEND;TZID=W. Europe Standard Time:20270310T110000',
    ),
  );
  assert.deepEqual(read(text), [['2027-03-10T09:00:00.000Z', '2027-03-10T10:00:00.000Z']]);
});

test('free and cancelled events block nothing; stretches are cut to the window', () => {
  const text = ics(
    ...event('UID:free', 'DTSTART:20270302T090000Z', 'DTEND:20270302T100000Z', 'TRANSP:TRANSPARENT'),
    ...event('UID:off', 'DTSTART:20270303T090000Z', 'DTEND:20270303T100000Z', 'STATUS:CANCELLED'),
    ...event('UID:long', 'DTSTART:20270225T000000Z', 'DTEND:20270302T000000Z'),
    ...event('UID:before', 'DTSTART:20270101T090000Z', 'DTEND:20270101T100000Z'),
  );
  assert.deepEqual(read(text), [['2027-03-01T00:00:00.000Z', '2027-03-02T00:00:00.000Z']]);
});

test('text that is not iCalendar is refused with the reason', () => {
  assert.throws(() => read('<html>Sign in</html>'), CalendarDataError);
  assert.throws(() => read('BEGIN:VCALENDAR\r\nDTSTART;;;\r\n'), /not iCalendar/);
  const many = ics(...event('UID:m', 'DTSTART:20270301T000000Z', 'DTEND:20270301T000100Z', 'RRULE:FREQ=MINUTELY'));
  assert.throws(
    () => busyTimesOf(many, { ...WINDOW, floatingZone: 'UTC', maxStretches: 100 }),
    /more than 100 busy times/,
  );
});
