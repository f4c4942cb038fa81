import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const CHROMIUM = '/usr/bin/chromium';
export const RESULTS = path.resolve('test-results');

export interface Harness {
  readonly app: App;
  readonly url: string;
  /** A persistent context on a fresh --user-data-dir. */
  readonly browser: BrowserContext;
  /** A new tab of the given size. */
  page(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** A createApp server on 127.0.0.1:0 with a temp DATA_DIR, and Debian's Chromium launched headless. */
export async function startHarness(
  env: Record<string, string> = {},
  options: { readonly dataDir?: string } = {},
): Promise<Harness> {
  // A given DATA_DIR is the caller's (a restart reuses it); a fresh one is removed on close.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'flowbook-browser-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'flowbook-chromium-'));
  mkdirSync(RESULTS, { recursive: true });
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    APP_SECRET: 'sandbox-secret',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp({ config, log: createLogger('silent') });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  // playwright passes the fresh profile as --user-data-dir itself.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    app,
    url: address,
    browser,
    async page(viewport) {
      const page = await browser.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Adds a customer and has them write first (opening the 24-h window), as the chat page does. */
export async function addCustomer(h: Harness, waId: string, language: string, name: string): Promise<void> {
  await post(h, '/sandbox/api/customers', { waId, language, name });
  await post(h, `/sandbox/api/customers/${waId}/messages`, { text: language === 'ar' ? 'موعد' : 'appointment' });
}

/**
 * Waits for the business's own Flow message to this customer: the app's webhook answers the keyword
 * that {@link addCustomer} typed with an interactive Flow message (docs/protocol.md §7) sent through the emulator.
 */
export async function waitForFlowMessage(h: Harness, waId: string, timeoutMs = 15_000): Promise<string> {
  return waitForMessage(
    h,
    waId,
    (body) => (body.interactive as { type?: string } | undefined)?.type === 'flow',
    timeoutMs,
  );
}

/** Waits for an outgoing message to this customer that `match` accepts; returns its wamid. */
export async function waitForMessage(
  h: Harness,
  waId: string,
  match: (body: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = h.app
      .sandbox!.store.customers.get(waId)
      ?.messages.find((m) => m.direction === 'out' && match(m.body));
    if (found) return found.wamid;
    await new Promise((r) => setTimeout(r, 50));
  }
  // Say what did arrive: a missing message is easier to place next to the ones that came.
  const seen = (h.app.sandbox!.store.customers.get(waId)?.messages ?? []).map(
    (m) => `${m.direction} ${describeBody(m.body)}`,
  );
  throw new Error(
    `no matching message to ${waId} within ${timeoutMs} ms; the conversation: ${seen.join(' | ') || 'empty'}`,
  );
}

function describeBody(body: Record<string, unknown>): string {
  const type = String(body.type ?? '?');
  const detail = body[type] as { name?: string; type?: string } | undefined;
  return [type, detail?.name ?? detail?.type].filter(Boolean).join(':');
}

async function post(h: Harness, url: string, body: unknown): Promise<unknown> {
  const response = await fetch(h.url + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Picks the first enabled option of a Flow input, waiting for the choices to arrive: a Dropdown's
 * options, or a CalendarPicker's days that are not greyed.
 */
export async function chooseFirst(page: Page, name: string, skip = 0): Promise<string> {
  const input = page.getByTestId(`input-${name}`);
  await page.waitForFunction((n) => {
    const el = document.querySelector(`[data-testid="input-${n}"]`);
    if (el instanceof HTMLSelectElement)
      return !el.disabled && Array.from(el.options).some((o) => o.value && !o.disabled);
    return el !== null && el.querySelector('button[data-date]:not([disabled])') !== null;
  }, name);
  if ((await input.evaluate((el) => el.tagName)) !== 'SELECT') {
    const days = input.locator('button[data-date]:not([disabled])');
    const day = days.nth(Math.min(skip, (await days.count()) - 1));
    const date = (await day.getAttribute('data-date'))!;
    await day.click();
    return date;
  }
  const values = await input.evaluate((el) =>
    Array.from((el as HTMLSelectElement).options)
      .filter((o) => o.value && !o.disabled)
      .map((o) => o.value),
  );
  const value = values[Math.min(skip, values.length - 1)]!;
  await input.selectOption(value);
  return value;
}

/** Opens the Flow of the latest Flow message and walks APPOINTMENT to SUMMARY to SUCCESS. */
export async function completeBooking(
  page: Page,
  who: { name: string; email: string; phone: string },
  choice?: {
    department?: string;
    staff?: string;
    location?: string;
    /** Which free date: 0 the first (default). */
    dateIndex?: number;
    onSummary?: (page: Page) => Promise<void>;
  },
): Promise<void> {
  await page.getByTestId('flow-cta').last().click();
  await page.locator('[data-screen="APPOINTMENT"]').waitFor();
  if (choice?.department) await pickValue(page, 'department', choice.department);
  else await chooseFirst(page, 'department');
  if (choice?.staff) await pickValue(page, 'staff', choice.staff);
  if (choice?.location) await pickValue(page, 'location', choice.location);
  else await chooseFirst(page, 'location');
  await chooseFirst(page, 'date', choice?.dateIndex ?? 0);
  await chooseFirst(page, 'time');
  await page.getByTestId('flow-footer').click();
  await page.locator('[data-screen="DETAILS"]').waitFor();
  await page.getByTestId('input-name').fill(who.name);
  await page.getByTestId('input-email').fill(who.email);
  await page.getByTestId('input-phone').fill(who.phone);
  await page.getByTestId('flow-footer').click();
  await page.locator('[data-screen="SUMMARY"]').waitFor();
  await choice?.onSummary?.(page);
  await page.getByTestId('input-terms').check();
  await page.getByTestId('flow-footer').click();
  await page.getByTestId('flow-player').waitFor({ state: 'detached' });
}

export async function pickValue(page: Page, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([n, v]) => {
      const el = document.querySelector(`[data-testid="input-${n}"]`) as HTMLSelectElement | null;
      return el !== null && !el.disabled && Array.from(el.options).some((o) => o.value === v && !o.disabled);
    },
    [name, value] as const,
  );
  await page.getByTestId(`input-${name}`).selectOption(value);
}
