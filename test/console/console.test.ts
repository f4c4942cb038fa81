// The console's accounts and the front desk's actions through the admin API (issue #16): sign-in,
// sessions, CSRF, roles, rate limiting, and walk-in / cancel / reschedule / attendance / notes with
// what the customer receives.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { localStart } from '../../src/booking/desk.ts';
import type { Catalog } from '../../src/catalog/schema.ts';
import { saveUser } from '../../src/console/users.ts';
import { bookFor, startHarness, type Harness } from '../webhook/harness.ts';
import { waitFor } from '../wait.ts';

const ADMIN = { authorization: 'Bearer admin-token' };
const PASSWORD = 'correct horse battery';

/** A weekday at least `ahead` days from today at the catalog's first location, outside its closures. */
export function openWeekday(catalog: Catalog, ahead: number): string {
  const closed = catalog.locations[0]!.closures ?? [];
  for (let d = ahead; ; d++) {
    const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const day = new Date(`${date}T12:00:00Z`).getUTCDay();
    const isClosed = closed.some((c) => date >= c.from && date <= c.to);
    if (day >= 1 && day <= 5 && !isClosed && !(date >= '2026-12-21' && date <= '2026-12-27')) return date;
  }
}

describe('console accounts and front-desk actions', () => {
  let h: Harness;
  let day: string;
  // Each sign-in from its own address: the limit of sign-ins per address has a test of its own.
  let address = 0;
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await h.app.server.inject({
      method: 'POST',
      url: '/console/api/login',
      payload: { username, password },
      remoteAddress: `198.51.100.${++address}`,
    });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { cookie, csrf: res.json().csrfToken as string, res };
  };
  const as = (s: { cookie: string; csrf: string }, withCsrf = true) => ({
    cookie: s.cookie,
    ...(withCsrf ? { 'x-csrf-token': s.csrf } : {}),
  });

  before(async () => {
    h = await startHarness();
    const now = new Date();
    await saveUser(h.app.db, { username: 'olivia', displayName: 'Olivia', role: 'owner', password: PASSWORD }, now);
    await saveUser(
      h.app.db,
      { username: 'sam', displayName: 'Sam', role: 'staff', locations: ['oxford-street'], password: PASSWORD },
      now,
    );
    day = openWeekday(h.app.catalog(), 3);
  });
  after(async () => h.close());

  test('sign-in: a wrong password is refused; the session cookie is HttpOnly and SameSite=Strict; sign-out ends it', async () => {
    const wrong = await h.app.server.inject({
      method: 'POST',
      url: '/console/api/login',
      payload: { username: 'olivia', password: 'not the password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'FB_UNAUTHORIZED');
    assert.equal(wrong.cookies.length, 0);
    const unknown = await h.app.server.inject({
      method: 'POST',
      url: '/console/api/login',
      payload: { username: 'nobody', password: PASSWORD },
    });
    assert.equal(
      unknown.json().error.message,
      wrong.json().error.message,
      'an unknown user reads like a wrong password',
    );

    const s = await signIn('olivia');
    const session = s.res.cookies.find((c) => c.name === 'flowbook_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.deepEqual(s.res.json().user, { username: 'olivia', displayName: 'Olivia', role: 'owner', locations: [] });
    const list = await h.app.server.inject({ url: '/api/bookings', headers: as(s) });
    assert.equal(list.statusCode, 200);

    const out = await h.app.server.inject({ method: 'POST', url: '/console/api/logout', headers: as(s) });
    assert.equal(out.statusCode, 200);
    assert.equal((await h.app.server.inject({ url: '/api/bookings', headers: as(s) })).statusCode, 401);
  });

  test('a write with a session needs its CSRF token; a token of another session is refused', async () => {
    const a = await signIn('olivia');
    const b = await signIn('olivia');
    const { bookingId } = await bookFor(h.app, '447700970001');
    const cancel = (headers: Record<string, string>) =>
      h.app.server.inject({ method: 'POST', url: `/api/bookings/${bookingId}/cancel`, payload: {}, headers });
    const none = await cancel(as(a, false));
    assert.equal(none.statusCode, 403);
    assert.equal(none.json().error.code, 'FB_CSRF');
    const crossed = await cancel({ cookie: a.cookie, 'x-csrf-token': b.csrf });
    assert.equal(crossed.statusCode, 403);
    assert.equal(crossed.json().error.code, 'FB_CSRF');
    assert.equal(
      (await h.app.server.inject({ url: `/api/bookings/${bookingId}`, headers: ADMIN })).json().booking.status,
      'confirmed',
    );
    assert.equal((await cancel(as(a))).statusCode, 200);
    // A machine client's bearer needs no CSRF token: no browser sends it on its own.
    const { bookingId: other } = await bookFor(h.app, '447700970002', { slot: 1 });
    const machine = await h.app.server.inject({ method: 'POST', url: `/api/bookings/${other}/cancel`, headers: ADMIN });
    assert.equal(machine.statusCode, 200);
  });

  test('the session is read by the admin and console routes only: the sandbox phone page posts with the cookie and no token', async () => {
    const a = await signIn('olivia');
    const res = await h.app.server.inject({
      method: 'POST',
      url: '/sandbox/api/customers',
      payload: { waId: '447700970099', name: 'Phone page' },
      headers: { cookie: a.cookie },
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('a staff member sees and acts on their own locations only, and no owner pages', async () => {
    const sam = await signIn('sam');
    const mine = await h.app.server.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: as(sam),
      payload: { service: 'clothing', location: 'oxford-street', date: day, time: '11:00', name: 'Walk In' },
    });
    assert.equal(mine.statusCode, 201, mine.body);
    const { bookingId: elsewhere } = await bookFor(h.app, '447700970003', { slot: 2 });
    const list = await h.app.server.inject({ url: '/api/bookings?limit=1000', headers: as(sam) });
    const locations = new Set(list.json().bookings.map((b: { locationId: string }) => b.locationId));
    assert.deepEqual([...locations], ['oxford-street']);
    const other = await h.app.server.inject({ url: `/api/bookings/${elsewhere}`, headers: as(sam) });
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().error.code, 'FB_FORBIDDEN');
    const cancel = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${elsewhere}/cancel`,
      headers: as(sam),
    });
    assert.equal(cancel.statusCode, 403);
    assert.equal(
      (await h.app.server.inject({ url: '/api/bookings?location=kings-cross', headers: as(sam) })).statusCode,
      403,
    );
    assert.equal((await h.app.server.inject({ url: '/api/jobs', headers: as(sam) })).statusCode, 403);
    // A customer of another location is not theirs to look up.
    const stranger = await h.app.server.inject({ url: '/api/customers/447700970003', headers: as(sam) });
    assert.equal(stranger.statusCode, 404);
    const owner = await signIn('olivia');
    const known = await h.app.server.inject({ url: '/api/customers/447700970003', headers: as(owner) });
    assert.equal(known.json().counts.bookings, 1);
    assert.equal((await h.app.server.inject({ url: '/api/jobs', headers: as(owner) })).statusCode, 200);
    assert.equal(
      (await h.app.server.inject({ url: `/api/bookings/${elsewhere}`, headers: as(owner) })).statusCode,
      200,
    );
  });

  test('a walk-in with a WhatsApp number gets the confirmation; without one nobody is messaged; taken and impossible times are refused', async () => {
    const s = await signIn('olivia');
    const book = (payload: Record<string, unknown>) =>
      h.app.server.inject({ method: 'POST', url: '/api/bookings', headers: as(s), payload });
    const withNumber = await book({
      service: 'shopping',
      location: 'kings-cross',
      date: day,
      time: '14:00',
      name: 'Rosa',
      whatsapp: '+34 600 900 111',
      language: 'es',
      source: 'phone',
    });
    assert.equal(withNumber.statusCode, 201, withNumber.body);
    const booking = withNumber.json().booking;
    assert.equal(booking.status, 'confirmed');
    assert.equal(booking.source, 'phone');
    assert.equal(booking.bookedBy, 'olivia');
    assert.equal(booking.customerPhone, '34600900111');
    assert.equal(booking.start, DateTime.fromISO(`${day}T14:00`, { zone: 'Europe/London' }).toJSDate().toISOString());
    const sent = await waitFor('the message', () => h.sentTo('34600900111').find((m) => m.type === 'template'));
    assert.equal(sent.template.name, 'appointment_confirmation');
    assert.equal(sent.template.language.code, 'es');

    const without = await book({ service: 'shopping', location: 'kings-cross', date: day, time: '14:30', name: 'Tom' });
    assert.equal(without.statusCode, 201);
    assert.equal(without.json().booking.customerPhone, null);
    // kings-cross has two shopping units: a third booking at 14:00 finds none free.
    const second = await book({ service: 'shopping', location: 'kings-cross', date: day, time: '14:00', name: 'Two' });
    assert.equal(second.statusCode, 201);
    const taken = await book({ service: 'shopping', location: 'kings-cross', date: day, time: '14:00', name: 'Three' });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.code, 'FB_SLOT_TAKEN');
    const offGrid = await book({ service: 'shopping', location: 'kings-cross', date: day, time: '14:10', name: 'X' });
    assert.equal(offGrid.statusCode, 400);
    assert.equal(offGrid.json().error.details.field, 'time');
    const badNumber = await book({
      service: 'shopping',
      location: 'kings-cross',
      date: day,
      time: '15:00',
      name: 'X',
      whatsapp: '12',
    });
    assert.equal(badNumber.statusCode, 400);
    assert.match(badNumber.body, /WhatsApp number/);
    const nameless = await book({ service: 'shopping', location: 'kings-cross', date: day, time: '15:00', name: ' ' });
    assert.equal(nameless.statusCode, 400);
  });

  test('a cancel from the console tells the customer in their language, with who and why kept', async () => {
    const s = await signIn('olivia');
    const phone = '447700970010';
    const { bookingId } = await bookFor(h.app, phone, { language: 'pt_BR', slot: 4 });
    await h.idle();
    const res = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${bookingId}/cancel`,
      headers: as(s),
      payload: { reason: 'the stylist is ill' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().booking.cancelReason, 'the stylist is ill');
    assert.equal(res.json().booking.cancelledBy, 'olivia');
    const sent = await waitFor('the message', () =>
      h.sentTo(phone).find((m) => m.type === 'template' && m.template.name === 'appointment_cancelled'),
    );
    assert.equal(sent.template.language.code, 'pt_BR');
    // A machine client's cancel tells the customer too.
    const other = '447700970011';
    const { bookingId: second } = await bookFor(h.app, other, { slot: 5 });
    await h.app.server.inject({ method: 'POST', url: `/api/bookings/${second}/cancel`, headers: ADMIN });
    await waitFor('the message', () =>
      h.sentTo(other).find((m) => m.type === 'template' && m.template.name === 'appointment_cancelled'),
    );
  });

  test('a reschedule keeps the booking, tells the customer and moves the reminders; a taken time changes nothing', async () => {
    const s = await signIn('olivia');
    const phone = '447700970020';
    const made = await h.app.server.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: as(s),
      payload: { service: 'home', location: 'kings-cross', date: day, time: '10:00', name: 'Mo', whatsapp: phone },
    });
    const booking = made.json().booking;
    const reminderRuns = async () =>
      (
        await h.app.db.query<{ run_at: Date }>(
          `SELECT run_at FROM jobs WHERE name = 'reminder.send' AND payload->>'bookingId' = $1 ORDER BY run_at`,
          [booking.id],
        )
      ).rows.map((r) => r.run_at.getTime());
    const before = await reminderRuns();
    assert.ok(before.length > 0, 'reminders were planned');
    const move = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${booking.id}/reschedule`,
      headers: as(s),
      payload: { date: day, time: '11:30', version: booking.version },
    });
    assert.equal(move.statusCode, 200, move.body);
    assert.equal(move.json().booking.id, booking.id);
    assert.equal(
      move.json().booking.start.slice(11, 16),
      new Date(new Date(booking.start).getTime() + 90 * 60_000).toISOString().slice(11, 16),
    );
    const after = await reminderRuns();
    assert.deepEqual(
      after,
      before.map((t) => t + 90 * 60_000),
    );
    await waitFor('the message', () =>
      h.sentTo(phone).find((m) => m.type === 'template' && m.template.name === 'appointment_rescheduled'),
    );
    // home has one unit at kings-cross: 13:00 taken by another walk-in, the move there is refused.
    await h.app.server.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: as(s),
      payload: { service: 'home', location: 'kings-cross', date: day, time: '13:00', name: 'Other' },
    });
    const refused = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${booking.id}/reschedule`,
      headers: as(s),
      payload: { date: day, time: '13:00' },
    });
    assert.equal(refused.statusCode, 409);
    const still = await h.app.server.inject({ url: `/api/bookings/${booking.id}`, headers: ADMIN });
    assert.equal(still.json().booking.start, move.json().booking.start);
    // The hold the refused move placed is gone: 11:30's neighbour 12:00 is still bookable by anyone.
    const stale = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${booking.id}/reschedule`,
      headers: as(s),
      payload: { date: day, time: '12:00', version: booking.version },
    });
    assert.equal(stale.statusCode, 409, 'an old version is refused');
    assert.equal(stale.json().error.code, 'FB_BOOKING_STATE');
  });

  test('attendance: arrived not long before, no-show once started; counted per customer; notes kept and erased with the customer', async () => {
    const s = await signIn('olivia');
    const phone = '447700970030';
    const { bookingId: future } = await bookFor(h.app, phone, { dayOffset: 2, slot: 6 });
    const { bookingId: past } = await bookFor(h.app, phone, { dayOffset: -1, slot: 6 });
    const mark = (id: string, attendance: string | null) =>
      h.app.server.inject({
        method: 'POST',
        url: `/api/bookings/${id}/attendance`,
        headers: as(s),
        payload: { attendance },
      });
    const early = await mark(future, 'arrived');
    assert.equal(early.statusCode, 400);
    assert.equal(early.json().error.details.field, 'attendance');
    assert.equal((await mark(future, 'no_show')).statusCode, 400);
    const noShow = await mark(past, 'no_show');
    assert.equal(noShow.statusCode, 200);
    assert.equal(noShow.json().booking.attendance, 'no_show');
    assert.equal((await mark(past, 'bogus')).statusCode, 400);

    const note = await h.app.server.inject({
      method: 'POST',
      url: `/api/bookings/${past}/notes`,
      headers: as(s),
      payload: { body: 'Called twice, no answer' },
    });
    assert.equal(note.statusCode, 201);
    const detail = await h.app.server.inject({ url: `/api/bookings/${past}`, headers: as(s) });
    assert.deepEqual(
      detail.json().notes.map((n: { author: string; body: string }) => [n.author, n.body]),
      [['olivia', 'Called twice, no answer']],
    );
    const record = await h.app.server.inject({ url: `/api/customers/${phone}`, headers: as(s) });
    assert.equal(record.statusCode, 200);
    assert.equal(record.json().counts.noShows, 1);
    assert.equal(record.json().counts.bookings, 2);
    assert.equal(record.json().bookings.length, 2);

    const erase = await h.app.server.inject({ method: 'DELETE', url: `/api/customers/${phone}`, headers: as(s) });
    assert.equal(erase.statusCode, 200);
    const { rows } = await h.app.db.query('SELECT 1 FROM booking_notes WHERE booking_id = $1', [past]);
    assert.equal(rows.length, 0, 'the notes went with the customer');
  });

  test('a desk time is local to the location, summer time included; a time the clocks skip is refused', () => {
    const catalog = h.app.catalog();
    assert.equal(localStart(catalog, 'kings-cross', '2027-07-05', '14:00'), Date.parse('2027-07-05T13:00:00Z'));
    assert.equal(localStart(catalog, 'kings-cross', '2027-01-05', '14:00'), Date.parse('2027-01-05T14:00:00Z'));
    assert.throws(() => localStart(catalog, 'kings-cross', '2027-03-28', '01:30'), /does not exist in Europe\/London/);
  });

  test('pages and the console API carry security headers', async () => {
    const page = await h.app.server.inject({ url: '/agenda' });
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const me = await h.app.server.inject({ url: '/console/api/me' });
    assert.match(String(me.headers['content-security-policy']), /default-src 'self'/);
  });

  test('sandbox mode signs the console in as the demo owner', async () => {
    const me = await h.app.server.inject({ url: '/console/api/me' });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.username, 'demo');
    assert.equal(me.json().user.role, 'owner');
    const cookie = me.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const again = await h.app.server.inject({ url: '/console/api/me', headers: { cookie } });
    assert.equal(again.json().user.username, 'demo');
    assert.equal(again.cookies.filter((c) => c.name === 'flowbook_session').length, 0, 'the same session is kept');
  });

  test('sign-in attempts are limited per address', async () => {
    let last: Awaited<ReturnType<typeof h.app.server.inject>> | undefined;
    for (let i = 0; i < 12; i++)
      last = await h.app.server.inject({
        method: 'POST',
        url: '/console/api/login',
        payload: { username: 'olivia', password: 'guess number ' + i },
        remoteAddress: '192.0.2.7',
      });
    assert.equal(last!.statusCode, 429);
    assert.equal(last!.json().error.code, 'FB_RATE_LIMITED');
    assert.ok(Number(last!.headers['retry-after']) > 0);
  });
});
