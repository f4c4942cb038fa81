// The console's day grid counts wall-clock minutes at the location (src/web/console/time.ts), so a
// booking sits beside its opening hours and hour labels on the days the clocks change too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateTime } from 'luxon';
import { localRange, minutesInto } from '../../src/web/console/time.ts';

const LA = 'America/Los_Angeles';
const at = (local: string) => DateTime.fromISO(local, { zone: LA }).toUTC().toISO()!;

test('a 09:00 booking is at minute 540 on ordinary days and on both clock-change days in Los Angeles', () => {
  for (const day of ['2026-12-04', '2027-03-14', '2026-11-01'])
    assert.equal(minutesInto(at(`${day}T09:00`), day, LA), 540, day);
  assert.equal(minutesInto(at('2026-11-02T00:30'), '2026-11-01', LA), 24 * 60 + 30, 'past midnight');
});

test('a location’s day is its own calendar day: 23 hours when the clocks go forward', () => {
  const { from, to } = localRange('2027-03-14', 1, LA);
  assert.equal(from, '2027-03-14T08:00:00.000Z');
  assert.equal((Date.parse(to) - Date.parse(from)) / 3_600_000, 23);
});
