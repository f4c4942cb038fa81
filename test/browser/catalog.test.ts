// The catalog editor in Chromium (issue #17): an owner changes a day's hours, adds a closure and edits a
// service in the console, and the Flow offers the change at once, with no restart; a booking the new
// hours no longer fit is listed, not moved; an invalid edit is refused with its field named; the audit
// log says who changed what. The accessibility check runs on each page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { seriousViolations } from './console-helpers.ts';
import { addCustomer, pickValue, RESULTS, startHarness, waitForFlowMessage, type Harness } from './harness.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Two London weekdays (Monday to Thursday) from 3 days ahead, clear of the demo catalog's closures. */
function twoWeekdays(): [string, string] {
  let d = DateTime.now().setZone('Europe/London').plus({ days: 3 });
  const clear = (x: DateTime) => x.weekday <= 4 && !(x.toISODate()! >= '2026-12-21' && x.toISODate()! <= '2027-01-01');
  while (!clear(d) || !clear(d.plus({ days: 1 }))) d = d.plus({ days: 1 });
  return [d.toISODate()!, d.plus({ days: 1 }).toISODate()!];
}

describe('the catalog editor', () => {
  let h: Harness;
  const [day, closed] = twoWeekdays();
  const weekday = WEEKDAYS[DateTime.fromISO(day).weekday - 1]!;

  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  const revisions = async () =>
    (
      await h.app.db.query<{ id: string; author: string; source: string; changes: Array<{ path: string }> }>(
        'SELECT id, author, source, changes FROM catalog_revisions ORDER BY id',
      )
    ).rows;

  test('hours, a closure and a service edited in the console are offered in the Flow without a restart', async () => {
    const late = await fetch(`${h.url}/api/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'shopping',
        location: 'kings-cross',
        date: day,
        time: '16:00',
        name: 'Late Lucy',
      }),
    });
    assert.equal(late.status, 201, await late.clone().text());
    const lateId = ((await late.json()) as { booking: { id: string } }).booking.id;

    const page = await h.page({ width: 1200, height: 1000 });
    await page.goto(`${h.url}/console#/catalog`);
    await page.getByTestId('catalog').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the hours page');

    // Kings Cross (the first location) closes at 13:00 on that weekday, and closes on the next day.
    await page.getByTestId(`f-locations-0-hours-${weekday}-0-to`).fill('13:00');
    const closures = h.app.catalog().locations[0]!.closures.length;
    await page.getByTestId('f-locations-0-closures-add').click();
    await page.getByTestId(`f-locations-0-closures-${closures}-from`).fill(closed);
    await page.getByTestId(`f-locations-0-closures-${closures}-to`).fill(closed);
    await page.getByTestId(`f-locations-0-closures-${closures}-reason`).fill('Stocktake');
    await page.getByTestId('catalog-save').click();
    await page.getByTestId('catalog-notice').filter({ hasText: 'Saved: 2 changes' }).waitFor();
    // The 16:00 booking is listed for a person to decide, and stays confirmed.
    await page.getByTestId(`outside-${lateId}`).filter({ hasText: 'outside the hours now' }).waitFor();
    const { rows } = await h.app.db.query<{ status: string }>('SELECT status FROM bookings WHERE id = $1', [lateId]);
    assert.deepEqual(rows, [{ status: 'confirmed' }]);
    await page.screenshot({ path: path.join(RESULTS, 'catalog-hours.png'), fullPage: true });

    // The first service (shopping): a new English name and one-hour appointments.
    await page.getByTestId('catalog-tab-services').click();
    await page.getByTestId('catalog-service').selectOption('0');
    await page.getByTestId('f-services-0-title-en').fill('Personal shopping');
    await page.getByTestId('f-services-0-durationMinutes').fill('60');
    await page.getByTestId('catalog-save').click();
    await page.getByTestId('catalog-notice').filter({ hasText: 'Saved: 2 changes' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the services page');

    // The audit log: who changed what, in the console and in the database.
    await page.getByTestId('catalog-tab-history').click();
    await page.getByTestId('revision-3-author').filter({ hasText: 'demo' }).waitFor();
    await page.getByTestId('revision-3').filter({ hasText: 'services[shopping].durationMinutes' }).waitFor();
    await page
      .getByTestId('revision-2')
      .filter({ hasText: `locations[kings-cross].hours.${weekday}` })
      .waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the history page');
    await page.screenshot({ path: path.join(RESULTS, 'catalog-history.png'), fullPage: true });
    const stored = await revisions();
    assert.deepEqual(
      stored.map((r) => [r.author, r.source, r.changes.map((c) => c.path).sort()]),
      [
        ['BUSINESS_CONFIG', 'file', []],
        ['demo', 'console', [`locations[kings-cross].closures`, `locations[kings-cross].hours.${weekday}`]],
        ['demo', 'console', ['services[shopping].durationMinutes', 'services[shopping].title.en']],
      ],
    );

    // The customer's Flow, in this same process: the new name, no closed day, hourly times before 13:00.
    const waId = '447700900311';
    await addCustomer(h, waId, 'en_GB', 'Catalog');
    await waitForFlowMessage(h, waId);
    const phone = await h.page({ width: 390, height: 844 });
    await phone.goto(`${h.url}/?customer=${waId}`);
    await phone.getByTestId('flow-cta').last().click();
    await phone.locator('[data-screen="APPOINTMENT"]').waitFor();
    const services = await phone.getByTestId('input-department').locator('option').allTextContents();
    assert.ok(services.includes('Personal shopping'), services.join(', '));
    await pickValue(phone, 'department', 'shopping');
    await pickValue(phone, 'location', 'kings-cross');
    const dates = phone.getByTestId('input-date');
    await dates.locator(`button[data-date="${day}"]:not([disabled])`).waitFor();
    assert.equal(
      await dates.locator(`button[data-date="${closed}"]:not([disabled])`).count(),
      0,
      'the closure is not offered',
    );
    await dates.locator(`button[data-date="${day}"]`).click();
    await phone.waitForFunction(() => {
      const el = document.querySelector('[data-testid="input-time"]') as HTMLSelectElement | null;
      return el !== null && !el.disabled && Array.from(el.options).some((o) => o.value && !o.disabled);
    });
    const times = await phone.getByTestId('input-time').evaluate((el) =>
      Array.from((el as HTMLSelectElement).options)
        .filter((o) => o.value && !o.disabled)
        .map((o) => o.text),
    );
    const minutes = times.map((text) => {
      const [hour, minute] = (/(\d{1,2}):(\d{2})/.exec(text) ?? []).slice(1).map(Number);
      return hour === undefined ? Number.NaN : hour * 60 + minute!;
    });
    assert.ok(minutes.length > 0 && minutes.every((m) => m % 60 === 0 && m < 13 * 60), times.join(', '));
    await phone.screenshot({ path: path.join(RESULTS, 'catalog-flow.png') });
    await phone.close();
    await page.close();
  });

  test('an invalid edit is refused with its field named, and nothing is saved', async () => {
    const before = (await revisions()).length;
    const page = await h.page({ width: 1200, height: 1000 });
    await page.goto(`${h.url}/console#/catalog`);
    await page.getByTestId('catalog-tab-services').click();
    await page.getByTestId('f-services-0-durationMinutes').fill('2');
    await page.getByTestId('catalog-save').click();
    await page.getByTestId('catalog-problem').filter({ hasText: 'Not saved: 1 field needs fixing' }).waitFor();
    await page.getByTestId('f-services-0-durationMinutes-problem').waitFor();
    assert.equal(await page.getByTestId('f-services-0-durationMinutes').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await seriousViolations(page), [], 'the refused edit');
    await page.screenshot({ path: path.join(RESULTS, 'catalog-invalid.png'), fullPage: true });
    assert.equal((await revisions()).length, before);
    assert.equal(h.app.catalog().services!.find((s) => s.id === 'shopping')!.durationMinutes, 60);
    await page.close();
  });

  test('a save made while someone else saved keeps both edits; closing at 00:00 is closing at midnight', async () => {
    const page = await h.page({ width: 1200, height: 1000 });
    await page.goto(`${h.url}/console#/catalog`);
    await page.getByTestId('catalog').waitFor();
    // Covent Garden (the third location) stays open until midnight on Saturdays, in this page's draft.
    await page.getByTestId('catalog-location').selectOption('2');
    await page.getByTestId('f-locations-2-hours-sat-0-to').fill('00:00');
    // Meanwhile someone else gives the haircut 35 minutes, through the API.
    const current = (await (await fetch(`${h.url}/api/catalog/document`)).json()) as {
      revision: number;
      document: { services: Array<{ id: string; durationMinutes: number }> };
    };
    current.document.services.find((x) => x.id === 'haircut')!.durationMinutes = 35;
    const theirs = await fetch(`${h.url}/api/catalog/document`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(current),
    });
    assert.equal(theirs.status, 200, await theirs.clone().text());
    await page.getByTestId('catalog-save').click();
    await page.getByTestId('catalog-problem').filter({ hasText: 'someone else changed the catalog' }).waitFor();
    assert.equal(await page.getByTestId('f-locations-2-hours-sat-0-to').inputValue(), '00:00', 'the draft is kept');
    await page.getByTestId('catalog-save').click();
    await page.getByTestId('catalog-notice').filter({ hasText: 'Saved: 1 change' }).waitFor();
    const catalog = h.app.catalog();
    assert.deepEqual(catalog.locations[2]!.hours.sat, [['10:00', '24:00']]);
    assert.equal(catalog.services!.find((x) => x.id === 'haircut')!.durationMinutes, 35, 'their edit stays');
    await page.close();
  });

  test('in Arabic, right to left on a phone', async () => {
    const page = await h.page({ width: 390, height: 844 });
    await page.goto(`${h.url}/console`);
    await page.evaluate(() => localStorage.setItem('flowbook.console.language', 'ar'));
    await page.goto(`${h.url}/console#/catalog`);
    await page.reload();
    await page.getByTestId('catalog').waitFor();
    assert.equal(
      await page.evaluate(
        () =>
          document.documentElement.dir ||
          document.body.dir ||
          getComputedStyle(document.querySelector('.console')!).direction,
      ),
      'rtl',
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
    assert.deepEqual(await seriousViolations(page), [], 'the Arabic catalog page');
    await page.screenshot({ path: path.join(RESULTS, 'catalog-ar.png'), fullPage: true });
    await page.close();
  });
});
