import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { listBookings } from '../../src/booking/bookings.ts';
import { addCustomer, completeBooking, injectFlowMessage, RESULTS, startHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('(a) the Flow player books INIT → APPOINTMENT → DETAILS → SUMMARY → SUCCESS, and /agenda shows it', { timeout: 90_000 }, async () => {
  const waId = '447700900001';
  await addCustomer(h, waId, 'en_US', 'Jane');
  const wamid = await injectFlowMessage(h, waId, 'en_US');
  const page = await h.page({ width: 900, height: 800 });
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').waitFor();
  await completeBooking(page, { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000' });
  await page.getByTestId('nfm-reply').waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'a-chat-after-booking.png') });

  const bookings = await listBookings(h.app.db, { status: 'confirmed' });
  assert.equal(bookings.length, 1);
  assert.equal(bookings[0]!.name, 'Jane Doe');
  // The completion went to the webhook as an nfm_reply answering the Flow message (SPEC §2.4).
  const reply = h.app.sandbox!.store.customers.get(waId)!.messages.at(-1)!;
  const interactive = reply.body.interactive as { nfm_reply: { response_json: string } };
  assert.equal((reply.body.context as { id: string }).id, wamid);
  assert.equal(JSON.parse(interactive.nfm_reply.response_json).booking_id, bookings[0]!.id);

  const agenda = await h.page({ width: 390, height: 844 });
  await agenda.goto(`${h.url}/agenda`);
  await agenda.getByTestId('booking').filter({ hasText: 'Jane Doe' }).click();
  await agenda.getByTestId('booking-details').waitFor();
  await agenda.screenshot({ path: path.join(RESULTS, 'a-agenda-phone.png'), fullPage: true });
  assert.match(await agenda.getByTestId('booking-details').innerText(), /jane@example\.com/);
});
