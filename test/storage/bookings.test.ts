import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import {
  cancelBooking,
  eraseCustomer,
  getBooking,
  listBookings,
  upcomingBookingsForCustomer,
} from '../../src/booking/bookings.ts';
import { confirmBooking, isFlowTokenUsed } from '../../src/booking/confirm.ts';
import { bookingHistory, moveBooking } from '../../src/booking/reschedule.ts';
import { placeHold, sweepExpiredHolds } from '../../src/booking/holds.ts';
import { takenIntervals } from '../../src/booking/taken.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { at, forEachEngine, reset, testCatalog } from './helpers.ts';

const NOW = at('2027-06-01T08:00:00Z');
const details = { name: 'Ada', email: 'ada@example.com', phone: '+44 7700 900123', notes: 'window seat' };

function hold(
  token: string,
  start: string,
  extra: { minutes?: number; now?: Date; location?: string; buffer?: number } = {},
) {
  const s = at(start);
  return {
    flowToken: token,
    customerPhone: '447700900123',
    language: 'en_US',
    locationId: extra.location ?? 'london',
    departmentId: 'cut',
    start: s,
    end: new Date(s.getTime() + (extra.minutes ?? 30) * 60_000),
    holdMinutes: 10,
    bufferMinutes: extra.buffer ?? 0,
    now: extra.now ?? NOW,
  };
}

