// The console's agenda (issue #16): 500 bookings in one week render in < 500 ms. The app runs in this
// process on a temp DATA_DIR with a one-location catalog; the bookings are made through the admin
// API; Debian's Chromium opens the week and the console measures from its data's arrival to the
// frame after it is on screen (the `console-render` measure in src/web/console/agenda.tsx). Beside
// it, the floor: the same page drawing 500 bare elements with the same text through innerHTML.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import { openBenchStore, STORE_ZONE } from './store.ts';

const BOOKINGS = 500;
const RUNS = 7;
const store = await openBenchStore(30);
const { url } = store;
const monday = DateTime.now().setZone(STORE_ZONE).plus({ days: 7 }).startOf('week');
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
await store.close();
rmSync(profile, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `console week with ${BOOKINGS} bookings, data to screen: median ${median(agenda).toFixed(0)} ms, max ${Math.max(...agenda).toFixed(0)} ms over ${RUNS} loads (target < 500 ms); floor (500 bare elements): median ${median(floor).toFixed(0)} ms`,
);
if (Math.max(...agenda) >= 500) process.exitCode = 1;
