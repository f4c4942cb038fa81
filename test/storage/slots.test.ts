import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../../src/catalog/load.ts';
import type { Catalog, Location } from '../../src/catalog/schema.ts';
import { daySlots, earliestStart, freeUnits, openingHours, windowDates } from '../../src/booking/slots.ts';
import { testCatalog } from './helpers.ts';

const allDay = {
  mon: [['00:00', '24:00']],
  tue: [['00:00', '24:00']],
  wed: [['00:00', '24:00']],
  thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']],
  sat: [['00:00', '24:00']],
  sun: [['00:00', '24:00']],
};

function zoneCatalog(timeZone: string): Catalog {
  return parseCatalog({
    business: { name: 'T' },
    departments: [{ id: 'd', title: 'D' }],
    locations: [{ id: 'l', title: 'L', address: 'a', timeZone, capacity: { d: 1 }, hours: allDay }],
  });
}
const only = (c: Catalog): Location => c.locations[0]!;
const iso = (ms: number) => new Date(ms).toISOString();

describe('slots.ts', () => {
  test('London spring forward (2027-03-28): 01:00–02:00 does not exist, 46 slots', () => {
    const c = zoneCatalog('Europe/London');
    const slots = daySlots(only(c), '2027-03-28', c.booking);
    assert.equal(slots.length, 46);
    assert.ok(!slots.some((s) => s.time === '01:00' || s.time === '01:30'));
    const s0030 = slots.find((s) => s.time === '00:30')!;
    assert.equal(iso(s0030.start), '2027-03-28T00:30:00.000Z');
    assert.equal(iso(s0030.end), '2027-03-28T01:00:00.000Z');
    assert.equal(iso(slots.find((s) => s.time === '02:00')!.start), '2027-03-28T01:00:00.000Z');
    assert.equal(iso(slots.at(-1)!.end), '2027-03-28T23:00:00.000Z');
  });

  test('London fall back (2026-10-25): the repeated hour is offered once (GMT), every slot lasts 30 minutes', () => {
    const c = zoneCatalog('Europe/London');
    const slots = daySlots(only(c), '2026-10-25', c.booking);
    assert.equal(slots.length, 48);
    // Luxon resolves the repeated wall-clock hour to its second (GMT) instance.
    assert.equal(iso(slots.find((s) => s.time === '00:30')!.end), '2026-10-25T00:00:00.000Z');
    assert.equal(iso(slots.find((s) => s.time === '01:00')!.start), '2026-10-25T01:00:00.000Z');
    assert.equal(iso(slots.find((s) => s.time === '01:30')!.start), '2026-10-25T01:30:00.000Z');
    assert.equal(iso(slots.find((s) => s.time === '02:00')!.start), '2026-10-25T02:00:00.000Z');
    for (const s of slots) assert.equal(s.end - s.start, 30 * 60_000);
    assert.equal(iso(slots.at(-1)!.end), '2026-10-26T00:00:00.000Z');
  });

  test('New York spring forward (2027-03-14): 02:00 and 02:30 are skipped', () => {
    const c = zoneCatalog('America/New_York');
    const slots = daySlots(only(c), '2027-03-14', c.booking);
    assert.equal(slots.length, 46);
    assert.deepEqual(
      slots.slice(3, 5).map((s) => s.time),
      ['01:30', '03:00'],
    );
    assert.equal(iso(slots[4]!.start), '2027-03-14T07:00:00.000Z');
  });

  test('Asia/Kolkata (UTC+05:30): local 10:00 is 04:30Z; the local date turns before UTC', () => {
    const c = testCatalog();
    const kolkata = c.locations.find((l) => l.id === 'kolkata')!;
    const slots = daySlots(kolkata, '2027-06-02', c.booking);
    assert.equal(slots.length, 16);
    assert.equal(iso(slots[0]!.start), '2027-06-02T04:30:00.000Z');
    const now = Date.parse('2027-06-01T19:00:00Z'); // 00:30 on 2 June in Kolkata, 15:00 on 1 June in New York
    assert.equal(windowDates(kolkata, now, c.booking)[0], '2027-06-02');
    assert.equal(windowDates(c.locations.find((l) => l.id === 'nyc')!, now, c.booking)[0], '2027-06-01');
    assert.equal(windowDates(kolkata, now, c.booking).length, 30);
  });

  test('closures empty the day; a special day replaces the weekly hours', () => {
    const c = testCatalog();
    const london = c.locations.find((l) => l.id === 'london')!;
    assert.deepEqual(daySlots(london, '2027-12-25', c.booking), []);
    assert.deepEqual(openingHours(london, '2027-12-26'), []);
    const eve = daySlots(london, '2027-12-24', c.booking);
    assert.deepEqual(
      eve.map((s) => s.time),
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'],
    );
    assert.equal(iso(eve[0]!.start), '2027-12-24T09:00:00.000Z'); // GMT in winter
    assert.equal(iso(daySlots(london, '2027-06-24', c.booking)[0]!.start), '2027-06-24T08:00:00.000Z'); // BST
  });

  test('slots step by slot + buffer; the minimum notice is absolute', () => {
    const c = testCatalog({ bufferMinutes: 15 });
    const london = c.locations.find((l) => l.id === 'london')!;
    assert.deepEqual(
      daySlots(london, '2027-06-02', c.booking)
        .slice(0, 3)
        .map((s) => s.time),
      ['09:00', '09:45', '10:30'],
    );
    assert.equal(earliestStart(1_000, c.booking), 1_000 + 60 * 60_000);
  });

  test('freeUnits counts distinct busy units over [start, end + buffer)', () => {
    const slots = [
      { date: 'd', time: '09:00', start: 0, end: 30 },
      { date: 'd', time: '09:45', start: 45, end: 75 },
    ];
    const minute = 60_000;
    const s = slots.map((x) => ({ ...x, start: x.start * minute, end: x.end * minute }));
    const taken = [
      { unit: 'a', from: 30 * minute, to: 40 * minute },
      { unit: 'b', from: 75 * minute, to: 90 * minute },
      { unit: 'a', from: 50 * minute, to: 60 * minute },
    ];
    assert.deepEqual(freeUnits(s, taken, 2, 0), [2, 1]);
    assert.deepEqual(freeUnits(s, taken, 2, 15), [1, 0]);
    assert.deepEqual(freeUnits(s, [], 3, 0), [3, 3]);
  });
});
