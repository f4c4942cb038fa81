// The console's agenda (issue #16): 500 bookings in one week render in < 500 ms. The app runs in this
// process on a temp DATA_DIR with a one-location catalog; the bookings are made through the admin
// API; Debian's Chromium opens the week and the console measures from its data's arrival to the
// frame after it is on screen (the `console-render` measure in src/web/console/agenda.tsx). Beside
// it, the floor: the same page drawing 500 bare elements with the same text through innerHTML.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

const BOOKINGS = 500;
const RUNS = 7;
const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-bench-console-'));
const day = [['08:00', '20:00']];
const catalogFile = path.join(dir, 'catalog.json');
writeFileSync(
  catalogFile,
  JSON.stringify({
    business: { name: 'Bench Store', defaultLanguage: 'en_US' },
    booking: { slotMinutes: 30, minNoticeMinutes: 0, windowDays: 30, holdMinutes: 10, maxOpenPerCustomer: 100 },
    departments: [{ id: 'visit', title: 'Visit' }],
    locations: [
      {
        id: 'store',
        title: 'Store',
        address: '1 Bench Road',
        timeZone: 'Europe/London',
        capacity: { visit: 8 },
        hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
      },
    ],
  }),
);
const config = loadConfig({
  DATA_DIR: dir,
  PORT: '0',
  HOST: '127.0.0.1',
  APP_SECRET: 'sandbox-secret',
  LOG_LEVEL: 'silent',
  BUSINESS_CONFIG: catalogFile,
});
const app = await createApp({ config, log: createLogger('silent') });
const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
const monday = DateTime.now().setZone('Europe/London').plus({ days: 7 }).startOf('week');
const times = Array.from(
  { length: 24 },
  (_, i) => `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
);
let made = 0;
for (let n = 0; made < BOOKINGS; n++) {
  const date = monday.plus({ days: n % 7 }).toISODate()!;
  const time = times[Math.floor(n / 7) % times.length]!;
  const res = await fetch(`${url}/api/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'visit', location: 'store', date, time, name: `Customer ${n}`, source: 'phone' }),
  });
  if (res.status === 201) made++;
  else if (n > BOOKINGS * 3) throw new Error(`could not make ${BOOKINGS} bookings: ${await res.text()}`);
}

const profile = mkdtempSync(path.join(tmpdir(), 'flowbook-bench-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage();
await page.setViewportSize({ width: 1440, height: 900 });
const week = `${url}/console#/week/store/${monday.toISODate()}`;
const agenda: number[] = [];
const floor: number[] = [];
for (let i = 0; i < RUNS; i++) {
  await page.goto('about:blank');
  await page.goto(week);
  const ms = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('console-render', 'measure')[0];
    return m ? m.duration : undefined;
  });
  const shown = await page.locator('[data-testid=booking]').count();
  if (shown !== BOOKINGS) throw new Error(`the week shows ${shown} bookings, not ${BOOKINGS}`);
  agenda.push((await ms.jsonValue()) as number);
  floor.push(
    await page.evaluate(
      (n) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          const box = document.createElement('div');
          box.innerHTML = Array.from(
            { length: n },
            (_, k) => `<a class="chip">10:00–10:30 Customer ${k} Visit</a>`,
          ).join('');
          document.body.append(box);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
        }),
      BOOKINGS,
    ),
  );
}
await browser.close();
await app.close();
rmSync(dir, { recursive: true, force: true });
rmSync(profile, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `console week with ${BOOKINGS} bookings, data to screen: median ${median(agenda).toFixed(0)} ms, max ${Math.max(...agenda).toFixed(0)} ms over ${RUNS} loads (target < 500 ms); floor (500 bare elements): median ${median(floor).toFixed(0)} ms`,
);
if (Math.max(...agenda) >= 500) process.exitCode = 1;