forEachEngine('bookings', (ctx) => {
  beforeEach(async () => {
    await syncUnits(ctx.db, testCatalog(), NOW);
    await reset(ctx.db);
  });

  test('a hold takes the first unit, a second hold the next, a third finds the slot taken', async () => {
    const a = await placeHold(ctx.db, hold('t-a', '2027-06-02T09:00:00Z'));
    const b = await placeHold(ctx.db, hold('t-b', '2027-06-02T09:15:00Z'));
    assert.equal(a.unitId, 'london:cut:1');
    assert.equal(b.unitId, 'london:cut:2');
    assert.equal(a.status, 'held');
    assert.deepEqual(a.holdExpiresAt, at('2027-06-01T08:10:00Z'));
    await assert.rejects(placeHold(ctx.db, hold('t-c', '2027-06-02T09:20:00Z')), {
      code: 'FB_SLOT_TAKEN',
      status: 409,
    });
    // Half-open intervals: a booking may start exactly when the previous one ends.
    const c = await placeHold(ctx.db, hold('t-d', '2027-06-02T09:30:00Z'));
    assert.equal(c.unitId, 'london:cut:1');
  });

  test('the buffer keeps the next booking away from the end', async () => {
    await syncUnits(ctx.db, testCatalog({ capacity: 1 }), NOW);
    const a = await placeHold(ctx.db, hold('b-a', '2027-06-02T10:00:00Z', { buffer: 15 }));
    assert.deepEqual(a.blockEnd, at('2027-06-02T10:45:00Z'));
    await assert.rejects(placeHold(ctx.db, hold('b-b', '2027-06-02T10:30:00Z', { buffer: 15 })), {
      code: 'FB_SLOT_TAKEN',
    });
    await placeHold(ctx.db, hold('b-c', '2027-06-02T10:45:00Z', { buffer: 15 }));
    await syncUnits(ctx.db, testCatalog(), NOW);
  });

  test('a new hold for the same token replaces the old one (BACK, other time)', async () => {
    const first = await placeHold(ctx.db, hold('t-back', '2027-06-02T11:00:00Z'));
    const second = await placeHold(ctx.db, hold('t-back', '2027-06-02T14:00:00Z'));
    assert.equal(second.id, first.id);
    assert.deepEqual(second.start, at('2027-06-02T14:00:00Z'));
    assert.equal(second.version, first.version + 1);
    const rows = await listBookings(ctx.db, {});
    assert.equal(rows.length, 1);
    const taken = await takenIntervals(ctx.db, {
      locationId: 'london',
      departmentId: 'cut',
      from: at('2027-06-02T00:00:00Z'),
      to: at('2027-06-03T00:00:00Z'),
      now: NOW,
    });
    assert.deepEqual(taken, [
      { unit: 'london:cut:1', from: at('2027-06-02T14:00:00Z').getTime(), to: at('2027-06-02T14:30:00Z').getTime() },
    ]);
  });

  test('expired holds stop counting and are replaced by new holds', async () => {
    await syncUnits(ctx.db, testCatalog({ capacity: 1 }), NOW);
    await placeHold(ctx.db, hold('old', '2027-06-02T12:00:00Z'));
    const later = at('2027-06-01T08:10:01Z');
    const window = {
      locationId: 'london',
      departmentId: 'cut',
      from: at('2027-06-02T00:00:00Z'),
      to: at('2027-06-03T00:00:00Z'),
    };
    assert.equal((await takenIntervals(ctx.db, { ...window, now: at('2027-06-01T08:10:00Z') })).length, 1);
    assert.equal((await takenIntervals(ctx.db, { ...window, now: later })).length, 0);
    const fresh = await placeHold(ctx.db, hold('new', '2027-06-02T12:00:00Z', { now: later }));
    assert.equal(fresh.unitId, 'london:cut:1');
    const old = (await listBookings(ctx.db, { status: 'expired' }))[0];
    assert.equal(old?.flowToken, 'old');
    // The loser's confirmation reports the slot taken.
    await assert.rejects(confirmBooking(ctx.db, { flowToken: 'old', details, now: later }), { code: 'FB_SLOT_TAKEN' });
    await syncUnits(ctx.db, testCatalog(), NOW);
  });

  test('an expired hold is confirmed anyway when nobody took the time', async () => {
    await placeHold(ctx.db, hold('late', '2027-06-02T13:00:00Z'));
    const much = at('2027-06-01T09:00:00Z');
    assert.equal(await sweepExpiredHolds(ctx.db, much), 1);
    const { booking } = await confirmBooking(ctx.db, { flowToken: 'late', details, now: much });
    assert.equal(booking.status, 'confirmed');
    assert.equal(booking.holdExpiresAt, null);
  });

  test('confirmation is idempotent and marks the token used', async () => {
    await placeHold(ctx.db, hold('once', '2027-06-03T09:00:00Z'));
    assert.equal(await isFlowTokenUsed(ctx.db, 'once'), false);
    const first = await confirmBooking(ctx.db, { flowToken: 'once', details, now: NOW });
    const again = await confirmBooking(ctx.db, { flowToken: 'once', details: { ...details, name: 'Eve' }, now: NOW });
    assert.equal(first.alreadyConfirmed, false);
    assert.equal(again.alreadyConfirmed, true);
    assert.equal(again.booking.id, first.booking.id);
    assert.equal(again.booking.name, 'Ada');
    assert.equal(first.booking.phone, '+44 7700 900123');
    assert.equal(first.booking.customerPhone, '447700900123');
    assert.equal(await isFlowTokenUsed(ctx.db, 'once'), true);
    assert.equal((await listBookings(ctx.db, {})).length, 1);
    await assert.rejects(placeHold(ctx.db, hold('once', '2027-06-03T10:00:00Z')), {
      code: 'FB_FLOW_TOKEN',
      status: 427,
    });
    await assert.rejects(confirmBooking(ctx.db, { flowToken: 'never-held', details, now: NOW }), {
      code: 'FB_HOLD_MISSING',
    });
  });

  test('cancel is a compare-and-swap', async () => {
    await placeHold(ctx.db, hold('c1', '2027-06-04T09:00:00Z'));
    const { booking } = await confirmBooking(ctx.db, { flowToken: 'c1', details, now: NOW });
    await assert.rejects(cancelBooking(ctx.db, booking.id, { now: NOW, expectedVersion: booking.version - 1 }), {
      code: 'FB_BOOKING_STATE',
    });
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => cancelBooking(ctx.db, booking.id, { reason: 'ill', now: NOW })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const cancelled = await getBooking(ctx.db, booking.id);
    assert.equal(cancelled?.status, 'cancelled');
    assert.equal(cancelled?.cancelReason, 'ill');
    await assert.rejects(cancelBooking(ctx.db, '00000000-0000-4000-8000-000000000000', { now: NOW }), {
      code: 'FB_NOT_FOUND',
    });
    await assert.rejects(cancelBooking(ctx.db, 'not-a-uuid', { now: NOW }), { code: 'FB_NOT_FOUND' });
    // The time is free again.
    await placeHold(ctx.db, hold('c2', '2027-06-04T09:00:00Z'));
    await placeHold(ctx.db, hold('c3', '2027-06-04T09:00:00Z'));
  });

  test('reschedule moves the booking itself: same id, history kept, the old time freed only with the move', async () => {
    await syncUnits(ctx.db, testCatalog({ capacity: 1 }), NOW);
    await placeHold(ctx.db, hold('r-old', '2027-06-05T09:00:00Z'));
    const { booking: old } = await confirmBooking(ctx.db, { flowToken: 'r-old', details, now: NOW });
    await placeHold(ctx.db, { ...hold('r-new', '2027-06-05T11:00:00Z'), movesBooking: old.id });
    // While the customer is in the Flow, both times are taken.
    await assert.rejects(placeHold(ctx.db, hold('other', '2027-06-05T09:00:00Z')), { code: 'FB_SLOT_TAKEN' });
    await assert.rejects(placeHold(ctx.db, hold('other', '2027-06-05T11:00:00Z')), { code: 'FB_SLOT_TAKEN' });
    const { booking, previous, alreadyMoved } = await moveBooking(ctx.db, {
      bookingId: old.id,
      flowToken: 'r-new',
      now: NOW,
    });
    assert.equal(alreadyMoved, false);
    assert.equal(booking.id, old.id);
    assert.equal(booking.flowToken, 'r-old');
    assert.equal(booking.status, 'confirmed');
    assert.equal(booking.name, 'Ada');
    assert.deepEqual(booking.start, at('2027-06-05T11:00:00Z'));
    assert.equal(booking.rescheduleCount, 1);
    assert.deepEqual(previous.start, at('2027-06-05T09:00:00Z'));
    const history = await bookingHistory(ctx.db, old.id);
    assert.deepEqual(
      history.map((m) => [m.round, m.flowToken, m.previous.start.toISOString(), m.start.toISOString()]),
      [[1, 'r-new', '2027-06-05T09:00:00.000Z', '2027-06-05T11:00:00.000Z']],
    );
    assert.equal(await isFlowTokenUsed(ctx.db, 'r-new'), true);
    // The hold is gone, the booking is the only row at 11:00, and 09:00 is free again.
    assert.equal((await listBookings(ctx.db, { from: at('2027-06-05T00:00:00Z') })).length, 1);
    await placeHold(ctx.db, hold('other', '2027-06-05T09:00:00Z'));
    const again = await moveBooking(ctx.db, { bookingId: old.id, flowToken: 'r-new', now: NOW });
    assert.equal(again.alreadyMoved, true);
    assert.deepEqual(again.previous.start, at('2027-06-05T09:00:00Z'));
    // A reschedule whose new hold is gone leaves the booking untouched.
    await assert.rejects(moveBooking(ctx.db, { bookingId: old.id, flowToken: 'nothing', now: NOW }), {
      code: 'FB_HOLD_MISSING',
    });
    assert.deepEqual((await getBooking(ctx.db, old.id))?.start, at('2027-06-05T11:00:00Z'));
    await syncUnits(ctx.db, testCatalog(), NOW);
  });

  test('a reschedule may overlap its own booking on the one unit, and nothing else may', async () => {
    await syncUnits(ctx.db, testCatalog({ capacity: 1 }), NOW);
    await placeHold(ctx.db, hold('o-old', '2027-06-08T09:00:00Z', { minutes: 60 }));
    const { booking: old } = await confirmBooking(ctx.db, { flowToken: 'o-old', details, now: NOW });
    // 09:30–10:30 overlaps 09:00–10:00: refused to anyone else, allowed to the hold that moves it.
    await assert.rejects(placeHold(ctx.db, hold('o-x', '2027-06-08T09:30:00Z', { minutes: 60 })), {
      code: 'FB_SLOT_TAKEN',
    });
    const moving = await placeHold(ctx.db, {
      ...hold('o-new', '2027-06-08T09:30:00Z', { minutes: 60 }),
      movesBooking: old.id,
    });
    assert.equal(moving.unitId, old.unitId);
    // A second customer's hold cannot squeeze in beside either of them.
    await assert.rejects(placeHold(ctx.db, hold('o-y', '2027-06-08T10:00:00Z', { minutes: 30 })), {
      code: 'FB_SLOT_TAKEN',
    });
    // The database itself refuses a confirmed row that claims the moving hold's booking.
    await assert.rejects(
      ctx.db.query(`UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL WHERE flow_token = 'o-new'`),
      (error: unknown) => (error as { code?: string }).code === '23514',
    );
    const { booking } = await moveBooking(ctx.db, { bookingId: old.id, flowToken: 'o-new', now: NOW });
    assert.deepEqual(booking.start, at('2027-06-08T09:30:00Z'));
    assert.deepEqual(
      (
        await takenIntervals(ctx.db, {
          locationId: 'london',
          departmentId: 'cut',
          from: at('2027-06-08T00:00:00Z'),
          to: at('2027-06-09T00:00:00Z'),
          now: NOW,
        })
      ).map((t) => new Date(t.from).toISOString()),
      ['2027-06-08T09:30:00.000Z'],
    );
    // 09:00 is free up to the moved booking's start.
    await placeHold(ctx.db, hold('o-z', '2027-06-08T09:00:00Z', { minutes: 30 }));
    await syncUnits(ctx.db, testCatalog(), NOW);
  });

  test('upcoming bookings and erasure', async () => {
    await placeHold(ctx.db, hold('u1', '2027-06-07T09:00:00Z'));
    await confirmBooking(ctx.db, { flowToken: 'u1', details, now: NOW });
    await placeHold(ctx.db, hold('u2', '2027-05-01T09:00:00Z', { now: at('2027-04-30T00:00:00Z') }));
    await confirmBooking(ctx.db, { flowToken: 'u2', details, now: at('2027-04-30T00:00:00Z') });
    const upcoming = await upcomingBookingsForCustomer(ctx.db, '447700900123', NOW);
    assert.deepEqual(
      upcoming.map((b) => b.flowToken),
      ['u1'],
    );
    assert.equal(await eraseCustomer(ctx.db, '447700900123', NOW), 2);
    const all = await listBookings(ctx.db, {});
    assert.equal(all.length, 2);
    for (const b of all) {
      assert.equal(b.status, 'confirmed');
      assert.equal(b.customerPhone, null);
      assert.equal(b.name, null);
      assert.equal(b.email, null);
      assert.equal(b.phone, null);
      assert.equal(b.notes, null);
      assert.ok(b.erasedAt);
    }
    assert.equal((await ctx.db.query('SELECT * FROM customers')).rows.length, 0);
    assert.deepEqual(await upcomingBookingsForCustomer(ctx.db, '447700900123', NOW), []);
  });

  test('listBookings filters', async () => {
    await placeHold(ctx.db, hold('l1', '2027-06-08T09:00:00Z'));
    await placeHold(ctx.db, hold('l2', '2027-06-09T09:00:00Z', { location: 'nyc' }));
    await confirmBooking(ctx.db, { flowToken: 'l2', details, now: NOW });
    assert.deepEqual(
      (await listBookings(ctx.db, { status: 'confirmed' })).map((b) => b.flowToken),
      ['l2'],
    );
    assert.deepEqual(
      (await listBookings(ctx.db, { locationId: 'london' })).map((b) => b.flowToken),
      ['l1'],
    );
    assert.deepEqual(
      (await listBookings(ctx.db, { from: at('2027-06-09T00:00:00Z') })).map((b) => b.flowToken),
      ['l2'],
    );
    assert.deepEqual(
      (await listBookings(ctx.db, { to: at('2027-06-09T00:00:00Z') })).map((b) => b.flowToken),
      ['l1'],
    );
  });
});
