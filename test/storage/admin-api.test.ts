import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { adminRoutes, type AdminDeps } from '../../src/booking/admin-routes.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { buildServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { at, forEachEngine, reset, testCatalog } from './helpers.ts';

const NOW = at('2027-06-01T08:00:00Z');
const catalog = testCatalog();
const TOKEN = 'admin-secret-token';
const auth = { authorization: `Bearer ${TOKEN}` };

forEachEngine('admin API', (ctx) => {
  const logLines: string[] = [];
  let app: Awaited<ReturnType<typeof build>>;
  let bookingId = '';

  async function build(deps: Partial<AdminDeps>) {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    // The real server: its one error mapper answers for /api like for every route.
    const instance = await buildServer({
      log: createLogger('info', sink),
      routes: [
        (api) =>
          adminRoutes(api, {
            db: ctx.db,
            catalog: () => catalog,
            mode: 'live',
            clock: () => NOW,
            adminToken: TOKEN,
            ...deps,
          }),
      ],
      isReady: () => true,
    });
    await instance.ready();
    return instance;
  }

  before(async () => {
    await syncUnits(ctx.db, catalog, NOW);
    await reset(ctx.db);
    const start = at('2027-06-02T09:00:00Z');
    await placeHold(ctx.db, {
      flowToken: 'api-1',
      customerPhone: '447700900999',
      language: 'en',
      locationId: 'london',
      departmentId: 'cut',
      start,
      end: new Date(start.getTime() + 1_800_000),
      holdMinutes: 10,
      bufferMinutes: 0,
      now: NOW,
    });
    bookingId = (
      await confirmBooking(ctx.db, {
        flowToken: 'api-1',
        details: { name: 'Bo', email: 'b@x.io', phone: '07700' },
        now: NOW,
      })
    ).booking.id;
    app = await build({});
  });
  after(async () => app.close());

  test('401 without or with a wrong bearer token', async () => {
    assert.equal((await app.inject({ url: '/api/bookings' })).statusCode, 401);
    const wrong = await app.inject({ url: '/api/bookings', headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'FB_UNAUTHORIZED');
  });

  test('live mode without a token: the API is not served; sandbox without a token: open', async () => {
    const live = await build({ adminToken: undefined });
    assert.equal((await live.inject({ url: '/api/bookings' })).statusCode, 404);
    await live.close();
    const sandbox = await build({ adminToken: undefined, mode: 'sandbox' });
    assert.equal((await sandbox.inject({ url: '/api/bookings' })).statusCode, 200);
    await sandbox.close();
  });

  test('list, filter and fetch bookings', async () => {
    const all = await app.inject({
      url: '/api/bookings?from=2027-06-01&to=2027-06-03&location=london&status=confirmed',
      headers: auth,
    });
    assert.equal(all.statusCode, 200);
    assert.deepEqual(
      all.json().bookings.map((b: { id: string }) => b.id),
      [bookingId],
    );
    assert.equal(all.json().bookings[0].start, '2027-06-02T09:00:00.000Z');
    const none = await app.inject({ url: '/api/bookings?status=cancelled', headers: auth });
    assert.deepEqual(none.json().bookings, []);
    const one = await app.inject({ url: `/api/bookings/${bookingId}`, headers: auth });
    assert.equal(one.json().booking.name, 'Bo');
    assert.equal(
      (await app.inject({ url: '/api/bookings/00000000-0000-4000-8000-000000000000', headers: auth })).statusCode,
      404,
    );
  });

  test('clear 400s for bad queries and ids', async () => {
    for (const url of [
      '/api/bookings?from=yesterday',
      '/api/bookings?status=lost',
      '/api/bookings?color=red',
      '/api/bookings/42',
      '/api/availability?location=london',
      '/api/availability?location=london&department=cut&date=2027-6-2',
    ]) {
      const res = await app.inject({ url, headers: auth });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().error.code, 'FB_BAD_REQUEST', url);
      assert.match(res.json().error.message, /^Invalid/, url);
    }
    assert.equal(
      (await app.inject({ url: '/api/availability?location=paris&department=cut', headers: auth })).statusCode,
      404,
    );
  });

  test('availability by date and by day', async () => {
    const dates = await app.inject({ url: '/api/availability?location=london&department=cut', headers: auth });
    assert.equal(dates.json().dates.length, 30);
    const times = await app.inject({
      url: '/api/availability?location=london&department=cut&date=2027-06-02',
      headers: auth,
    });
    assert.equal(times.json().times.find((t: { time: string }) => t.time === '10:00').free, 1);
  });

  test('cancel: 200 once, then 409; bad body 400', async () => {
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: `/api/bookings/${bookingId}/cancel`,
          headers: auth,
          payload: { reason: 1 },
        })
      ).statusCode,
      400,
    );
    const first = await app.inject({
      method: 'POST',
      url: `/api/bookings/${bookingId}/cancel`,
      headers: auth,
      payload: { reason: 'closed' },
    });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().booking.status, 'cancelled');
    const second = await app.inject({ method: 'POST', url: `/api/bookings/${bookingId}/cancel`, headers: auth });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'FB_BOOKING_STATE');
  });

  test('erase a customer; the phone number never reaches the log', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/api/customers/+447700900999', headers: auth });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { erasedBookings: 1 });
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/customers/abc', headers: auth })).statusCode, 400);
    assert.ok(logLines.length > 0);
    assert.ok(!logLines.join('').includes('447700900999'));
  });
});
