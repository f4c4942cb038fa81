// A staff member's busy times from their own calendar (busy_times, migration 0019) block their
// availability and their holds, on both engines, without counting as bookings.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createAvailability, type Availability } from '../../src/booking/availability.ts';
import { announceBusy, replaceBusyTimes } from '../../src/booking/busy.ts';
import { serviceHold } from '../../src/booking/flow-ports.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { takenRowsOfUnits, takenRowsOfUnitsFromBookings } from '../../src/booking/taken.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { parseCatalog } from '../../src/catalog/load.ts';
import { staffUnitId } from '../../src/catalog/model.ts';
import { SlotTakenError } from '../../src/booking/errors.ts';
import { at, forEachEngine, reset } from '../storage/helpers.ts';

// Wednesday 2 June 2027, 07:00 in London.
const NOW = at('2027-06-02T06:00:00Z');
const week = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};
const catalog = parseCatalog({
  business: { name: 'Salon' },
  booking: { minNoticeMinutes: 0, windowDays: 14, holdMinutes: 10 },
  departments: [{ id: 'hair', title: 'Hair' }],
  services: [{ id: 'cut', title: 'Cut', category: 'hair', durationMinutes: 30 }],
  staff: [
    { id: 'ana', name: 'Ana', services: ['cut'], hours: { london: week }, dailyCapacity: 2 },
    { id: 'ben', name: 'Ben', services: ['cut'], hours: { london: week } },
  ],
  locations: [{ id: 'london', title: 'London', address: 'x', timeZone: 'Europe/London', hours: week }],
});
const ANA = staffUnitId('ana');
const busy = (from: string, to: string) => ({ source: '', start: at(from), end: at(to) });

forEachEngine('busy times from a staff member’s calendar', (ctx) => {
  let av: Availability;
  beforeEach(async () => {
    await reset(ctx.db);
    await ctx.db.exec('TRUNCATE busy_times');
    await syncUnits(ctx.db, catalog, NOW);
    av?.close();
    av = createAvailability(ctx.db);
  });
  const times = async (date: string, staffId?: string) =>
    (await av.availableTimes(catalog, { serviceId: 'cut', locationId: 'london', staffId }, date, NOW))
      .filter((t) => t.free > 0)
      .map((t) => t.time);

  test('a busy hour is not offered for the member, "anyone" goes to the other, and a hold there is refused', async () => {
    await ctx.db.transaction((tx) =>
      replaceBusyTimes(tx, ANA, 'all', [busy('2027-06-02T09:00:00Z', '2027-06-02T10:00:00Z')]),
    );
    announceBusy(ctx.db, ANA);
    const ana = await times('2027-06-02', 'ana');
    assert.ok(!ana.includes('10:00') && !ana.includes('10:30'), '10:00-11:00 London is busy');
    assert.ok(ana.includes('09:30') && ana.includes('11:00'));
    const slot = (staffId?: string) => ({
      serviceId: 'cut',
      locationId: 'london',
      staffId,
      start: at('2027-06-02T09:00:00Z').getTime(),
      end: 0,
    });
    const request = (staffId: string | undefined, token: string) => ({
      ...serviceHold(catalog, slot(staffId), NOW.getTime()),
      flowToken: token,
      customerPhone: '447700900001',
      language: 'en',
    });
    await assert.rejects(placeHold(ctx.db, request('ana', 'busy-1')), SlotTakenError);
    const anyone = await placeHold(ctx.db, request(undefined, 'busy-2'));
    assert.equal(anyone.staffId, 'ben');
  });

  test('a stretch of several days blocks each of them; busy times do not use up the daily capacity', async () => {
    await ctx.db.transaction((tx) =>
      replaceBusyTimes(tx, ANA, 'all', [
        busy('2027-06-07T00:00:00Z', '2027-06-10T00:00:00Z'),
        busy('2027-06-02T12:00:00Z', '2027-06-02T12:30:00Z'),
        busy('2027-06-02T13:00:00Z', '2027-06-02T13:30:00Z'),
        busy('2027-06-02T14:00:00Z', '2027-06-02T14:30:00Z'),
      ]),
    );
    announceBusy(ctx.db, ANA);
    for (const date of ['2027-06-07', '2027-06-08', '2027-06-09']) assert.deepEqual(await times(date, 'ana'), [], date);
    assert.equal((await times('2027-06-10', 'ana')).length, 16);
    // Three busy stretches on the 2nd, capacity 2: still open, three half hours fewer.
    assert.equal((await times('2027-06-02', 'ana')).length, 13);
    const dates = await av.availableDates(catalog, { serviceId: 'cut', locationId: 'london', staffId: 'ana' }, NOW);
    assert.equal(dates.find((d) => d.date === '2027-06-08')?.freeSlots, 0);
    assert.equal(dates.find((d) => d.date === '2027-06-02')?.freeSlots, 13);
  });

  test('the packed schedule and the direct read of the tables agree, and replacing one source keeps the others', async () => {
    await ctx.db.transaction((tx) =>
      replaceBusyTimes(tx, ANA, 'all', [
        { source: 'a.ics', start: at('2027-06-03T09:00:00Z'), end: at('2027-06-03T10:00:00Z') },
        { source: 'b.ics', start: at('2027-06-04T09:00:00Z'), end: at('2027-06-05T12:00:00Z') },
      ]),
    );
    await ctx.db.transaction((tx) => replaceBusyTimes(tx, ANA, ['a.ics'], []));
    const window = { units: [ANA], from: at('2027-06-01T00:00:00Z'), to: at('2027-06-10T00:00:00Z') };
    const packed = (await takenRowsOfUnits(ctx.db, window)).get(ANA)!;
    const direct = (await takenRowsOfUnitsFromBookings(ctx.db, window)).get(ANA)!;
    const blocks = (b: typeof packed) =>
      Array.from({ length: b.length }, (_, i) => [
        new Date(b.from(i)).toISOString(),
        new Date(b.to(i)).toISOString(),
        b.start(i),
      ]);
    // b.ics's 27 hours in pieces of at most a day; no appointment start.
    assert.deepEqual(blocks(packed), [
      ['2027-06-04T09:00:00.000Z', '2027-06-05T09:00:00.000Z', Number.NaN],
      ['2027-06-05T09:00:00.000Z', '2027-06-05T12:00:00.000Z', Number.NaN],
    ]);
    assert.deepEqual(blocks(direct), blocks(packed));
    // Emptying the bookings (a reset) keeps the busy times in the schedule.
    await reset(ctx.db);
    assert.equal((await takenRowsOfUnits(ctx.db, window)).get(ANA)!.length, 2);
  });
});
