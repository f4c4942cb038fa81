// How one CalDAV calendar is read (src/calendars/sources.ts), against a real Radicale behind a loopback
// proxy that records each request and can play a server without the sync report: the CTag fallback, a
// sync token the server no longer knows, the full read when recurrences were expanded too short, and a
// calendar removed from the catalog.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { syncUnits } from '../../src/booking/units.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { serviceHold } from '../../src/booking/flow-ports.ts';
import { placeHold } from '../../src/booking/holds.ts';
import {
  calendarStatuses,
  forgetRemovedCalendars,
  syncStaffCalendar,
  type CalendarDeps,
} from '../../src/calendars/sources.ts';
import { parseCatalog } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/schema.ts';
import { staffUnitId } from '../../src/catalog/model.ts';
import { createLogger } from '../../src/log.ts';
import { forEachEngine } from '../storage/helpers.ts';
import { startRadicale, type Radicale } from './radicale.ts';

const DAY_MS = 86_400_000;
/** A sync-collection REPORT that carries no token: a read from the start. */
const EMPTY_TOKEN = /<(\w+:)?sync-token\s*\/>|<(\w+:)?sync-token><\/(\w+:)?sync-token>/;
const ANA = staffUnitId('ana');

/** One request the proxy passed on (or refused). */
interface Seen {
  readonly method: string;
  readonly body: string;
  readonly status: number;
}

