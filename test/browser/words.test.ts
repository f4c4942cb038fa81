// Issue #20 in Chromium: the Flow, the chat and the templates in six languages as a reader of each
// would write them (screenshots kept in test-results/words-*.png), and the sandbox's own pages: a
// snackbar that covers no button and goes away, TextBody's line breaks, the chat at its newest
// message, a demo customer on first open, chats that survive a restart, the clock control, the
// player's labels in the customer's language, a phone-width layout.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { flowStrings } from '../../src/flows/strings.ts';
import { phoneStrings } from '../../src/web/phone-strings.ts';
import {
  addCustomer,
  completeBooking,
  RESULTS,
  startHarness,
  waitForFlowMessage,
  waitForMessage,
  type Harness,
} from './harness.ts';

const PHONE = { width: 390, height: 844 };

/** What each language's fixes look like on the SUMMARY screen and in the confirmation. */
const LANGUAGES: Record<string, { keyword: string; summary: RegExp; confirmation: RegExp }> = {
  // Arabic-Indic digits inside Arabic text.
  ar: { keyword: 'موعد', summary: /[٠-٩]{1,2}:[٠-٩]{2}/, confirmation: /التاريخ والوقت: .*[٠-٩]/ },
  // "یکشنبه ۲۳ دی ۱۴۰۳": weekday, day, month, Solar Hijri year; the price amount first.
  fa: {
    keyword: 'نوبت',
    summary: /^[^\n]*\n\S+ [۰-۹]+ \S+ ۱۴[۰-۹]{2} ساعت/m,
    confirmation: /تاریخ و ساعت: \S+ [۰-۹]+ \S+ ۱۴[۰-۹]{2}/,
  },
  es: { keyword: 'cita', summary: /\d{4} a las \d/, confirmation: /Fecha y hora: / },
  // "um 09:00 Uhr".
  de: { keyword: 'Termin', summary: / um \d{1,2}:\d{2} Uhr/, confirmation: / um \d{1,2}:\d{2} Uhr/ },
  // "सुबह 10:30 बजे", never "am बजे".
  hi: {
    keyword: 'अपॉइंटमेंट',
    summary: /(सुबह|दोपहर|शाम|रात) \d{1,2}:\d{2} बजे/,
    confirmation: /(सुबह|दोपहर|शाम|रात) \d{1,2}:\d{2} बजे/,
  },
  pt_BR: { keyword: 'agendamento', summary: / às \d/, confirmation: /Data e hora: / },
};

async function bubbles(page: Page): Promise<string[]> {
  return page.getByTestId('msg-out').allInnerTexts();
}

