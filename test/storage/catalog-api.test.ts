import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminRoutes } from '../../src/booking/admin-routes.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { buildServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { at, forEachEngine } from './helpers.ts';

// Monday 31 May 2027, 09:00 BST; the demo catalog's salon: Ana at King's Cross Tuesday to Saturday,
// Ben there on Mondays, Wednesdays and Fridays from 12:00, Chloé at Oxford Street.
const NOW = at('2027-05-31T08:00:00Z');
const catalog = loadCatalog();
const TOKEN = 'catalog-api-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

forEachEngine('GET /api/catalog and /api/availability by service and staff', (ctx) => {
  let app: Awaited<ReturnType<typeof buildServer>>;
  const get = async (url: string) => {
    const res = await app.inject({ url, headers: auth });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => {
    await syncUnits(ctx.db, catalog, NOW);
    app = await buildServer({
      log: createLogger('silent'),
      routes: [
        (api) =>
          adminRoutes(api, { db: ctx.db, catalog: () => catalog, mode: 'live', clock: () => NOW, adminToken: TOKEN }),
      ],
      isReady: () => true,
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
  });

  test('the catalog with its defaults resolved: services with durations and prices, staff, zones', async () => {
    const { status, body } = await get('/api/catalog');
    assert.equal(status, 200);
    assert.equal(body.hasServices, true);
    const colour = body.services.find((s: { id: string }) => s.id === 'colour');
    assert.equal(colour.durationMinutes, 90);
    assert.deepEqual(colour.price, { amount: 79.5, currency: 'GBP', amount1000: 79_500 });
    assert.deepEqual(colour.staff, ['ana', 'chloe']);
    assert.deepEqual(colour.locations, ['kings-cross', 'oxford-street']);
    assert.equal(colour.rules.stepMinutes, 90);
    assert.equal(colour.rules.maxOpenPerCustomer, 1);
    const shopping = body.services.find((s: { id: string }) => s.id === 'shopping');
    assert.equal(shopping.durationMinutes, 30);
    assert.equal(shopping.price, null);
    assert.deepEqual(shopping.staff, []);
    const ben = body.staff.find((m: { id: string }) => m.id === 'ben');
    assert.deepEqual(ben.locations, ['kings-cross', 'oxford-street']);
    assert.deepEqual(ben.services, ['haircut']);
    assert.equal(body.locations.find((l: { id: string }) => l.id === 'kings-cross').timeZone, 'Europe/London');
  });

  test('availability: dates with free counts, then one date with who can take each start', async () => {
    const dates = await get('/api/availability?service=colour&location=kings-cross&staff=ana');
    assert.equal(dates.status, 200);
    assert.equal(dates.body.timeZone, 'Europe/London');
    const byDate = new Map(dates.body.dates.map((d: { date: string; freeSlots: number }) => [d.date, d.freeSlots]));
    assert.equal(byDate.get('2027-05-31'), 0, 'Ana does not work on Mondays');
    assert.equal(byDate.get('2027-06-01'), 5, '09:00, 10:30, 12:00, 13:30 and 15:00 on Tuesday');
    const tuesday = await get('/api/availability?service=colour&location=kings-cross&staff=ana&date=2027-06-01');
    assert.deepEqual(
      tuesday.body.times.map((t: { time: string; staff: string[] }) => [t.time, t.staff]),
      [
        ['09:00', ['ana']],
        ['10:30', ['ana']],
        ['12:00', ['ana']],
        ['13:30', ['ana']],
        ['15:00', ['ana']],
      ],
    );
    assert.equal(tuesday.body.times[0].start, '2027-06-01T08:00:00.000Z');
    assert.equal(tuesday.body.times[0].end, '2027-06-01T09:30:00.000Z');
    const wednesday = await get('/api/availability?service=haircut&location=kings-cross&date=2027-06-02');
    const noon = wednesday.body.times.find((t: { time: string }) => t.time === '12:00');
    assert.deepEqual([noon.free, noon.staff], [2, ['ana', 'ben']]);
    // The name the API had before services still works for a department standing as a service.
    const legacy = await get('/api/availability?department=shopping&location=kings-cross&date=2027-06-01');
    assert.equal(legacy.body.times[0].staff.length, 0);
    assert.equal(legacy.body.times[0].free, 2);
  });

  test('bad questions: no service, a person who does not take it there, a service not offered there', async () => {
    const none = await get('/api/availability?location=kings-cross');
    assert.equal(none.status, 400);
    assert.match(JSON.stringify(none.body), /service/);
    const chloe = await get('/api/availability?service=colour&location=kings-cross&staff=chloe');
    assert.equal(chloe.status, 404);
    assert.equal(chloe.body.error.code, 'FB_UNKNOWN_UNIT');
    assert.equal((await get('/api/availability?service=haircut&location=piccadilly')).status, 404);
  });
});