/** Forwards to Radicale; while `refuseSync` is set, answers every sync-collection REPORT with it. */
interface Proxy {
  url: string;
  refuseSync: number | undefined;
  seen: Seen[];
  close(): Promise<void>;
}
async function proxyTo(target: string): Promise<Proxy> {
  const proxy: Proxy = {
    url: '',
    refuseSync: undefined,
    seen: [],
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    if (proxy.refuseSync !== undefined && req.method === 'REPORT' && body.includes('sync-collection')) {
      proxy.seen.push({ method: req.method, body, status: proxy.refuseSync });
      res.writeHead(proxy.refuseSync).end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      ...(body ? { body } : {}),
    });
    proxy.seen.push({ method: req.method!, body, status: answer.status });
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'content-encoding') out[k] = v;
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
/** An hour-long event on the day `days` from now at 10:00 UTC, weekly `count` times when given. */
function event(uid: string, days: number, count?: number): string {
  const day = ymd(Date.now() + days * DAY_MS);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${day}T100000Z`,
    `DTEND:${day}T110000Z`,
    ...(count ? [`RRULE:FREQ=WEEKLY;COUNT=${count}`] : []),
    'SUMMARY:Busy',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function catalogWith(calendar: string | undefined): Catalog {
  const week = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '18:00']]]),
  );
  return parseCatalog({
    business: { name: 'Salon' },
    booking: { minNoticeMinutes: 0, windowDays: 14, holdMinutes: 10 },
    departments: [{ id: 'hair', title: 'Hair' }],
    services: [{ id: 'cut', title: 'Cut', category: 'hair', durationMinutes: 30 }],
    staff: [
      {
        id: 'ana',
        name: 'Ana',
        services: ['cut'],
        hours: { london: week },
        ...(calendar ? { calendar: { caldav: calendar, username: 'ana' } } : {}),
      },
    ],
    locations: [{ id: 'london', title: 'London', address: 'x', timeZone: 'Europe/London', hours: week }],
  });
}

let radicale: Radicale;
before(async () => {
  radicale = await startRadicale();
});
after(() => radicale.stop());

forEachEngine('reading a CalDAV calendar', (ctx) => {
  let proxy: Proxy;
  let collection: string;
  let catalog: Catalog;
  let n = 0;
  const deps = (): CalendarDeps => ({
    db: ctx.db,
    log: createLogger('silent'),
    catalog: () => catalog,
    clock: Date.now,
    secret: () => undefined,
    timeoutMs: 5_000,
  });
  const read = () => syncStaffCalendar(deps(), catalog.staff[0]!);
  const busyRows = async () =>
    (
      await ctx.db.query<{ source: string; busy_start: Date }>(
        'SELECT source, busy_start FROM busy_times WHERE unit_id = $1 ORDER BY busy_start',
        [ANA],
      )
    ).rows;
  const source = async () =>
    (
      await ctx.db.query<{ etag: string | null; sync_token: string | null; expanded_to: Date | null }>(
        'SELECT etag, sync_token, expanded_to FROM calendar_sources WHERE staff_id = $1',
        ['ana'],
      )
    ).rows[0];
  const methods = () => proxy.seen.map((s) => `${s.method} ${s.status}`);

  before(async () => {
    proxy = await proxyTo(radicale.url);
  });
  after(() => proxy.close());
  beforeEach(async () => {
    // Each test: a calendar of its own, read from scratch through the proxy.
    collection = await radicale.calendar('ana', `${ctx.engine}-${++n}`);
    catalog = catalogWith(`${proxy.url}${new URL(collection).pathname}`);
    await ctx.db.exec('TRUNCATE busy_times, calendar_sources');
    await syncUnits(ctx.db, catalog, new Date());
    proxy.refuseSync = undefined;
    proxy.seen = [];
  });

  for (const status of [403, 501])
    test(`a server without the sync report (${status}) is read by calendar-query, then asked only for its CTag until it changes`, async () => {
      proxy.refuseSync = status;
      const object = await radicale.put(collection, 'a.ics', event('a', 2));
      const first = await read();
      assert.ok(first.ok, first.error);
      assert.equal(first.busy, 1);
      assert.deepEqual(methods(), [`REPORT ${status}`, 'PROPFIND 207', 'REPORT 207']);
      assert.match(proxy.seen[2]!.body, /calendar-query/);
      assert.match((await source())!.etag!, /^ctag:./);

      proxy.seen = [];
      const again = await read();
      assert.ok(again.ok && again.unchanged && again.busy === 1, JSON.stringify(again));
      assert.deepEqual(methods(), ['PROPFIND 207'], 'only the CTag is asked for');

      await radicale.put(collection, 'b.ics', event('b', 3));
      proxy.seen = [];
      assert.equal((await read()).busy, 2);
      assert.deepEqual(methods(), ['PROPFIND 207', 'REPORT 207']);

      await radicale.remove(object);
      const after = await read();
      assert.ok(after.ok && !after.unchanged, JSON.stringify(after));
      assert.equal(after.busy, 1);
      assert.deepEqual(
        (await busyRows()).map((r) => r.source),
        [new URL(`${collection}b.ics`).pathname],
      );
    });

  test('a sync token the server no longer knows starts the read over, and the busy times come out whole', async () => {
    await radicale.put(collection, 'a.ics', event('a', 2));
    assert.equal((await read()).busy, 1);
    const token = (await source())!.sync_token!;
    assert.match(token, /./);
    await ctx.db.query('UPDATE calendar_sources SET sync_token = $1', [`${token.replace(/\/[^/]*$/, '/')}unknown`]);
    await radicale.put(collection, 'b.ics', event('b', 3));
    proxy.seen = [];
    const result = await read();
    assert.ok(result.ok, result.error);
    assert.equal(result.busy, 2);
    const reports = proxy.seen.filter((s) => s.method === 'REPORT' && s.body.includes('sync-collection'));
    assert.equal(reports.length, 2, methods().join(', '));
    assert.ok([403, 409].includes(reports[0]!.status), methods().join(', '));
    assert.match(reports[1]!.body, EMPTY_TOKEN);
    assert.notEqual((await source())!.sync_token, token);
  });

  test('recurrences expanded short of the booking window: the next read is a full one that expands them further', async () => {
    // Weekly, ten times: the window (14 days) and the 8 days past it see four; a 3-day expansion sees one.
    await radicale.put(collection, 'weekly.ics', event('weekly', 1, 10));
    assert.equal((await read()).busy, 4);
    const expandedTo = (await source())!.expanded_to!;
    assert.ok(expandedTo.getTime() > Date.now() + 20 * DAY_MS);
    // As if read long ago with a short window: one occurrence and a horizon already passed.
    await ctx.db.query(`DELETE FROM busy_times WHERE unit_id = $1 AND busy_start > now() + interval '3 days'`, [ANA]);
    await ctx.db.query(`UPDATE calendar_sources SET expanded_to = now() + interval '3 days'`);
    proxy.seen = [];
    const result = await read();
    assert.ok(result.ok && !result.unchanged, JSON.stringify(result));
    assert.equal(result.busy, 4);
    const [report] = proxy.seen.filter((s) => s.method === 'REPORT' && s.body.includes('sync-collection'));
    assert.match(report!.body, EMPTY_TOKEN, 'read without the stored token');
    assert.ok((await source())!.expanded_to!.getTime() >= expandedTo.getTime());
  });

  test('bookings made before their member got busy are listed as conflicts; others are not', async () => {
    await ctx.db.exec('TRUNCATE used_flow_tokens, bookings, customers CASCADE');
    const day = Date.UTC(
      new Date(Date.now() + 2 * DAY_MS).getUTCFullYear(),
      new Date(Date.now() + 2 * DAY_MS).getUTCMonth(),
      new Date(Date.now() + 2 * DAY_MS).getUTCDate(),
    );
    const book = async (hourUtc: number, token: string) => {
      const start = day + hourUtc * 3_600_000;
      const hold = await placeHold(ctx.db, {
        ...serviceHold(catalog, { serviceId: 'cut', locationId: 'london', staffId: 'ana', start, end: 0 }, Date.now()),
        flowToken: `${ctx.engine}-${token}`,
        customerPhone: '447700900555',
        language: 'en_GB',
      });
      await confirmBooking(ctx.db, {
        flowToken: `${ctx.engine}-${token}`,
        details: { name: 'Zoe', email: 'z@example.com', phone: '+44' },
        now: new Date(),
      });
      return hold.id;
    };
    // Booked first: 10:00 and 14:00 UTC; then the member's dentist appears at 10:00–11:00 UTC.
    const clashing = await book(10, 'clash');
    await book(14, 'clear');
    const cancelled = await book(10.5, 'gone');
    await ctx.db.query(`UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [cancelled]);
    await radicale.put(collection, 'dentist.ics', event('dentist', 2));
    assert.ok((await read()).ok);
    const [status] = await calendarStatuses(ctx.db, catalog);
    assert.deepEqual(status!.conflicts, [{ bookingId: clashing, start: new Date(day + 10 * 3_600_000).toISOString() }]);
  });

  test('a calendar taken out of the catalog stops blocking its member', async () => {
    await radicale.put(collection, 'a.ics', event('a', 2));
    assert.equal((await read()).busy, 1);
    assert.deepEqual(await forgetRemovedCalendars(ctx.db, catalog), [], 'kept while the catalog names it');
    assert.equal((await busyRows()).length, 1);
    assert.deepEqual(await forgetRemovedCalendars(ctx.db, catalogWith(undefined)), ['ana']);
    assert.equal((await busyRows()).length, 0);
    assert.equal(await source(), undefined);
  });
});