describe('words and pages in Chromium', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  test('a demo customer is ready on first open, on a phone-width page that fits the screen', async () => {
    const page = await h.page(PHONE);
    await page.goto(h.url);
    await page.getByTestId('customer-447700900100').waitFor();
    assert.equal(await page.getByTestId('start-hint').innerText(), phoneStrings('en_GB').start);
    const composer = (await page.getByTestId('composer').boundingBox())!;
    assert.ok(composer.y + composer.height <= PHONE.height, `the composer is on screen: ${JSON.stringify(composer)}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no sideways scrolling: ${width}px`);
    await page.screenshot({ path: path.join(RESULTS, 'words-first-open.png') });
    await page.close();
  });

  for (const [language, expected] of Object.entries(LANGUAGES)) {
    test(`${language}: the Flow's titles, dates and times, the confirmation and the chat as its reader writes them`, {
      timeout: 90_000,
    }, async () => {
      const waId = `4477009002${Object.keys(LANGUAGES).indexOf(language)}0`;
      const t = flowStrings(language);
      // The customer writes the keyword in their own language, and the business answers in it.
      const say = (url: string, body: unknown) =>
        fetch(`${h.url}${url}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await say('/sandbox/api/customers', { waId, language, name: `Customer ${language}` });
      await say(`/sandbox/api/customers/${waId}/messages`, { text: expected.keyword });
      await waitForFlowMessage(h, waId);
      const page = await h.page(PHONE);
      await page.goto(`${h.url}/?customer=${waId}`);
      await page.getByTestId('flow-cta').last().click();
      await page.locator('[data-screen="APPOINTMENT"]').waitFor();
      assert.equal(await page.getByTestId('flow-title').innerText(), t.titleAppointment);
      // The player's own labels follow the customer.
      assert.equal(await page.getByTestId('flow-back').getAttribute('aria-label'), phoneStrings(language).back);
      await page.getByTestId('flow-close').click();
      let summary = '';
      await completeBooking(
        page,
        { name: `Client ${language}`, email: 'client@example.com', phone: '+44 7700 900123' },
        {
          dateIndex: 2,
          onSummary: async (p) => {
            assert.equal(await p.getByTestId('flow-title').innerText(), t.titleSummary);
            assert.equal(await p.getByTestId('read-more').innerText(), phoneStrings(language).readMore);
            summary = await p.locator('.fl-body').first().innerText();
            await p.screenshot({ path: path.join(RESULTS, `words-${language}-summary.png`) });
          },
        },
      );
      assert.match(summary, expected.summary, summary);
      await waitForMessage(h, waId, (b) => b.type === 'template');
      await page.waitForFunction(() => document.querySelector('[data-type="template"]') !== null);
      const shown = (await bubbles(page)).join('\n');
      assert.match(shown, expected.confirmation, shown);
      await page.screenshot({ path: path.join(RESULTS, `words-${language}-chat.png`) });
      await page.close();
    });
  }

  test('the snackbar sits clear of every button and goes away; TextBody keeps its line breaks', {
    timeout: 60_000,
  }, async () => {
    const waId = '447700900299';
    await addCustomer(h, waId, 'en_GB', 'Snack');
    await waitForFlowMessage(h, waId);
    const page = await h.page(PHONE);
    await page.goto(`${h.url}/?customer=${waId}`);
    await completeBooking(
      page,
      { name: 'Snack Bar', email: 'snack@example.com', phone: '+44 7700 900299' },
      {
        onSummary: async (p) => {
          const body = p.locator('.fl-body').first();
          assert.equal(await body.evaluate((el) => getComputedStyle(el).whiteSpace), 'pre-line');
          assert.ok((await body.innerText()).includes('\n'), 'the lines of the appointment stay lines');
          // Back to DETAILS, and an email the endpoint refuses: its error_message is a snackbar.
          await p.getByTestId('flow-back').click();
          await p.locator('[data-screen="DETAILS"]').waitFor();
          await p.getByTestId('input-email').fill('not-an-email');
          await p.getByTestId('flow-footer').click();
          const snack = p.getByTestId('snackbar');
          await snack.waitFor();
          const box = (await snack.boundingBox())!;
          for (const button of await p.locator('[data-testid="flow-player"] button').all()) {
            const b = await button.boundingBox();
            if (!b) continue;
            const overlap =
              box.x < b.x + b.width && b.x < box.x + box.width && box.y < b.y + b.height && b.y < box.y + box.height;
            assert.ok(!overlap, `the snackbar covers a button: ${JSON.stringify({ box, b })}`);
          }
          await p.screenshot({ path: path.join(RESULTS, 'words-snackbar.png') });
          await snack.waitFor({ state: 'detached', timeout: 8_000 });
          await p.getByTestId('input-email').fill('snack@example.com');
          await p.getByTestId('flow-footer').click();
          await p.locator('[data-screen="SUMMARY"]').waitFor();
        },
      },
    );
    await page.close();
  });

  test('the chat opens at its newest message and follows new ones', { timeout: 60_000 }, async () => {
    const waId = '447700900298';
    await addCustomer(h, waId, 'en_GB', 'Scroll');
    const page = await h.page(PHONE);
    await page.goto(`${h.url}/?customer=${waId}`);
    for (let i = 0; i < 12; i++) {
      await page.getByTestId('composer').fill(`hello ${i}`);
      await page.getByTestId('send').click();
    }
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="msg-in"]').length >= 13);
    const atBottom = () =>
      page.getByTestId('messages').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 2);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="messages"]')!;
      return el.scrollHeight > el.clientHeight && el.scrollHeight - el.scrollTop - el.clientHeight <= 2;
    });
    assert.ok(await atBottom());
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="msg-in"]').length >= 13);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="messages"]')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight <= 2;
    });
    await page.close();
  });

  test('the clock control sends the reminders of the coming week now', { timeout: 60_000 }, async () => {
    const waId = '447700900297';
    await addCustomer(h, waId, 'en_GB', 'Clock');
    await waitForFlowMessage(h, waId);
    const page = await h.page({ width: 1100, height: 900 });
    await page.goto(`${h.url}/?customer=${waId}`);
    await completeBooking(
      page,
      { name: 'Clock Work', email: 'clock@example.com', phone: '+44 7700 900297' },
      { dateIndex: 2 },
    );
    await waitForMessage(h, waId, (b) => b.type === 'template');
    await page.getByTestId('skip-168').click();
    await page
      .getByTestId('clock-result')
      .filter({ hasText: /[1-9]\d* reminders? sent/ })
      .waitFor();
    await waitForMessage(
      h,
      waId,
      (b) =>
        b.type === 'template' && (b.template as { name?: string }).name?.startsWith('appointment_reminder') === true,
    );
    await page.waitForFunction(() =>
      /reminder/i.test(document.querySelector('[data-testid="messages"]')!.textContent ?? ''),
    );
    await page.screenshot({ path: path.join(RESULTS, 'words-clock.png') });
    await page.close();
  });
});

test('chats survive a restart of the sandbox', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-restart-'));
  try {
    const waId = '447700900296';
    let h = await startHarness({}, { dataDir });
    await addCustomer(h, waId, 'es', 'Reinicio');
    await waitForFlowMessage(h, waId);
    const before = h.app.sandbox!.store.customers.get(waId)!.messages.map((m) => m.wamid);
    // The demo customer removed: a restored phone must not get it back.
    h.app.sandbox!.store.customers.delete('447700900100');
    h.app.sandbox!.store.touch();
    await h.close();
    h = await startHarness({}, { dataDir });
    try {
      assert.deepEqual(
        h.app.sandbox!.store.customers.get(waId)?.messages.map((m) => m.wamid),
        before,
        'the same conversation after the restart',
      );
      const page = await h.page(PHONE);
      await page.goto(`${h.url}/?customer=${waId}`);
      await page.getByTestId('flow-cta').waitFor();
      assert.equal(await page.getByTestId('composer').getAttribute('placeholder'), phoneStrings('es').message);
      await page.screenshot({ path: path.join(RESULTS, 'words-restarted.png') });
      // The first start's demo customer is not added again to a restored phone.
      assert.equal(h.app.sandbox!.store.customers.has('447700900100'), false);
      assert.equal(h.app.sandbox!.store.customers.size, 1);
    } finally {
      await h.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
