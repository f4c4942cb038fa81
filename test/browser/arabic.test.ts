import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listBookings } from '../../src/booking/bookings.ts';
import { addCustomer, completeBooking, waitForFlowMessage, RESULTS, startHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('(b) an Arabic customer books through a right-to-left page and Flow', { timeout: 90_000 }, async () => {
  const waId = '966501234567';
  await addCustomer(h, waId, 'ar', 'Layla');
  await waitForFlowMessage(h, waId);
  const page = await h.page({ width: 420, height: 860 });
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.getByTestId('flow-player').getAttribute('dir'), 'rtl');
  // The endpoint answered in Arabic: the screen's strings use Arabic script.
  assert.match(await page.getByTestId('flow-player').innerText(), /[\u0600-\u06FF]/);
  const direction = await page.getByTestId('input-department').evaluate((el) => getComputedStyle(el).direction);
  assert.equal(direction, 'rtl');
  await page.screenshot({ path: path.join(RESULTS, 'b-arabic-appointment.png') });
  await page.getByTestId('flow-back').click(); // close, then book from the start
  await completeBooking(page, { name: 'ليلى أحمد', email: 'layla@example.com', phone: '+966 50 123 4567' });
  await page.getByTestId('nfm-reply').waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'b-arabic-chat.png') });
  const bookings = await listBookings(h.app.db, { status: 'confirmed' });
  assert.equal(bookings.length, 1);
  assert.equal(bookings[0]!.name, 'ليلى أحمد');
  assert.equal(bookings[0]!.language, 'ar');
});
