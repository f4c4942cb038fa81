import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createAvailability, providersAt, type Availability } from '../../src/booking/availability.ts';
import { limitsOf, serviceHold } from '../../src/booking/flow-ports.ts';
import { cancelBooking, listBookings } from '../../src/booking/bookings.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold, type HoldRequest } from '../../src/booking/holds.ts';
import { takenRowsOfUnits, takenRowsOfUnitsFromBookings, type TakenBlocks } from '../../src/booking/taken.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { parseCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/schema.ts';
import type { Database } from '../../src/db/types.ts';
import { at, forEachEngine, reset } from './helpers.ts';

// Wednesday 2 June 2027, 07:00 BST: the window starts today.
const NOW = at('2027-06-02T06:00:00Z');
const DAY = '2027-06-02';

const weekdays = (open: string, close: string) => ({
  mon: [[open, close]],
  tue: [[open, close]],
  wed: [[open, close]],
  thu: [[open, close]],
  fri: [[open, close]],
});

/**
 * A salon in London and one in New York: a 30-minute cut (buffer 10 after, every 15 min), a
 * 90-minute colour (5 before, 15 after), a nail service done on two anonymous chairs. Ana cuts and
 * colours in London 09:00–13:00; Ben cuts in London 12:00–17:00 and New York on Thursdays; Chloé
 * colours, at most two a day, and is off on 3 June.
 */
function salon(rules: Record<string, unknown> = {}, colour: Record<string, unknown> = {}): Catalog {
  return parseCatalog({
    business: { name: 'Salon' },
    booking: { minNoticeMinutes: 0, windowDays: 14, holdMinutes: 10, ...rules },
    departments: [
      { id: 'hair', title: 'Hair' },
      { id: 'nails', title: 'Nails' },
    ],
    services: [
      {
        id: 'cut',
        title: { en: 'Cut', es: 'Corte' },
        category: 'hair',
        durationMinutes: 30,
        bufferAfterMinutes: 10,
        stepMinutes: 15,
        price: { amount: 25, currency: 'GBP' },
      },
      {
        id: 'colour',
        title: 'Colour',
        category: 'hair',
        durationMinutes: 90,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 15,
        stepMinutes: 30,
        price: { amount: 79.5, currency: 'GBP' },
        ...colour,
      },
      { id: 'manicure', title: 'Manicure', category: 'nails', durationMinutes: 45, stepMinutes: 15 },
    ],
    staff: [
      { id: 'ana', name: 'Ana', services: ['cut', 'colour'], hours: { london: weekdays('09:00', '13:00') } },
      {
        id: 'ben',
        name: 'Ben',
        services: ['cut'],
        hours: { london: weekdays('12:00', '17:00'), nyc: { thu: [['09:00', '17:00']] } },
      },
      {
        id: 'chloe',
        name: 'Chloé',
        services: ['colour'],
        hours: { london: weekdays('09:00', '17:00') },
        timeOff: [{ from: '2027-06-03', to: '2027-06-03', reason: 'dentist' }],
        dailyCapacity: 2,
      },
    ],
    locations: [
      {
        id: 'london',
        title: 'London',
        address: 'x',
        timeZone: 'Europe/London',
        capacity: { nails: 2 },
        hours: weekdays('09:00', '17:00'),
      },
      {
        id: 'nyc',
        title: 'New York',
        address: 'y',
        timeZone: 'America/New_York',
        hours: weekdays('08:00', '18:00'),
      },
    ],
  });
}

let seq = 0;

/** Holds a start for a service as the Flow's port does (`serviceHold`), for a new customer unless told. */
function holdFor(
  catalog: Catalog,
  choice: { service: string; location: string; staff?: string },
  startIso: string,
  extra: Partial<HoldRequest> = {},
): HoldRequest {
  const slot = {
    serviceId: choice.service,
    locationId: choice.location,
    staffId: choice.staff,
    start: at(startIso).getTime(),
    end: 0,
  };
  return {
    ...serviceHold(catalog, slot, NOW.getTime()),
    flowToken: `svc-${++seq}`,
    customerPhone: `4477009${String(seq).padStart(5, '0')}`,
    language: 'en',
    ...extra,
  };
}

