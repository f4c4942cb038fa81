import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { listBookings } from '../../src/booking/bookings.ts';
import {
  addCustomer,
  chooseFirst,
  waitForFlowMessage,
  pickValue,
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

/** Opens the Flow and chooses clothing at King's Cross (capacity 1 in the demo catalog), first date and time. */
async function chooseSlot(page: Page): Promise<string> {
  await page.getByTestId('flow-cta').click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  await pickValue(page, 'department', 'clothing');
  await pickValue(page, 'location', 'kings-cross');
  const date = await chooseFirst(page, 'date');
  const time = await chooseFirst(page, 'time');
  return `${date} ${time}`;
}

test('(c) two customers race for a capacity-1 slot: one wins, the other sees the snackbar', {
  timeout: 120_000,
}, async () => {
  const customers = ['447700900011', '447700900012'] as const;
  const pages: Page[] = [];
  for (const waId of customers) {
    await addCustomer(h, waId, 'en_GB', `Racer ${waId.slice(-2)}`);
    await waitForFlowMessage(h, waId);
    const page = await h.page({ width: 420, height: 860 });
    await page.goto(`${h.url}/?customer=${waId}`);
    pages.push(page);
  }
  const [a, b] = pages as [Page, Page];
  const slots = [await chooseSlot(a), await chooseSlot(b)];
  assert.equal(slots[0], slots[1], 'both customers chose the same slot');

  await Promise.all([a.getByTestId('flow-footer').click(), b.getByTestId('flow-footer').click()]);
  const outcome = async (page: Page) => {
    const winner = page.locator('[data-screen="DETAILS"]');
    const loser = page.getByTestId('snackbar');
    await winner.or(loser).first().waitFor();
    return (await winner.count()) > 0 ? 'won' : 'lost';
  };
  const results = [await outcome(a), await outcome(b)];
  assert.deepEqual([...results].sort(), ['lost', 'won']);
  const loser = results[0] === 'lost' ? a : b;
  const winner = results[0] === 'won' ? a : b;
  assert.equal(await loser.getAttribute('[data-testid="flow-player"]', 'data-screen'), 'APPOINTMENT');
  assert.ok((await loser.getByTestId('snackbar').innerText()).length > 0);
  await loser.screenshot({ path: path.join(RESULTS, 'c-race-loser.png') });

  await winner.getByTestId('input-name').fill('Winner');
  await winner.getByTestId('input-email').fill('win@example.com');
  await winner.getByTestId('input-phone').fill('+44 20 7946 0001');
  await winner.getByTestId('flow-footer').click();
  await winner.locator('[data-screen="SUMMARY"]').waitFor();
  await winner.getByTestId('input-terms').check();
  await winner.getByTestId('flow-footer').click();
  await winner.getByTestId('nfm-reply').waitFor();
  await winner.screenshot({ path: path.join(RESULTS, 'c-race-winner.png') });
  const bookings = await listBookings(h.app.db, { status: 'confirmed' });
  assert.equal(bookings.length, 1);
  assert.equal(bookings[0]!.name, 'Winner');
});
