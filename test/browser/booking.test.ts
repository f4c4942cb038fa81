import assert from 'node:assert/strict';
import path from 'node:path';
import { DateTime } from 'luxon';
import { after, before, test } from 'node:test';
import { listBookings } from '../../src/booking/bookings.ts';
import {
  addCustomer,
  completeBooking,
  pickValue,
  waitForFlowMessage,
  waitForMessage,
  RESULTS,
  startHarness,
  type Harness,
} from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('(a) the Flow player books INIT → APPOINTMENT → DETAILS → SUMMARY → SUCCESS, and the console shows it', {
  timeout: 90_000,
}, async () => {
  const waId = '447700900001';
  await addCustomer(h, waId, 'en_US', 'Jane');
  const page = await h.page({ width: 900, height: 800 });
  await page.goto(`${h.url}/?customer=${waId}`);
  // The customer types the keyword in the page: a signed delivery reaches the app's POST /webhook,
  // and the app answers with its own Flow message through the emulator.
  await page.getByTestId('composer').fill('I would like an appointment');
  await page.getByTestId('send').click();
  await page.getByTestId('msg-in').filter({ hasText: 'I would like an appointment' }).last().waitFor();
  const delivery = h.app.sandbox!.deliveries.at(-1)!;
  assert.equal(delivery.signed, true);
  assert.equal(delivery.status, 200, 'the webhook stored the delivery');
  const wamid = await waitForFlowMessage(h, waId);
  await page.getByTestId('flow-cta').first().waitFor();
  await completeBooking(page, { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0000' });
  await page.getByTestId('nfm-reply').waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'a-chat-after-booking.png') });

  const bookings = await listBookings(h.app.db, { status: 'confirmed' });
  assert.equal(bookings.length, 1);
  assert.equal(bookings[0]!.name, 'Jane Doe');
  // The completion went to the webhook as an nfm_reply answering the Flow message (docs/protocol.md §2.4).
  // (With the webhook merged the app also answers the typed keyword with its own Flow message, and
  // the player opens the latest one: the reply must answer a Flow message of this conversation.)
  const messages = h.app.sandbox!.store.customers.get(waId)!.messages;
  const reply = messages.find((m) => (m.body.interactive as { type?: string } | undefined)?.type === 'nfm_reply')!;
  const interactive = reply.body.interactive as { nfm_reply: { response_json: string } };
  const answered = messages.find((m) => m.wamid === (reply.body.context as { id: string }).id)!;
  assert.equal((answered.body.interactive as { type: string }).type, 'flow');
  assert.ok(messages.some((m) => m.wamid === wamid));
  assert.equal(JSON.parse(interactive.nfm_reply.response_json).booking_id, bookings[0]!.id);

  // The SUCCESS queued the confirmation template with the booking; the nfm_reply is only marked read.
  await waitForMessage(
    h,
    waId,
    (body) => (body.template as { name?: string } | undefined)?.name === 'appointment_confirmation',
  );
  await page
    .getByText(/Jane Doe|confirmed/i)
    .last()
    .waitFor();

  // The console's day of that booking (the old /agenda address leads there).
  const b = bookings[0]!;
  const zone = h.app.catalog().locations.find((l) => l.id === b.locationId)!.timeZone;
  const day = DateTime.fromJSDate(b.start).setZone(zone).toISODate();
  const agenda = await h.page({ width: 390, height: 844 });
  await agenda.goto(`${h.url}/agenda`);
  await agenda.waitForURL(/\/console/);
  await agenda.goto(`${h.url}/console#/day/${b.locationId}/${day}`);
  await agenda.getByTestId('booking').filter({ hasText: 'Jane Doe' }).click();
  await agenda.getByTestId('booking-details').waitFor();
  await agenda.screenshot({ path: path.join(RESULTS, 'a-agenda-phone.png'), fullPage: true });
  assert.match(await agenda.getByTestId('booking-details').innerText(), /jane@example\.com/);
  await agenda.close();
});

test('(c) a priced service with a person: the sandbox shows services, people and the price on SUMMARY', {
  timeout: 90_000,
}, async () => {
  const waId = '447700900002';
  await addCustomer(h, waId, 'en_US', 'Chris');
  await waitForFlowMessage(h, waId);
  const page = await h.page({ width: 900, height: 800 });
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').first().waitFor();
  let summary = '';
  await completeBooking(
    page,
    { name: 'Chris Moore', email: 'chris@example.com', phone: '+44 20 7946 0002' },
    {
      department: 'colour',
      staff: 'chloe',
      location: 'oxford-street',
      onSummary: async (p) => {
        summary = await p.getByTestId('flow-player').innerText();
        await p.screenshot({ path: path.join(RESULTS, 'c-staff-summary.png') });
      },
    },
  );
  assert.match(summary, /Hair colour with Chloé at Oxford Street, London/);
  assert.match(summary, /90 mins? · £79\.50/);
  const booking = (await listBookings(h.app.db, { status: 'confirmed' })).find((b) => b.name === 'Chris Moore');
  assert.equal(booking?.serviceId, 'colour');
  assert.equal(booking?.staffId, 'chloe');
});

test('(d) the person Dropdown shows for a service with staff to choose between, and hides for one without', {
  timeout: 60_000,
}, async () => {
  const waId = '447700900003';
  await addCustomer(h, waId, 'en_US', 'Dana');
  await waitForFlowMessage(h, waId);
  const page = await h.page({ width: 900, height: 800 });
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').last().click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  assert.equal(await page.getByTestId('input-staff').count(), 0, 'hidden before a service is chosen');
  await pickValue(page, 'department', 'haircut');
  await page.getByTestId('input-staff').waitFor();
  const people = await page.getByTestId('input-staff').locator('option:not([disabled])').allInnerTexts();
  assert.deepEqual(people, ['Anyone', 'Ana', 'Ben']);
  await pickValue(page, 'department', 'clothing');
  await page.getByTestId('input-staff').waitFor({ state: 'detached' });
});
