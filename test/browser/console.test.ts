// The business console in Chromium (issue #16): the agenda by day and week in the location's own time
// zone, each front-desk action with what the customer receives, the live view, customers, Arabic
// right to left on a phone, and an accessibility check of every page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { cancelBooking } from '../../src/booking/bookings.ts';
import { saveUser } from '../../src/console/users.ts';
import { generateFlowKeyPair } from '../../src/flows/keys.ts';
import { api, catalogWithLosAngeles, LA, seriousViolations } from './console-helpers.ts';
import { RESULTS, startHarness, waitForMessage, type Harness } from './harness.ts';

/** The next Friday at least 2 days ahead in Los Angeles. */
function nextFriday(): string {
  let d = DateTime.now().setZone('America/Los_Angeles').plus({ days: 2 });
  while (d.weekday !== 5) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/** A desk booking at the Los Angeles store (with a number: once its confirmation went). */
async function deskBooking(h: Harness, date: string, time: string, name: string, whatsapp?: string) {
  const { booking } = await api(h, 'POST', '/api/bookings', {
    service: 'shopping',
    location: LA,
    date,
    time,
    name,
    ...(whatsapp ? { whatsapp } : {}),
  });
  if (whatsapp) await waitForMessage(h, whatsapp.replace(/\D/g, ''), template('appointment_confirmation'));
  return booking as { id: string };
}

const template = (name: string) => (body: Record<string, unknown>) =>
  (body.template as { name?: string } | undefined)?.name === name;

describe('the console in Chromium', () => {
  let h: Harness;
  const friday = nextFriday();
  /** A wide tab on the Los Angeles day of `date` with the booking's panel open. */
  const openBooking = async (date: string, id: string) => {
    const page = await h.page({ width: 1280, height: 900 });
    await page.goto(`${h.url}/console#/day/${LA}/${date}/${id}`);
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(RESULTS, `console-${name}.png`), fullPage: true });

  before(async () => {
    h = await startHarness({ BUSINESS_CONFIG: catalogWithLosAngeles() });
  });
  // Each open console holds a live stream: Chromium allows 6 connections per host over HTTP/1.1.
  afterEach(async () => {
    for (const page of h.browser.pages()) await page.close();
  });
  after(() => h.close());

  test('Los Angeles: a Friday 19:00 booking shows at 19:00 on Friday, labelled with the zone, in the day and the week', {
    timeout: 90_000,
  }, async () => {
    const { booking } = await api(h, 'POST', '/api/bookings', {
      service: 'shopping',
      location: LA,
      date: friday,
      time: '19:00',
      name: 'Lee Evening',
      source: 'phone',
    });
    const page = await h.page({ width: 1280, height: 900 });
    await page.goto(`${h.url}/console#/day/${LA}/${friday}`);
    const chip = page.locator(`[data-booking="${booking.id}"]`);
    await chip.waitFor();
    assert.match(await chip.innerText(), /19:00–19:30/);
    assert.match(await page.getByTestId('agenda-zone').innerText(), /America\/Los Angeles \((PST|PDT|GMT-8|GMT-7)\)/);
    assert.match(await page.locator('#agenda-title').innerText(), /Friday/);
    await shot(page, 'la-day');
    await page.getByTestId('view-week').click();
    const column = page.locator(`.week-day[data-date="${friday}"]`);
    await column.locator(`[data-booking="${booking.id}"]`).waitFor();
    assert.match(await column.innerText(), /19:00/);
    // Saturday in UTC is empty: the booking is not moved to the next day.
    const saturday = DateTime.fromISO(friday).plus({ days: 1 }).toISODate();
    assert.equal(await page.locator(`.week-day[data-date="${saturday}"] [data-testid=booking]`).count(), 0);
    await shot(page, 'la-week');
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('a walk-in with a WhatsApp number: booked at a free time, the customer gets the confirmation', {
    timeout: 90_000,
  }, async () => {
    const page = await h.page({ width: 1280, height: 900 });
    await page.goto(`${h.url}/console#/day/${LA}/${friday}`);
    await page.getByTestId('new-booking').click();
    await page.getByTestId('walk-in-form').waitFor();
    await page.getByTestId('walk-in-date').fill(friday);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="walk-in-time"]') as HTMLSelectElement | null;
      return el !== null && !el.disabled && Array.from(el.options).some((o) => o.value === '10:00');
    });
    await page.getByTestId('walk-in-time').selectOption('10:00');
    await page.getByTestId('walk-in-name').fill('Walk In');
    await page.getByTestId('walk-in-whatsapp').fill('+1 213 555 0101');
    await page.getByTestId('walk-in-language').selectOption('es');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'walk-in-form');
    await page.getByTestId('walk-in-submit').click();
    await page.getByTestId('booking-details').waitFor();
    assert.match(await page.getByTestId('booking-when').innerText(), /10:00/);
    await waitForMessage(h, '12135550101', template('appointment_confirmation'));
    const { rows } = await h.app.db.query<{ source: string; booked_by: string; start_at: Date }>(
      `SELECT source, booked_by, start_at FROM bookings WHERE customer_phone = '12135550101'`,
    );
    assert.equal(rows[0]!.source, 'walk_in');
    assert.equal(rows[0]!.booked_by, 'demo');
    assert.equal(DateTime.fromJSDate(rows[0]!.start_at).setZone('America/Los_Angeles').toFormat('HH:mm'), '10:00');
    await shot(page, 'walk-in-booked');
  });

  test('cancel with a reason: the customer gets appointment_cancelled and the reason is kept', {
    timeout: 90_000,
  }, async () => {
    const booking = await deskBooking(h, friday, '11:00', 'Cancel Me', '+1 213 555 0102');
    const page = await openBooking(friday, booking.id);
    await page.getByTestId('open-cancel').click();
    await page.getByTestId('cancel-reason-input').fill('The store floods on Friday');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'cancel-form');
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-reason').waitFor();
    assert.match(await page.getByTestId('booking-status').innerText(), /cancelled/);
    await waitForMessage(h, '12135550102', template('appointment_cancelled'));
    const { rows } = await h.app.db.query<{ cancel_reason: string; cancelled_by: string }>(
      'SELECT cancel_reason, cancelled_by FROM bookings WHERE id = $1',
      [booking.id],
    );
    assert.deepEqual(rows[0], { cancel_reason: 'The store floods on Friday', cancelled_by: 'demo' });
    await shot(page, 'cancelled');
  });

  test('reschedule to a free time: the customer gets appointment_rescheduled and the reminders move', {
    timeout: 90_000,
  }, async () => {
    const booking = await deskBooking(h, friday, '12:00', 'Move Me', '+1 213 555 0103');
    const page = await openBooking(friday, booking.id);
    await page.getByTestId('open-reschedule').click();
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="reschedule-time"]') as HTMLSelectElement | null;
      return el !== null && Array.from(el.options).some((o) => o.value === '15:30');
    });
    await page.getByTestId('reschedule-time').selectOption('15:30');
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'reschedule-form');
    await page.getByTestId('confirm-reschedule').click();
    await page.waitForFunction(() =>
      /15:30/.test(document.querySelector('[data-testid="booking-when"]')?.textContent ?? ''),
    );
    await waitForMessage(h, '12135550103', template('appointment_rescheduled'));
    const start = DateTime.fromISO(`${friday}T15:30`, { zone: 'America/Los_Angeles' }).toMillis();
    const { rows } = await h.app.db.query<{ due: string }>(
      `SELECT payload->>'dueAt' AS due FROM jobs WHERE name = 'reminder.send' AND state = 'queued' AND payload->>'bookingId' = $1`,
      [booking.id],
    );
    // The demo's reminders are 24 h and 2 h before: both now due before the new time.
    assert.deepEqual(rows.map((r) => Date.parse(r.due)).sort(), [start - 86_400_000, start - 7_200_000].sort());
    await shot(page, 'rescheduled');
  });

  test('attendance and notes: a no-show and a completed visit are counted on the customer, a note keeps its author', {
    timeout: 90_000,
  }, async () => {
    const booking = await deskBooking(h, friday, '13:00', 'Noshow Nora', '+1 213 555 0104');
    // The appointment has begun: moved to start 30 minutes ago (marks wait for the start).
    await h.app.db.query(
      `UPDATE bookings SET start_at = now() - interval '30 minutes', block_start = now() - interval '30 minutes',
         end_at = now(), block_end = now() WHERE id = $1`,
      [booking.id],
    );
    const today = DateTime.now().setZone('America/Los_Angeles').minus({ minutes: 30 }).toISODate()!;
    const page = await openBooking(today, booking.id);
    await page.getByTestId('mark-no_show').click();
    await page.getByTestId('mark-undo').waitFor();
    assert.match(await page.getByTestId('booking-status').innerText(), /no-show/);
    await page.getByTestId('note-input').fill('Called twice, no answer');
    await page.getByTestId('add-note').click();
    await page.getByTestId('notes').getByText('Called twice, no answer').waitFor();
    assert.match(await page.getByTestId('notes').innerText(), /demo/);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'no-show-note');
    // A second appointment of theirs, an hour earlier: arrived, then completed.
    const second = await deskBooking(h, friday, '14:00', 'Noshow Nora', '+1 213 555 0104');
    await h.app.db.query(
      `UPDATE bookings SET start_at = now() - interval '90 minutes', block_start = now() - interval '90 minutes',
         end_at = now() - interval '60 minutes', block_end = now() - interval '60 minutes' WHERE id = $1`,
      [second.id],
    );
    const secondDay = DateTime.now().setZone('America/Los_Angeles').minus({ minutes: 90 }).toISODate();
    await page.goto(`${h.url}/console#/day/${LA}/${secondDay}/${second.id}`);
    await page.getByTestId('mark-arrived').click();
    await page
      .getByTestId('booking-status')
      .getByText(/arrived/)
      .waitFor();
    await page.getByTestId('mark-completed').click();
    await page
      .getByTestId('booking-status')
      .getByText(/completed/)
      .waitFor();
    await shot(page, 'completed');
    await page.getByTestId('customer-link').click();
    await page.getByTestId('customer').waitFor();
    assert.match(await page.getByTestId('customer-counts').innerText(), /Completed: 1 · No-shows: 1/);
    const { rows } = await h.app.db.query<{ attendance: string; author: string | null }>(
      `SELECT attendance, (SELECT author FROM booking_notes WHERE booking_id = b.id) AS author FROM bookings b
       WHERE id = ANY($1) ORDER BY start_at DESC`,
      [[booking.id, second.id]],
    );
    assert.deepEqual(rows, [
      { attendance: 'no_show', author: 'demo' },
      { attendance: 'completed', author: null },
    ]);
  });

  test('customers: found by name, their history and language, erased on request', { timeout: 90_000 }, async () => {
    const page = await h.page({ width: 1280, height: 900 });
    await page.goto(`${h.url}/console#/customers`);
    await page.getByTestId('customer-search').fill('walk');
    await page.getByTestId('customer-search').press('Enter');
    await page.getByTestId('customer-match').first().click();
    await page.getByTestId('customer').waitFor();
    assert.match(await page.getByTestId('customer-language').innerText(), /es/);
    assert.match(await page.getByTestId('customer-history').innerText(), /10:00/);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'customer');
    await page.getByTestId('erase').click();
    await page.getByTestId('confirm-erase').click();
    await page.getByTestId('customer-erased').waitFor();
    const { rows } = await h.app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE customer_phone = '12135550101' OR name = 'Walk In'`,
    );
    assert.equal(rows[0]!.n, 0);
  });

  test('live: a booking cancelled by another process leaves the open agenda without a reload', {
    timeout: 90_000,
  }, async () => {
    const { booking } = await api(h, 'POST', '/api/bookings', {
      service: 'shopping',
      location: LA,
      date: friday,
      time: '16:30',
      name: 'Live Lucy',
    });
    const page = await h.page({ width: 1280, height: 900 });
    await page.goto(`${h.url}/console#/day/${LA}/${friday}`);
    await page.locator(`[data-booking="${booking.id}"]`).waitFor();
    await page.getByTestId('live').getByText('Live').waitFor();
    // Straight through the database, as another instance would: nothing in this process hears of it.
    await cancelBooking(h.app.db, booking.id, { reason: 'elsewhere', now: new Date() });
    await page.locator(`[data-booking="${booking.id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    assert.match(await page.locator('.cancelled-list').innerText(), /Live Lucy/);
  });

  test('Arabic, right to left, on a phone; Spanish; every page without serious accessibility violations', {
    timeout: 120_000,
  }, async () => {
    const page = await h.page({ width: 390, height: 844 });
    await page.goto(`${h.url}/console#/day/${LA}/${friday}`);
    await page.getByTestId('console').waitFor();
    await page.getByTestId('console-language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.match(await page.getByTestId('agenda-zone').innerText(), /الأوقات بتوقيت/);
    assert.match(await page.locator('#agenda-title').innerText(), /لوس أنجلوس/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page fits a phone (${width} px)`);
    for (const hash of [`#/day/${LA}/${friday}`, `#/week/${LA}/${friday}`, `#/new/${LA}/${friday}`, '#/customers']) {
      await page.goto(`${h.url}/console${hash}`);
      await page.getByTestId('console').waitFor();
      await page.waitForTimeout(300);
      assert.deepEqual(await seriousViolations(page), [], hash);
      await shot(page, `ar-phone-${hash.split('/')[1]}`);
    }
    await page.getByTestId('console-language').selectOption('es');
    await page.goto(`${h.url}/console#/day/${LA}/${friday}`);
    await page
      .getByTestId('agenda-zone')
      .getByText(/Horas en/)
      .waitFor();
    await shot(page, 'es-phone-day');
  });
});

