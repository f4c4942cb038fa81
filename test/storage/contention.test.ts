import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { listBookings } from '../../src/booking/bookings.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { at, forEachEngine, reset, testCatalog } from './helpers.ts';

const NOW = at('2027-06-01T08:00:00Z');
const START = at('2027-06-10T10:00:00Z');

/** One customer: hold on Continue, confirm on SUMMARY. Resolves true when it got the booking. */
async function customer(db: Database, i: number): Promise<boolean> {
  try {
    await placeHold(db, {
      flowToken: `race-${i}`,
      customerPhone: `4470000${i}`,
      language: 'en_US',
      locationId: 'london',
      departmentId: 'cut',
      start: START,
      end: new Date(START.getTime() + 30 * 60_000),
      holdMinutes: 10,
      bufferMinutes: 0,
      now: NOW,
    });
    await confirmBooking(db, { flowToken: `race-${i}`, details: { name: 'n', email: 'e@x.io', phone: '1' }, now: NOW });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'FB_SLOT_TAKEN') return false;
    throw error;
  }
}

async function race(dbs: readonly Database[], n: number): Promise<number> {
  const wins = await Promise.all(Array.from({ length: n }, (_, i) => customer(dbs[i % dbs.length]!, i)));
  return wins.filter(Boolean).length;
}

forEachEngine('contention', (ctx) => {
  for (const capacity of [1, 3]) {
    test(`200 customers race for one slot of capacity ${capacity}: exactly ${capacity} bookings`, async () => {
      await reset(ctx.db);
      await syncUnits(ctx.db, testCatalog({ capacity }), NOW);
      assert.equal(await race([ctx.db], 200), capacity);
      const confirmed = await listBookings(ctx.db, { status: 'confirmed' });
      assert.equal(confirmed.length, capacity);
      assert.equal(new Set(confirmed.map((b) => b.unitId)).size, capacity);
    });
  }

  // PGlite lives in one process by design; two pools are two processes on a server only.
  if (ctx.engine !== 'postgres') return;
  test('two separate pools (two processes) race for capacity 3', async () => {
    await reset(ctx.db);
    await syncUnits(ctx.db, testCatalog({ capacity: 3 }), NOW);
    const second = await openDatabase({ dataDir: '', databaseUrl: ctx.url, poolSize: 20 });
    try {
      assert.equal(await race([ctx.db, second], 200), 3);
      assert.equal((await listBookings(second, { status: 'confirmed' })).length, 3);
    } finally {
      await second.close();
    }
  });
});
