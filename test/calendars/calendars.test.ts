// Staff calendars and calendar feeds through the whole app (issue #15): a real CalDAV server (Radicale)
// and ICS addresses on loopback, read by the app's own job; feeds and the customer's calendar file read
// back with ical.js (the library Thunderbird uses) and imported into Radicale.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { serviceHold } from '../../src/booking/flow-ports.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { replyMsg, delivery, startHarness, type Harness } from '../webhook/harness.ts';
import { startRadicale, type Radicale } from './radicale.ts';

const POLL_S = 1;
const TIMEOUT_S = 0.5;
const ADMIN = { authorization: 'Bearer admin-token' };
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);
const workDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '18:00']]]),
);

/** Tomorrow in Berlin, and an instant there. */
const DAY = DateTime.now().setZone('Europe/Berlin').plus({ days: 1 }).toISODate()!;
const berlin = (time: string) => DateTime.fromISO(`${DAY}T${time}`, { zone: 'Europe/Berlin' });

function calendarText(...events: { uid: string; from: string; to: string }[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//test//EN',
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=Europe/Berlin:${DAY.replaceAll('-', '')}T${e.from.replace(':', '')}00`,
      `DTEND;TZID=Europe/Berlin:${DAY.replaceAll('-', '')}T${e.to.replace(':', '')}00`,
      'SUMMARY:Dentist',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** ICS addresses on loopback: one with an ETag, and one per way a remote calendar fails. */
interface IcsHost {
  readonly url: string;
  text: string;
  readonly seen: { requests: number; notModified: number };
  close(): Promise<void>;
}
async function icsHost(): Promise<IcsHost> {
  const sockets = new Set<Socket>();
  const host = {
    url: '',
    text: calendarText({ uid: 'ben-1', from: '12:00', to: '13:00' }),
    seen: { requests: 0, notModified: 0 },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/ben.ics') {
      host.seen.requests++;
      const etag = `"${createHash('sha256').update(host.text).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        host.seen.notModified++;
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/calendar', etag }).end(host.text);
    } else if (req.url === '/401.ics') res.writeHead(401, { 'www-authenticate': 'Basic' }).end();
    else if (req.url === '/404.ics') res.writeHead(404).end();
    else if (req.url === '/bad.ics') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    // '/hang.ics': never answered.
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return host;
}

function catalogFile(dir: string, ana: string, ics: string): string {
  const staff = (id: string, calendar: unknown) => ({
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    services: ['cut'],
    hours: { berlin: workDay },
    calendar,
  });
  const file = path.join(dir, 'catalog.json');
  writeFileSync(
    file,
    JSON.stringify({
      business: { name: 'Test Salon', defaultLanguage: 'en_US' },
      booking: { minNoticeMinutes: 0, windowDays: 14, holdMinutes: 10 },
      departments: [
        { id: 'hair', title: 'Hair' },
        { id: 'visit', title: { en: 'Visit', es: 'Visita' } },
      ],
      services: [
        { id: 'cut', title: 'Cut', category: 'hair', durationMinutes: 30 },
        { id: 'visit', title: { en: 'Visit', es: 'Visita' }, category: 'visit', durationMinutes: 30 },
      ],
      staff: [
        staff('ana', { caldav: ana, username: 'ana' }),
        staff('ben', { ics: `${ics}/ben.ics` }),
        staff('cara', { ics: `${ics}/401.ics` }),
        staff('dan', { ics: `${ics}/404.ics` }),
        staff('eve', { ics: `${ics}/hang.ics` }),
        staff('fay', { ics: `${ics}/bad.ics` }),
      ],
      locations: [
        {
          id: 'berlin',
          title: 'Berlin',
          address: 'Unter den Linden 1',
          timeZone: 'Europe/Berlin',
          capacity: { visit: 1 },
          hours: allDay,
        },
        {
          id: 'la',
          title: 'Los Angeles',
          address: '1 Main St',
          timeZone: 'America/Los_Angeles',
          capacity: { visit: 1 },
          hours: allDay,
        },
        {
          id: 'tehran',
          title: 'Tehran',
          address: 'Vali Asr',
          timeZone: 'Asia/Tehran',
          capacity: { visit: 1 },
          hours: allDay,
        },
      ],
    }),
  );
  return file;
}

