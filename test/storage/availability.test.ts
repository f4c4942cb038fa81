import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { createAvailability, type Availability } from '../../src/booking/availability.ts';
import { cancelBooking } from '../../src/booking/bookings.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { reportOutsideHours } from '../../src/booking/report.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { parseCatalog } from '../../src/catalog/load.ts';
import { at, forEachEngine, reset, testCatalog } from './helpers.ts';

const NOW = at('2027-06-01T08:00:00Z'); // 09:00 in London, 04:00 in New York, 13:30 in Kolkata
const catalog = testCatalog();

function holdAt(token: string, location: string, start: Date, now = NOW) {
  return {
    flowToken: token,
    customerPhone: '15550001',
    language: 'en_US',
    locationId: location,
    departmentId: 'cut',
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    holdMinutes: 10,
    bufferMinutes: 0,
    now,
  };
}

forEachEngine('availability', (ctx) => {
  let availability: Availability | undefined;
  const av = () => (availability ??= createAvailability(ctx.db));
  beforeEach(async () => {
    await syncUnits(ctx.db, catalog, NOW);
    await reset(ctx.db);
  });
  after(() => availability?.close());

  test('dates: the window starts today in the location zone; min notice trims today', async () => {
    const dates = await av().availableDates(catalog, { serviceId: 'cut', locationId: 'london' }, NOW);
    assert.equal(dates.length, 30);
    assert.deepEqual(dates[0], { date: '2027-06-01', freeSlots: 14 }); // 10:00..16:30 after 60 min notice
    assert.deepEqual(dates[1], { date: '2027-06-02', freeSlots: 16 });
    const kolkata = await av().availableDates(
      catalog,
      { serviceId: 'cut', locationId: 'kolkata' },
      at('2027-06-01T19:00:00Z'),
    );
    assert.equal(kolkata[0]?.date, '2027-06-02');
  });

  test('times reflect holds and bookings; a full slot shows free 0', async () => {
    const tenLondon = at('2027-06-02T09:00:00Z'); // 10:00 BST
    await placeHold(ctx.db, holdAt('a1', 'london', tenLondon));
    let times = await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-02', NOW);
    assert.equal(times.length, 16);
    assert.deepEqual(
      times.find((t) => t.time === '10:00'),
      { time: '10:00', start: tenLondon.getTime(), end: tenLondon.getTime() + 1_800_000, free: 1, staff: [] },
    );
    await placeHold(ctx.db, holdAt('a2', 'london', tenLondon));
    times = await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-02', NOW);
    assert.equal(times.find((t) => t.time === '10:00')?.free, 0);
    assert.equal(
      (await av().availableDates(catalog, { serviceId: 'cut', locationId: 'london' }, NOW))[1]?.freeSlots,
      15,
    );
    // Holds expire by the clock alone, cache or not.
    const later = at('2027-06-01T08:10:01Z');
    assert.equal(
      (await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-02', later)).find(
        (t) => t.time === '10:00',
      )?.free,
      2,
    );
    // Cancelling a confirmed booking frees its unit at once (this process invalidates its cache).
    const { booking } = await confirmBooking(ctx.db, {
      flowToken: 'a1',
      details: { name: 'n', email: 'e@x.io', phone: '1' },
      now: NOW,
    });
    assert.equal(
      (await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-02', NOW)).find(
        (t) => t.time === '10:00',
      )?.free,
      0,
    );
    await cancelBooking(ctx.db, booking.id, { now: NOW });
    assert.equal(
      (await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-02', NOW)).find(
        (t) => t.time === '10:00',
      )?.free,
      1,
    );
  });

  test('times: outside the window, past dates and unknown pairs', async () => {
    assert.deepEqual(
      await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-05-31', NOW),
      [],
    );
    assert.deepEqual(
      await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-07-01', NOW),
      [],
    );
    assert.equal(
      (await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, '2027-06-30', NOW)).length,
      16,
    );
    await assert.rejects(av().availableDates(catalog, { serviceId: 'nails', locationId: 'london' }, NOW), {
      code: 'FB_UNKNOWN_UNIT',
      status: 404,
    });
    await assert.rejects(av().availableDates(catalog, { serviceId: 'cut', locationId: 'paris' }, NOW), {
      code: 'FB_UNKNOWN_UNIT',
    });
  });

  test('New York spring-forward day has 46 half-hour slots; a booking at 03:00 EDT takes 07:00Z', async () => {
    const now = at('2027-03-10T12:00:00Z');
    const times = await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'nyc' }, '2027-03-14', now);
    assert.equal(times.length, 46);
    await placeHold(ctx.db, holdAt('ny', 'nyc', at('2027-03-14T07:00:00Z'), now));
    const after = await av().availableTimes(catalog, { serviceId: 'cut', locationId: 'nyc' }, '2027-03-14', now);
    assert.deepEqual(
      after.filter((t) => t.free === 0).map((t) => t.time),
      ['03:00'],
    );
  });

  test('capacity sync adds, deactivates (never deletes) and reactivates units', async () => {
    const wider = testCatalog({ capacity: 3 });
    const grown = await syncUnits(ctx.db, wider, NOW);
    assert.deepEqual(grown, { added: ['london:cut:3'], reactivated: [], deactivated: [] });
    const booked = await placeHold(ctx.db, holdAt('third', 'london', at('2027-06-03T09:00:00Z')));
    await placeHold(ctx.db, holdAt('first', 'london', at('2027-06-03T09:00:00Z')));
    await placeHold(ctx.db, holdAt('second', 'london', at('2027-06-03T09:00:00Z')));
    assert.equal(booked.unitId, 'london:cut:1');
    const narrow = testCatalog({ capacity: 1 });
    const shrunk = await syncUnits(ctx.db, narrow, NOW);
    assert.deepEqual(shrunk.deactivated.sort(), ['london:cut:2', 'london:cut:3']);
    const units = await ctx.db.query<{ id: string; active: boolean }>(
      "SELECT id, active FROM units WHERE location_id = 'london' AND department_id = 'cut' ORDER BY id",
    );
    assert.deepEqual(units.rows, [
      { id: 'london:cut:1', active: true },
      { id: 'london:cut:2', active: false },
      { id: 'london:cut:3', active: false },
    ]);
    const report = await reportOutsideHours(ctx.db, narrow, NOW);
    assert.deepEqual(report.map((r) => [r.booking.flowToken, r.reason]).sort(), [
      ['first', 'inactive-unit'],
      ['second', 'inactive-unit'],
    ]);
    // New holds only use active units.
    await assert.rejects(
      placeHold(ctx.db, holdAt('fourth', 'london', at('2027-06-03T12:00:00Z'))).then(() =>
        placeHold(ctx.db, holdAt('fifth', 'london', at('2027-06-03T12:00:00Z'))),
      ),
      { code: 'FB_SLOT_TAKEN' },
    );
    assert.deepEqual(await syncUnits(ctx.db, catalog, NOW), {
      added: [],
      reactivated: ['london:cut:2'],
      deactivated: [],
    });
  });

  test('reportOutsideHours lists bookings the new hours no longer cover', async () => {
    await placeHold(ctx.db, holdAt('early', 'london', at('2027-06-02T08:00:00Z'))); // 09:00 BST
    await placeHold(ctx.db, holdAt('late', 'london', at('2027-06-02T15:00:00Z'))); // 16:00 BST
    await placeHold(ctx.db, holdAt('kol', 'kolkata', at('2027-06-02T04:30:00Z')));
    const raw = JSON.parse(JSON.stringify(catalog)) as {
      locations: Array<{ id: string; hours: Record<string, unknown>; timeZone: string }>;
    };
    raw.locations[0]!.hours = { ...raw.locations[0]!.hours, wed: [['10:00', '16:00']] };
    raw.locations = raw.locations.filter((l) => l.id !== 'kolkata');
    const report = await reportOutsideHours(ctx.db, parseCatalog(raw), NOW);
    assert.deepEqual(
      report.map((r) => [r.booking.flowToken, r.reason]),
      [
        ['kol', 'unknown-location'],
        ['early', 'outside-hours'],
        ['late', 'outside-hours'],
      ],
    );
    assert.deepEqual(await reportOutsideHours(ctx.db, catalog, NOW), []);
  });
});