describe('the console in live mode: sign-in and a staff member’s locations', () => {
  let h: Harness;
  const PASSWORD = 'correct horse battery';
  before(async () => {
    h = await startHarness({
      FLOWBOOK_MODE: 'live',
      APP_SECRET: '9f86d081884c7d659a2feaa0c55ad015',
      VERIFY_TOKEN: 'v',
      GRAPH_API_TOKEN: 'g',
      GRAPH_API_BASE_URL: 'http://127.0.0.1:9',
      PHONE_NUMBER_ID: '1',
      FLOW_ID: '2',
      PRIVATE_KEY: generateFlowKeyPair().privatePem,
      ADMIN_TOKEN: 'a-live-admin-token-0123456789abcdef',
    });
    await saveUser(
      h.app.db,
      { username: 'sam', displayName: 'Sam', role: 'staff', locations: ['oxford-street'], password: PASSWORD },
      new Date(),
    );
  });
  after(() => h.close());

  test('a wrong password is refused; staff see only their locations; sign-out asks again', {
    timeout: 90_000,
  }, async () => {
    const page = await h.page({ width: 1024, height: 800 });
    await page.goto(`${h.url}/console`);
    await page.getByTestId('signin').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByTestId('signin-username').fill('sam');
    await page.getByTestId('signin-password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByTestId('signin-error').innerText(), /Wrong username or password/);
    await page.screenshot({ path: path.join(RESULTS, 'console-signin-refused.png') });
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('console').waitFor();
    assert.match(await page.getByTestId('who').innerText(), /Sam \(staff\)/);
    const options = await page.getByTestId('agenda-location').locator('option').allInnerTexts();
    assert.deepEqual(options, ['Oxford Street, London']);
    await page.screenshot({ path: path.join(RESULTS, 'console-staff.png') });
    await page.getByTestId('signout').click();
    await page.getByTestId('signin').waitFor();
    const me = await page.evaluate(async () => (await fetch('/console/api/me')).status);
    assert.equal(me, 401);
  });
});
