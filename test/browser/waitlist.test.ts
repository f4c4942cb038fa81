// The whole waitlist in the sandbox, in Chromium (issue #19): on a fully booked small catalog, customers tap
// "Join the waitlist" in the Flow, a cancellation frees a time, the first is offered it on their phone and
// lets it pass, the second books it with one tap, and an offer nobody answers runs out with the clock control.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cancelBooking, listBookings } from '../../src/booking/bookings.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { addDays, startOfLocalDay } from '../../src/booking/slots.ts';
import { localDate } from '../../src/time.ts';
import { listEntries } from '../../src/waitlist/entries.ts';
import {
  addCustomer,
  chooseFirst,
  RESULTS,
  startHarness,
  waitForFlowMessage,
  waitForMessage,
  type Harness,
} from './harness.ts';
import { oneChairCatalog, ZONE } from '../waitlist/catalog.ts';

const CATALOG = oneChairCatalog({ close: '11:00', windowDays: 3, maxDays: 3 });

let h: Harness;
/** Every future half hour of the window, booked by someone: nothing is free. */
const booked: string[] = [];

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-waitlist-page-'));
  writeFileSync(path.join(dir, 'catalog.yaml'), CATALOG);
  h = await startHarness({ BUSINESS_CONFIG: path.join(dir, 'catalog.yaml') });
  const unit = (await h.app.db.query<{ id: string }>(`SELECT id FROM units WHERE location_id = 'clinic'`)).rows[0]!.id;
  const today = localDate(ZONE, Date.now());
  for (let day = 0; day < 3; day++) {
    for (const minutes of [600, 630]) {
      const start = new Date(startOfLocalDay(ZONE, addDays(today, day)) + minutes * 60_000);
      if (start.getTime() <= Date.now()) continue;
      const flowToken = `full-${day}-${minutes}`;
      const hold = await placeHold(h.app.db, {
        flowToken,
        customerPhone: `4477009${String(booked.length).padStart(5, '0')}`,
        language: 'en_GB',
        locationId: 'clinic',
        departmentId: 'consult',
        candidates: [{ unitId: unit }],
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(),
      });
      await confirmBooking(h.app.db, {
        flowToken,
        details: { name: 'Regular', email: '', phone: '' },
        now: new Date(),
      });
      booked.push(hold.id);
    }
  }
});
after(async () => {
  await h?.close();
});

const text = (page: Page) => page.getByTestId('messages').textContent();
const offer = (body: Record<string, unknown>) =>
  JSON.stringify(body).includes('wl_take:') && (body.type === 'interactive' || body.type === 'template');

/** Opens the customer's Flow on `page`, chooses the service and place, and taps "Join the waitlist". */
async function joinOnPage(page: Page, waId: string, name: string): Promise<void> {
  await addCustomer(h, waId, 'en_GB', name);
  await waitForFlowMessage(h, waId);
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').last().click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  await chooseFirst(page, 'department');
  await chooseFirst(page, 'location');
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await page.getByTestId('flow-player').waitFor({ state: 'detached' });
  await waitForMessage(h, waId, (b) => b.type === 'text' && JSON.stringify(b).includes('on the waitlist'));
  await page.getByText(/You're on the waitlist for Consultation at The Clinic/).waitFor();
}

test('join from the Flow, the first lets the freed time pass, the second books it, an unanswered offer runs out', {
  timeout: 180_000,
}, async () => {
  assert.ok(booked.length >= 2, 'the window is fully booked');
  const [ana, ben, cleo] = ['447700910001', '447700910002', '447700910003'];
  const page = await h.page({ width: 1100, height: 900 });
  await joinOnPage(page, ana, 'Ana');
  await page.screenshot({ path: path.join(RESULTS, 'waitlist-joined.png') });
  await joinOnPage(page, ben, 'Ben');
  await joinOnPage(page, cleo, 'Cleo');

  // A regular cancels: the first in the queue is offered the time on her phone.
  await cancelBooking(h.app.db, booked[0]!, { reason: 'cannot come', now: new Date() }, h.app.bookingHook);
  await waitForMessage(h, ana, offer);
  await page.goto(`${h.url}/?customer=${ana}`);
  await page.getByText('Good news: a time has freed up.').waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'waitlist-offer.png') });
  await page.getByRole('button', { name: 'Not for me' }).click();
  await page.getByText(/we offer it to the next person/).waitFor();

  // Ben is next: he books it with one tap, and gets the usual confirmation.
  await waitForMessage(h, ben, offer);
  await page.goto(`${h.url}/?customer=${ben}`);
  await page.getByRole('button', { name: 'Book it' }).click();
  await waitForMessage(
    h,
    ben,
    (b) => (b.template as { name?: string } | undefined)?.name === 'appointment_confirmation',
  );
  await page
    .getByText(/Appointment confirmed/i)
    .first()
    .waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'waitlist-booked.png') });
  const mine = (await listBookings(h.app.db, { statuses: ['confirmed'] })).filter((b) => b.customerPhone === ben);
  assert.equal(mine.length, 1, 'Ben has the freed time');

  // Another time frees; Ana let the first one pass but waits for others: she is first again. Nobody
  // answers; an hour on the clock control and the offer has run out: Cleo is offered it.
  await cancelBooking(h.app.db, booked[1]!, { reason: 'cannot come', now: new Date() }, h.app.bookingHook);
  const offers = () =>
    h.app.sandbox!.store.customers.get(ana)!.messages.filter((m) => m.direction === 'out' && offer(m.body)).length;
  await page.goto(`${h.url}/?customer=${ana}`);
  const deadline = Date.now() + 15_000;
  while (offers() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(offers(), 2, 'the first in the queue is offered the next freed time');
  await page.getByTestId('skip-1').click();
  await page
    .getByTestId('clock-result')
    .filter({ hasText: /1 waitlist offer ran out/ })
    .waitFor();
  await waitForMessage(h, cleo, offer);
  await page.goto(`${h.url}/?customer=${cleo}`);
  await page.getByText('Good news: a time has freed up.').waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'waitlist-next.png') });
  const entries = await listEntries(h.app.db, { statuses: ['waiting', 'offered', 'booked'] });
  assert.deepEqual(
    entries.map((e) => [e.customerId, e.status]),
    [
      [ana, 'waiting'],
      [ben, 'booked'],
      [cleo, 'offered'],
    ],
  );
  assert.ok((await text(page))?.includes('The Clinic'));
  await page.close();
});