const DETAILS = { name: 'N', email: 'n@x.io', phone: '+44' };

async function book(db: Database, catalog: Catalog, req: HoldRequest) {
  const hold = await placeHold(db, req);
  await confirmBooking(db, {
    flowToken: req.flowToken,
    details: DETAILS,
    now: NOW,
    limits: limitsOf(catalog, hold.serviceId),
  });
  return hold;
}

forEachEngine('services and staff', (ctx) => {
  const catalog = salon();
  let av: Availability;
  beforeEach(async () => {
    await reset(ctx.db);
    await syncUnits(ctx.db, catalog, NOW);
    av?.close();
    av = createAvailability(ctx.db);
  });

  test('each staff member offers the starts of their own hours; anonymous chairs follow the location', async () => {
    const ana = await av.availableTimes(catalog, { serviceId: 'cut', locationId: 'london', staffId: 'ana' }, DAY, NOW);
    // 09:00 to 12:30 every 15 minutes: a 30-minute cut must end by 13:00.
    assert.equal(ana[0]?.time, '09:00');
    assert.equal(ana.at(-1)?.time, '12:30');
    assert.equal(ana.length, 15);
    const anyone = await av.availableTimes(catalog, { serviceId: 'cut', locationId: 'london' }, DAY, NOW);
    assert.deepEqual(anyone.find((t) => t.time === '12:15')?.staff, ['ana', 'ben']);
    assert.deepEqual(anyone.find((t) => t.time === '16:30')?.staff, ['ben']);
    assert.equal(anyone.at(-1)?.time, '16:30');
    const nails = await av.availableTimes(catalog, { serviceId: 'manicure', locationId: 'london' }, DAY, NOW);
    assert.deepEqual(nails[0], {
      time: '09:00',
      start: at('2027-06-02T08:00:00Z').getTime(),
      end: at('2027-06-02T08:45:00Z').getTime(),
      free: 2,
      staff: [],
    });
    // Ben works in New York on Thursdays only, in its own zone.
    const nyc = await av.availableDates(catalog, { serviceId: 'cut', locationId: 'nyc' }, NOW);
    assert.deepEqual(
      nyc.filter((d) => d.freeSlots > 0).map((d) => d.date),
      ['2027-06-03', '2027-06-10'],
    );
  });

  test('mixed durations and buffers: a 90-minute colour blocks the cuts its block overlaps, exactly as the constraint does', async () => {
    // Ana's colour at 10:00 London: block 09:55–11:45.
    const colour = await book(
      ctx.db,
      catalog,
      holdFor(catalog, { service: 'colour', location: 'london', staff: 'ana' }, '2027-06-02T09:00:00Z'),
    );
    assert.equal(colour.staffId, 'ana');
    assert.equal(colour.end.getTime() - colour.start.getTime(), 90 * 60_000);
    assert.equal(colour.blockStart.toISOString(), '2027-06-02T08:55:00.000Z');
    assert.equal(colour.blockEnd.toISOString(), '2027-06-02T10:45:00.000Z');
    assert.equal(colour.priceAmount1000, 79_500);
    assert.equal(colour.priceCurrency, 'GBP');
    const ana = await av.availableTimes(catalog, { serviceId: 'cut', locationId: 'london', staffId: 'ana' }, DAY, NOW);
    const free = (time: string) => ana.find((t) => t.time === time)?.free;
    // A cut at 09:15 would end 09:45 + 10 buffer = 09:55: just fits. 09:30 would not.
    assert.equal(free('09:15'), 1);
    assert.equal(free('09:30'), 0);
    assert.equal(free('11:30'), 0);
    assert.equal(free('11:45'), 1);
    // The database agrees at each edge: 09:15 books, 09:30 is refused, 11:45 books.
    await book(
      ctx.db,
      catalog,
      holdFor(catalog, { service: 'cut', location: 'london', staff: 'ana' }, '2027-06-02T08:15:00Z'),
    );
    await assert.rejects(
      placeHold(ctx.db, holdFor(catalog, { service: 'cut', location: 'london', staff: 'ana' }, '2027-06-02T08:30:00Z')),
      { code: 'FB_SLOT_TAKEN' },
    );
    await book(
      ctx.db,
      catalog,
      holdFor(catalog, { service: 'cut', location: 'london', staff: 'ana' }, '2027-06-02T10:45:00Z'),
    );
    // The buffer before is the database's rule too: a block at 09:56–09:58, inside the colour's set-up only, is refused.
    const early = await placeHold(
      ctx.db,
      holdFor(catalog, { service: 'manicure', location: 'london' }, '2027-06-02T08:00:00Z'),
    );
    await assert.rejects(
      ctx.db.query(
        'UPDATE bookings SET unit_id = $1, start_at = $2, block_start = $2, end_at = $3, block_end = $3 WHERE id = $4',
        [colour.unitId, at('2027-06-02T08:56:00Z'), at('2027-06-02T08:58:00Z'), early.id],
      ),
      { code: '23P01' },
    );
  });

  test('a staff member is one person wherever they work: a London booking blocks nothing in New York but their own time', async () => {
    const thursday = '2027-06-03';
    // Ben cuts in London Thursday 12:00 BST = 07:00 New York.
    await book(
      ctx.db,
      catalog,
      holdFor(catalog, { service: 'cut', location: 'london', staff: 'ben' }, '2027-06-03T11:00:00Z'),
    );
    const nyc = await av.availableTimes(
      catalog,
      { serviceId: 'cut', locationId: 'nyc', staffId: 'ben' },
      thursday,
      NOW,
    );
    assert.equal(nyc[0]?.time, '09:00');
    // An overlapping hold elsewhere for the same person is refused by the database itself.
    const clash = holdFor(catalog, { service: 'cut', location: 'nyc', staff: 'ben' }, '2027-06-03T13:00:00Z');
    await placeHold(ctx.db, clash);
    await assert.rejects(
      ctx.db.query(
        'UPDATE bookings SET start_at = $1, block_start = $1, end_at = $2, block_end = $2 WHERE flow_token = $3',
        [at('2027-06-03T11:10:00Z'), at('2027-06-03T11:40:00Z'), clash.flowToken],
      ),
      { code: '23P01' },
    );
  });

  test('a customer who goes back and picks someone else frees the first time at once', async () => {
    const first = holdFor(catalog, { service: 'cut', location: 'london', staff: 'ana' }, '2027-06-02T08:00:00Z');
    await placeHold(ctx.db, first);
    const ana = { serviceId: 'cut', locationId: 'london', staffId: 'ana' };
    const at9 = async () => (await av.availableTimes(catalog, ana, DAY, NOW)).find((t) => t.time === '09:00')?.free;
    assert.equal(await at9(), 0);
    // The same Flow session holds Ben at 12:00 instead: its row moves to Ben's unit.
    const again = holdFor(catalog, { service: 'cut', location: 'london', staff: 'ben' }, '2027-06-02T11:00:00Z');
    await placeHold(ctx.db, { ...again, flowToken: first.flowToken, customerPhone: first.customerPhone });
    assert.equal(await at9(), 1);
    const ben = await av.availableTimes(catalog, { ...ana, staffId: 'ben' }, DAY, NOW);
    assert.equal(ben.find((t) => t.time === '12:00')?.free, 0);
  });

  test('time off and closures: Chloé is not offered on her day off; anyone falls back to Ana', async () => {
    const chloe = await av.availableDates(
      catalog,
      { serviceId: 'colour', locationId: 'london', staffId: 'chloe' },
      NOW,
    );
    assert.equal(chloe.find((d) => d.date === '2027-06-03')?.freeSlots, 0);
    assert.ok((chloe.find((d) => d.date === '2027-06-02')?.freeSlots ?? 0) > 0);
    const anyone = await av.availableTimes(catalog, { serviceId: 'colour', locationId: 'london' }, '2027-06-03', NOW);
    assert.ok(anyone.every((t) => !t.staff.includes('chloe')));
    assert.deepEqual(anyone[0]?.staff, ['ana']);
    const hold = await placeHold(
      ctx.db,
      holdFor(catalog, { service: 'colour', location: 'london' }, '2027-06-03T08:00:00Z'),
    );
    assert.equal(hold.staffId, 'ana');
    // Chloé chosen on her day off: nobody can take that time.
    await assert.rejects(
      placeHold(
        ctx.db,
        holdFor(catalog, { service: 'colour', location: 'london', staff: 'chloe' }, '2027-06-03T09:00:00Z'),
      ),
      { code: 'FB_SLOT_TAKEN' },
    );
  });

  test('"anyone" assigns fairly: fewest bookings that day first, ties in catalog order; never fails while someone is free', async () => {
    const cut = (startIso: string, staff?: string) =>
      holdFor(catalog, { service: 'cut', location: 'london', ...(staff ? { staff } : {}) }, startIso);
    // Wednesday 12:00 BST: Ana and Ben both work and have nothing: the tie goes to Ana, first in the catalog.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-02T11:00:00Z'))).staffId, 'ana');
    // 12:15: Ana is busy (her cut and its buffer run to 12:40): Ben.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-02T11:15:00Z'))).staffId, 'ben');
    // 09:00: only Ana works then: she takes it though she has more bookings.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-02T08:00:00Z'))).staffId, 'ana');
    // 13:00: only Ben works then.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-02T12:00:00Z'))).staffId, 'ben');
    // Thursday: Ana is booked at 09:00 by name, so at 12:00, with both free, the one with fewer is Ben.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-03T08:00:00Z', 'ana'))).staffId, 'ana');
    assert.equal((await book(ctx.db, catalog, cut('2027-06-03T11:00:00Z'))).staffId, 'ben');
    // 12:30: one each, a tie again: Ana, who is free.
    assert.equal((await book(ctx.db, catalog, cut('2027-06-03T11:30:00Z'))).staffId, 'ana');
    assert.equal((await listBookings(ctx.db, { status: 'confirmed' })).length, 7);
  });

  test("a staff member's daily capacity: the third colour of Chloé's day goes to Ana, then nobody", async () => {
    const colour = (startIso: string, staff?: string) =>
      holdFor(catalog, { service: 'colour', location: 'london', ...(staff ? { staff } : {}) }, startIso);
    await book(ctx.db, catalog, colour('2027-06-02T08:00:00Z', 'chloe'));
    await book(ctx.db, catalog, colour('2027-06-02T10:00:00Z', 'chloe'));
    await assert.rejects(placeHold(ctx.db, colour('2027-06-02T13:00:00Z', 'chloe')), { code: 'FB_SLOT_TAKEN' });
    const dates = await av.availableTimes(
      catalog,
      { serviceId: 'colour', locationId: 'london', staffId: 'chloe' },
      DAY,
      NOW,
    );
    assert.ok(
      dates.every((t) => t.free === 0),
      'Chloé is full for the day',
    );
    // "Anyone" at 10:00 BST: Chloé is at capacity, Ana is free.
    assert.equal((await placeHold(ctx.db, colour('2027-06-02T09:00:00Z'))).staffId, 'ana');
    // A cancellation gives Chloé her capacity back.
    const [first] = await listBookings(ctx.db, { status: 'confirmed' });
    await cancelBooking(ctx.db, first!.id, { now: NOW });
    assert.equal((await placeHold(ctx.db, colour('2027-06-02T13:00:00Z', 'chloe'))).staffId, 'chloe');
  });

  test('the per-customer limit: in all and per service, checked at hold and again at confirmation', async () => {
    const limited = salon({ maxOpenPerCustomer: 2 }, { maxOpenPerCustomer: 1 });
    const customer = { customerPhone: '447700900999' };
    const colour1 = holdFor(limited, { service: 'colour', location: 'london' }, '2027-06-02T08:00:00Z', customer);
    await book(ctx.db, limited, colour1);
    // A second colour is refused (one per customer), with the limit named.
    await assert.rejects(
      placeHold(ctx.db, holdFor(limited, { service: 'colour', location: 'london' }, '2027-06-04T08:00:00Z', customer)),
      { code: 'FB_BOOKING_LIMIT', details: { limit: 1, serviceId: 'colour' } },
    );
    // Two Flows of the same customer hold at once; only one can confirm (2 in all).
    const cutA = holdFor(limited, { service: 'cut', location: 'london' }, '2027-06-04T11:00:00Z', customer);
    const cutB = holdFor(limited, { service: 'cut', location: 'london' }, '2027-06-07T11:00:00Z', customer);
    await placeHold(ctx.db, cutA);
    await placeHold(ctx.db, cutB);
    const confirms = await Promise.allSettled(
      [cutA, cutB].map((h) =>
        confirmBooking(ctx.db, {
          flowToken: h.flowToken,
          details: DETAILS,
          now: NOW,
          limits: limitsOf(limited, 'cut'),
        }),
      ),
    );
    assert.deepEqual(confirms.map((c) => c.status).sort(), ['fulfilled', 'rejected']);
    assert.equal(
      (confirms.find((c) => c.status === 'rejected') as PromiseRejectedResult).reason.code,
      'FB_BOOKING_LIMIT',
    );
    // Bookings in the past do not count; another customer is not limited by this one.
    const other = holdFor(limited, { service: 'colour', location: 'london' }, '2027-06-04T08:00:00Z');
    await book(ctx.db, limited, other);
  });

  test('concurrent customers on mixed durations never over-book a staff member or a chair', async () => {
    const requests: HoldRequest[] = [];
    const services = ['cut', 'colour', 'manicure'] as const;
    for (let i = 0; i < 200; i++) {
      const service = services[i % 3]!;
      // Starts spread over 09:00–12:00 BST on a 15-minute grid, so blocks of different lengths overlap.
      const minute = 15 * (i % 13);
      const start = new Date(at('2027-06-02T08:00:00Z').getTime() + minute * 60_000).toISOString();
      const staff = service === 'manicure' || i % 4 === 0 ? undefined : ['ana', 'ben', 'chloe'][i % 3];
      const choice = { service, location: 'london', ...(staff ? { staff } : {}) };
      const candidates = providersAt(
        catalog,
        { serviceId: service, locationId: 'london', staffId: staff },
        at(start).getTime(),
      );
      if (candidates.length === 0) continue;
      requests.push(holdFor(catalog, choice, start));
    }
    const results = await Promise.allSettled(requests.map((r) => placeHold(ctx.db, r)));
    for (const r of results) {
      if (r.status === 'rejected') assert.equal(r.reason.code, 'FB_SLOT_TAKEN', String(r.reason));
    }
    const won = results.filter((r) => r.status === 'fulfilled').length;
    assert.ok(won > 5, `only ${won} holds placed`);
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.unit_id = b.unit_id AND a.id < b.id
       WHERE a.status IN ('held', 'confirmed') AND b.status IN ('held', 'confirmed')
         AND tstzrange(a.block_start, a.block_end, '[)') && tstzrange(b.block_start, b.block_end, '[)')`,
    );
    assert.equal(rows[0]!.n, 0);
    // Chloé's daily capacity held under the race too.
    const chloe = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE staff_id = 'chloe' AND status IN ('held', 'confirmed')`,
    );
    assert.ok(chloe.rows[0]!.n <= 2, `Chloé has ${chloe.rows[0]!.n} bookings`);
    // Each unit's packed schedule (migration 0016), written by racing transactions, matches the table.
    const drift = await ctx.db.query<{ unit_id: string }>(
      `SELECT s.unit_id FROM unit_schedules s
       WHERE s.packed <> COALESCE((SELECT string_agg(concat_ws(',',
           (extract(epoch FROM b.block_start) * 1000)::bigint, (extract(epoch FROM b.block_end) * 1000)::bigint,
           (extract(epoch FROM b.start_at) * 1000)::bigint, (extract(epoch FROM b.hold_expires_at) * 1000)::bigint),
           ';' ORDER BY b.block_start)
         FROM bookings b WHERE b.unit_id = s.unit_id AND b.status IN ('held', 'confirmed')), '')`,
    );
    assert.deepEqual(drift.rows, []);
    const scheduled = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unit_schedules WHERE packed <> ''`,
    );
    assert.ok(scheduled.rows[0]!.n >= 3, 'the race wrote several units');
  });
  test("a unit's packed schedule reads back exactly what the bookings table holds, holds' expiry included; a damaged one is an error", async () => {
    const confirmed = holdFor(catalog, { service: 'colour', location: 'london', staff: 'ana' }, '2027-06-02T09:00:00Z');
    await placeHold(ctx.db, confirmed);
    await confirmBooking(ctx.db, {
      flowToken: confirmed.flowToken,
      details: { name: 'n', email: 'e', phone: 'p' },
      now: NOW,
    });
    const held = holdFor(catalog, { service: 'cut', location: 'london', staff: 'ana' }, '2027-06-02T11:00:00Z');
    await placeHold(ctx.db, held); // left held: it carries an expiry
    const q = { units: ['staff:ana', 'staff:ben'], from: at('2027-06-01T00:00:00Z'), to: at('2027-06-05T00:00:00Z') };
    const plain = (blocks: TakenBlocks) =>
      Array.from({ length: blocks.length }, (_, i) => [
        blocks.from(i),
        blocks.to(i),
        blocks.start(i),
        blocks.holdExpiresAt(i),
      ]);
    const packed = await takenRowsOfUnits(ctx.db, q);
    const table = await takenRowsOfUnitsFromBookings(ctx.db, q);
    assert.deepEqual(plain(packed.get('staff:ana')!), plain(table.get('staff:ana')!));
    assert.equal(packed.get('staff:ana')!.length, 2);
    assert.equal(packed.get('staff:ana')!.holdExpiresAt(0), null);
    assert.equal(packed.get('staff:ana')!.holdExpiresAt(1), NOW.getTime() + held.holdMinutes * 60_000);
    assert.equal(packed.get('staff:ben')!.length, 0);

    // Short numbers (a clock near 1970) fill more entries per character than the first guess of room.
    const many = Array.from({ length: 50 }, (_, i) => `${i * 10},${i * 10 + 5},${i * 10 + 1}${i % 2 ? ',-7' : ''}`);
    await ctx.db.query(`INSERT INTO unit_schedules (unit_id, packed, horizon) VALUES ('probe', $1, 'epoch')`, [
      many.join(';'),
    ]);
    const probe = (await takenRowsOfUnits(ctx.db, { units: ['probe'], from: new Date(6), to: new Date(10_000) })).get(
      'probe',
    )!;
    assert.equal(probe.length, 49, 'all but the first block, which ends before the window');
    assert.deepEqual(plain(probe).at(-1), [490, 495, 491, -7]);
    await ctx.db.query(`UPDATE unit_schedules SET packed = '1,2;3' WHERE unit_id = 'probe'`);
    await assert.rejects(
      takenRowsOfUnits(ctx.db, { units: ['probe'], from: new Date(0), to: new Date(10_000) }),
      /schedule of unit probe has an entry of 2 fields/,
    );
  });
});
