// Availability latency with 20 locations × 5 departments, 20,000 bookings and a 60-day window, plus
// the 200-customer contention race. PGlite always; a PostgreSQL server too when a URL is given
// (argument or TEST_DATABASE_URL). Run: npx tsx bench/availability.ts [postgres://…]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAvailability } from '../src/booking/availability.ts';
import { listBookings } from '../src/booking/bookings.ts';
import { confirmBooking } from '../src/booking/confirm.ts';
import { placeHold } from '../src/booking/holds.ts';
import { daySlots, windowDates } from '../src/booking/slots.ts';
import { syncUnits, unitId } from '../src/booking/units.ts';
import { parseCatalog } from '../src/catalog/load.ts';
import type { Catalog } from '../src/catalog/schema.ts';
import { openDatabase, type Database } from '../src/db/index.ts';

const NOW = new Date('2027-06-01T06:00:00Z');
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide', 'Asia/Tokyo'];
const DEPARTMENTS = ['a', 'b', 'c', 'd', 'e'];
const day = [['09:00', '17:00']];

function benchCatalog(): Catalog {
  return parseCatalog({
    business: { name: 'Bench' },
    booking: { slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 60, windowDays: 60, holdMinutes: 10 },
    departments: DEPARTMENTS.map((id) => ({ id, title: id })),
    locations: Array.from({ length: 20 }, (_, i) => ({
      id: `loc${i}`,
      title: `Location ${i}`,
      address: 'x',
      timeZone: ZONES[i % ZONES.length],
      capacity: Object.fromEntries(DEPARTMENTS.map((d) => [d, 3])),
      hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    })),
  });
}

/** 200 confirmed bookings per location × department on distinct (day, slot, unit) triples. */
async function seed(db: Database, catalog: Catalog): Promise<void> {
  await syncUnits(db, catalog, NOW);
  const cols: unknown[][] = Array.from({ length: 7 }, () => []);
  for (const location of catalog.locations) {
    const dates = windowDates(location, NOW.getTime(), catalog.booking);
    for (const dep of DEPARTMENTS) {
      for (let i = 0; i < 200; i++) {
        const slot = daySlots(location, dates[i % 60]!, catalog.booking)[(i * 7) % 16]!;
        const values = [
          unitId(location.id, dep, (Math.floor(i / 60) % 3) + 1),
          location.id,
          dep,
          new Date(slot.start),
          new Date(slot.end),
          `seed-${location.id}-${dep}-${i}`,
          `4470${i}`,
        ];
        values.forEach((v, k) => {
          cols[k]!.push(v);
        });
      }
    }
  }
  await db.query(
    `INSERT INTO bookings (unit_id, location_id, department_id, status, start_at, end_at, block_end, flow_token, customer_phone, confirmed_at)
     SELECT u, l, d, 'confirmed', s, e, e, t, p, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[]) AS x(u, l, d, s, e, t, p)`,
    cols,
  );
  await db.exec('ANALYZE bookings');
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (n=${samples.length})`;
}

async function measure(db: Database, catalog: Catalog, ttl: number | undefined, label: string): Promise<void> {
  const availability = createAvailability(db, ttl === undefined ? {} : { cacheTtlMs: ttl });
  const dates: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const location = catalog.locations[i % 20]!;
    const dep = DEPARTMENTS[(i * 3) % 5]!;
    let t = performance.now();
    const list = await availability.availableDates(catalog, { serviceId: dep, locationId: location.id }, NOW);
    dates.push(performance.now() - t);
    t = performance.now();
    await availability.availableTimes(
      catalog,
      { serviceId: dep, locationId: location.id },
      list[(i % 59) + 1]!.date,
      NOW,
    );
    times.push(performance.now() - t);
  }
  availability.close();
  console.log(`  ${label} availableDates: ${percentiles(dates.slice(100))}`);
  console.log(`  ${label} availableTimes: ${percentiles(times.slice(100))}`);
}

async function contention(db: Database, _catalog: Catalog): Promise<void> {
  for (const [n, location] of [
    [1, 'loc1'],
    [3, 'loc2'],
  ] as const) {
    const start = new Date('2027-07-20T12:00:00Z');
    await db.query("UPDATE units SET active = (ordinal <= $1) WHERE location_id = $2 AND department_id = 'a'", [
      n,
      location,
    ]);
    const t = performance.now();
    const wins = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        try {
          await placeHold(db, {
            flowToken: `race-${location}-${i}`,
            customerPhone: `1${i}`,
            language: 'en',
            locationId: location,
            departmentId: 'a',
            start,
            end: new Date(start.getTime() + 1_800_000),
            holdMinutes: 10,
            bufferMinutes: 0,
            now: NOW,
          });
          await confirmBooking(db, {
            flowToken: `race-${location}-${i}`,
            details: { name: 'n', email: 'e', phone: 'p' },
            now: NOW,
          });
          return 1;
        } catch (error) {
          if ((error as { code?: string }).code === 'FB_SLOT_TAKEN') return 0;
          throw error;
        }
      }),
    );
    const confirmed = (
      await listBookings(db, {
        locationId: location,
        departmentId: 'a',
        from: start,
        to: new Date(start.getTime() + 1),
      })
    ).length;
    console.log(
      `  contention capacity ${n}: 200 racers → ${wins.reduce((a: number, b) => a + b, 0)} won, ${confirmed} confirmed rows, ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
}

async function run(label: string, db: Database): Promise<void> {
  const catalog = benchCatalog();
  const t = performance.now();
  await seed(db, catalog);
  console.log(`${label}: seeded 20,000 bookings in ${(performance.now() - t).toFixed(0)} ms`);
  await measure(db, catalog, undefined, 'cached  ');
  await measure(db, catalog, 0, 'uncached');
  await contention(db, catalog);
  await db.close();
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-bench-'));
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
await run('PGlite', await openDatabase({ dataDir: dir }));
rmSync(dir, { recursive: true, force: true });
const url = process.argv[2] ?? process.env.TEST_DATABASE_URL;
if (url) await run('PostgreSQL', await openDatabase({ dataDir: '', databaseUrl: url }));