let radicale: Radicale;
before(async () => {
  radicale = await startRadicale();
});
after(() => radicale.stop());

for (const engine of ENGINES)
  describe(`staff calendars and feeds [${engine}]`, () => {
    let h: Harness;
    let ics: IcsHost;
    let dir: string;
    let ana: string;
    before(async () => {
      ics = await icsHost();
      dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-calendars-'));
      ana = await radicale.calendar('ana', `work-${engine}`);
      h = await startHarness({
        engine,
        env: {
          BUSINESS_CONFIG: catalogFile(dir, ana, ics.url),
          CALENDAR_POLL_SECONDS: String(POLL_S),
          CALENDAR_TIMEOUT_SECONDS: String(TIMEOUT_S),
          PUBLIC_URL: 'https://book.example.test',
        },
      });
    });
    after(async () => {
      await h.close();
      await ics.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await h.app.server.inject({ method, url, headers: ADMIN, ...(payload ? { payload } : {}) });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as Record<string, any>;
    };
    const offered = async (staff: string) =>
      (
        (await api('GET', `/api/availability?location=berlin&service=cut&staff=${staff}&date=${DAY}`)).times as {
          time: string;
        }[]
      ).map((t) => t.time);
    const status = async (staff: string) =>
      ((await api('GET', '/api/calendars')).calendars as Record<string, any>[]).find((c) => c.staffId === staff)!;

    test('a busy event in a CalDAV calendar stops the time being offered within a polling interval, and frees it when deleted', async () => {
      await waitFor('the first read of the CalDAV calendar', async () => (await status('ana')).okAt);
      assert.ok((await offered('ana')).includes('10:00'));
      const put = Date.now();
      const object = await radicale.put(
        ana,
        'dentist.ics',
        calendarText({ uid: 'dentist', from: '10:00', to: '11:00' }),
      );
      await waitFor('10:00 no longer offered', async () => !(await offered('ana')).includes('10:00'), {
        timeoutMs: 15_000,
      });
      const blockedAfter = Date.now() - put;
      const times = await offered('ana');
      assert.ok(!times.includes('10:30') && times.includes('09:30') && times.includes('11:00'), times.join(' '));
      // Within one interval, with the read itself (the calendar that never answers takes its 0.5 s) and a loaded machine's slack.
      assert.ok(blockedAfter < (POLL_S + TIMEOUT_S + 3) * 1_000, `blocked after ${blockedAfter} ms`);
      const removed = Date.now();
      await radicale.remove(object);
      await waitFor('10:00 offered again', async () => (await offered('ana')).includes('10:00'), { timeoutMs: 15_000 });
      const freedAfter = Date.now() - removed;
      assert.ok(freedAfter < (POLL_S + TIMEOUT_S + 3) * 1_000, `freed after ${freedAfter} ms`);
      console.log(
        `# CalDAV: blocked ${blockedAfter} ms after the PUT, freed ${freedAfter} ms after the DELETE (poll ${POLL_S} s)`,
      );
      const ok = await status('ana');
      assert.equal(ok.failures, 0);
      assert.equal(ok.lastError, null);
      assert.equal(ok.host, new URL(radicale.url).host);
    });

    test('an ICS address is read again with its ETag: "not modified" keeps the busy times', async () => {
      await waitFor('two conditional reads answered 304', () => ics.seen.notModified >= 2, { timeoutMs: 15_000 });
      const times = await offered('ben');
      assert.ok(!times.includes('12:00') && !times.includes('12:30') && times.includes('13:00'), times.join(' '));
      assert.equal((await status('ben')).busyTimes, 1);
      ics.text = calendarText({ uid: 'ben-2', from: '15:00', to: '16:00' });
      await waitFor('the changed calendar read', async () => !(await offered('ben')).includes('15:00'), {
        timeoutMs: 15_000,
      });
      assert.ok((await offered('ben')).includes('12:00'));
    });

    test('401, 404, no answer and a page that is not a calendar are recorded; those members stay bookable, the others are read', async () => {
      const expected: Record<string, RegExp> = {
        cara: /^HTTP 401/,
        dan: /^HTTP 404/,
        eve: new RegExp(`^no answer within ${TIMEOUT_S} s$`),
        fay: /^not iCalendar/,
      };
      for (const [staff, error] of Object.entries(expected)) {
        const s = await waitFor(
          `${staff}'s failure recorded`,
          async () => {
            const c = await status(staff);
            return c.failures >= 2 && c.lastError ? c : undefined;
          },
          { timeoutMs: 15_000 },
        );
        assert.match(s.lastError, error, staff);
        assert.equal(s.okAt, null);
        assert.equal(s.busyTimes, 0);
        // The address's path is never shown, only its host.
        assert.ok(!JSON.stringify(s).includes('.ics'), JSON.stringify(s));
        assert.ok((await offered(staff)).includes('10:00'), `${staff} is bookable`);
      }
      // Meanwhile the calendars that answer are read every time.
      assert.equal((await status('ana')).failures, 0);
      assert.ok(ics.seen.requests >= 3);
    });

    test('staff and location feeds: listed in the catalog, parsed by ical.js, cancellations as CANCELLED, 304, rotation, imported into Radicale', async () => {
      const catalog = await api('GET', '/api/catalog');
      const anaFeed: string = catalog.staff.find((m: { id: string }) => m.id === 'ana').calendarFeed;
      const berlinFeed: string = catalog.locations.find((l: { id: string }) => l.id === 'berlin').calendarFeed;
      assert.match(anaFeed, /^https:\/\/book\.example\.test\/calendars\/[A-Za-z0-9_-]{32}\.ics$/);
      assert.notEqual(anaFeed, berlinFeed);
      assert.deepEqual(catalog.staff.find((m: { id: string }) => m.id === 'ben').calendar, {
        kind: 'ics',
        host: new URL(ics.url).host,
      });
      const start = berlin('14:00').toMillis();
      const current = h.app.catalog();
      const token = `feed-${engine}`;
      const hold = await placeHold(h.app.db, {
        ...serviceHold(current, { serviceId: 'cut', locationId: 'berlin', staffId: 'ana', start, end: 0 }, Date.now()),
        flowToken: token,
        customerPhone: '447700970001',
        language: 'en_US',
      });
      await confirmBooking(
        h.app.db,
        { flowToken: token, details: { name: 'Zoe Client', email: 'z@example.com', phone: '+44' }, now: new Date() },
        h.app.bookingHook,
      );
      const get = (url: string, headers: Record<string, string> = {}) =>
        h.app.server.inject({ method: 'GET', url: new URL(url).pathname, headers });
      const first = await get(anaFeed);
      assert.equal(first.statusCode, 200);
      assert.match(String(first.headers['content-type']), /^text\/calendar/);
      const events = (text: string) =>
        new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      const [event] = events(first.body);
      assert.equal(event?.uid, `${hold.id}@flowbook`);
      assert.equal(event.startDate.toJSDate().getTime(), start);
      assert.equal(event.summary, 'Cut: Zoe Client');
      assert.equal(event.component.getFirstPropertyValue('status'), 'CONFIRMED');
      assert.match(first.body, /X-WR-CALNAME:Test Salon: Ana/);
      assert.equal(events((await get(berlinFeed)).body).length, 1);
      assert.equal((await get(anaFeed, { 'if-none-match': String(first.headers.etag) })).statusCode, 304);
      // Ben's feed is his alone.
      const benFeed: string = catalog.staff.find((m: { id: string }) => m.id === 'ben').calendarFeed;
      assert.equal(events((await get(benFeed)).body).length, 0);

      await api('POST', `/api/bookings/${hold.id}/cancel`, { reason: 'staff ill' });
      const cancelled = await get(anaFeed, { 'if-none-match': String(first.headers.etag) });
      assert.equal(cancelled.statusCode, 200);
      const [gone] = events(cancelled.body);
      assert.equal(gone?.component.getFirstPropertyValue('status'), 'CANCELLED');
      assert.ok(
        Number(gone.component.getFirstPropertyValue('sequence')) >
          Number(event.component.getFirstPropertyValue('sequence')),
      );

      // A CalDAV server takes the feed as a calendar of its own.
      const imported = await radicale.put(`${radicale.url}/ana/`, `import-${engine}.ics`, cancelled.body);
      const back = await fetch(imported, {
        headers: { authorization: `Basic ${Buffer.from('ana:x').toString('base64')}` },
      });
      assert.equal(back.status, 200);
      assert.match(await back.text(), new RegExp(`UID:${hold.id}@flowbook`));

      const rotated = await api('POST', '/api/calendars/feeds/rotate', { staff: 'ana' });
      assert.notEqual(rotated.url, anaFeed);
      assert.equal((await get(anaFeed)).statusCode, 404);
      assert.equal((await get(rotated.url)).statusCode, 200);
      assert.equal((await get('https://x/calendars/not-a-token.ics')).statusCode, 404);
    });

    test('the customer’s calendar file, linked in the chat, opens at the booked local time in Los Angeles, Tehran and Berlin', async () => {
      const current = h.app.catalog();
      const zones = { la: 'America/Los_Angeles', tehran: 'Asia/Tehran', berlin: 'Europe/Berlin' } as const;
      for (const [location, zone] of Object.entries(zones)) {
        const date = DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()!;
        const start = DateTime.fromISO(`${date}T09:30`, { zone }).toMillis();
        const phone = `4477009800${Object.keys(zones).indexOf(location)}`;
        const token = `customer-${engine}-${location}`;
        const hold = await placeHold(h.app.db, {
          ...serviceHold(current, { serviceId: 'visit', locationId: location, start, end: 0 }, Date.now()),
          flowToken: token,
          customerPhone: phone,
          language: 'es',
        });
        await confirmBooking(
          h.app.db,
          { flowToken: token, details: { name: 'C', email: 'c@example.com', phone: '+1' }, now: new Date() },
          h.app.bookingHook,
        );
        // The customer taps the booking in "My appointments".
        await h.post(
          delivery({
            messages: [replyMsg(phone, `wamid.CAL.${engine}.${location}`, 'list_reply', `booking:${hold.id}`)],
          }),
        );
        const body = await waitFor('the booking question with its calendar link', () => {
          const sent = h.sentTo(phone).find((m) => m.type === 'interactive' && m.interactive?.type === 'button');
          return sent?.interactive.body.text as string | undefined;
        });
        const link = /Añádela a tu calendario: (\S+)/.exec(body)?.[1];
        assert.ok(link, body);
        const res = await h.app.server.inject({ method: 'GET', url: new URL(link).pathname });
        assert.equal(res.statusCode, 200);
        const event = new ICAL.Event(new ICAL.Component(ICAL.parse(res.body)).getFirstSubcomponent('vevent')!);
        const local = DateTime.fromJSDate(event.startDate.toJSDate(), { zone });
        assert.equal(local.toFormat('yyyy-LL-dd HH:mm'), `${date} 09:30`, location);
        assert.equal(event.summary, 'Visita · Test Salon');
        assert.doesNotMatch(res.body, /Name:|Email:/);
      }
    });
  });
