import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { getBooking, listBookings } from '../../src/booking/bookings.ts';
import { addCustomer, completeBooking, RESULTS, startHarness, waitForMessage, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const confirmation = (body: Record<string, unknown>) =>
  (body.template as { name?: string } | undefined)?.name === 'appointment_confirmation';
const rescheduleFlow = (body: Record<string, unknown>) =>
  (body.interactive as { type?: string } | undefined)?.type === 'flow' &&
  (body.interactive as { action: { parameters: { flow_cta?: string } } }).action.parameters.flow_cta ===
    'Choose a new time';

test('Reschedule from the confirmation opens the Flow with the booking chosen; the same booking moves', {
  timeout: 120_000,
}, async () => {
  const waId = '447700900077';
  await addCustomer(h, waId, 'en_US', 'Rui');
  const page = await h.page({ width: 900, height: 800 });
  await page.goto(`${h.url}/?customer=${waId}`);
  await page.getByTestId('flow-cta').first().waitFor();
  // Two free dates ahead: the whole day is open to move within, whatever the time of day (today may
  // have a single time left by the afternoon).
  await completeBooking(
    page,
    { name: 'Rui Costa', email: 'rui@example.com', phone: '+44 20 7946 0001' },
    { dateIndex: 2 },
  );
  await waitForMessage(h, waId, confirmation);
  const [booked] = await listBookings(h.app.db, { status: 'confirmed' });
  assert.ok(booked);

  // The confirmation's quick reply: a Flow whose APPOINTMENT starts on the booking's department, location and date.
  const ctas = await page.getByTestId('flow-cta').count();
  await page.getByRole('button', { name: 'Reschedule' }).last().click();
  await waitForMessage(h, waId, rescheduleFlow);
  // The page shows the new Flow message (its button after the booking's own).
  await page.getByTestId('flow-cta').nth(ctas).waitFor();
  await page.getByTestId('flow-cta').nth(ctas).click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="input-time"]') as HTMLSelectElement | null;
    return el !== null && !el.disabled && el.options.length > 1;
  });
  assert.equal(await page.getByTestId('input-department').inputValue(), booked.departmentId);
  assert.equal(await page.getByTestId('input-location').inputValue(), booked.locationId);
  const date = (await page.getByTestId('input-date').getAttribute('data-value')) ?? '';
  assert.notEqual(date, '', 'the date is chosen');
  await page.screenshot({ path: path.join(RESULTS, 'reschedule-prefilled.png') });

  // Another time of that day (whichever the list puts first, the booking's own time is not it); the old
  // one stays booked until the new one is confirmed.
  const zone = h.app.catalog().locations.find((l) => l.id === booked.locationId)!.timeZone;
  const own = DateTime.fromJSDate(booked.start, { zone }).toFormat('HH:mm');
  const others = await page.getByTestId('input-time').evaluate(
    (el, skip) =>
      Array.from((el as HTMLSelectElement).options)
        .filter((o) => o.value && !o.disabled && o.value !== skip)
        .map((o) => o.value),
    own,
  );
  const time = others[0]!;
  assert.ok(time, `a free time other than ${own}`);
  await page.getByTestId('input-time').selectOption(time);
  await page.getByTestId('flow-footer').click();
  await page.locator('[data-screen="DETAILS"]').waitFor();
  await page.getByTestId('input-name').fill('Rui Costa');
  await page.getByTestId('input-email').fill('rui@example.com');
  await page.getByTestId('input-phone').fill('+44 20 7946 0001');
  await page.getByTestId('flow-footer').click();
  await page.locator('[data-screen="SUMMARY"]').waitFor();
  assert.equal((await getBooking(h.app.db, booked.id))!.start.getTime(), booked.start.getTime());
  await page.getByTestId('input-terms').check();
  await page.getByTestId('flow-footer').click();
  await page.getByTestId('flow-player').waitFor({ state: 'detached' });

  const moved = (await getBooking(h.app.db, booked.id))!;
  assert.equal(moved.status, 'confirmed', 'the same booking, still confirmed');
  assert.notEqual(moved.start.getTime(), booked.start.getTime(), `moved to ${date} ${time}`);
  assert.equal((await listBookings(h.app.db, { status: 'confirmed' })).length, 1, 'no second booking');
  await waitForMessage(
    h,
    waId,
    (body) => (body.template as { name?: string } | undefined)?.name === 'appointment_rescheduled',
  );
});
