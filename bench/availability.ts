// Availability latency for 20 locations × 50 staff × 10 services with 100,000 bookings, all inside
// the 30-day window (the worst case: a real database keeps most of its bookings in the past): cached,
// uncached, and read afresh after a write while the cache holds the rest (its times answer then
// comes from the cache), beside the floor of the same work: a bare round trip and the taken-rows
// query alone.
// Then 200 customers race for one start, on one staff member and on "anyone". PGlite always; a
// PostgreSQL server too when a URL is given (argument or TEST_DATABASE_URL) (issue #14).
// Run: npx tsx bench/availability.ts [postgres://…]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAvailability, providersAt } from '../src/booking/availability.ts';
import { listBookings } from '../src/booking/bookings.ts';
import { confirmBooking } from '../src/booking/confirm.ts';
import { placeHold } from '../src/booking/holds.ts';
import { addDays, startOfLocalDay, windowDates } from '../src/booking/slots.ts';
import { takenRowsOfUnits } from '../src/booking/taken.ts';
import { syncUnits } from '../src/booking/units.ts';
import { parseCatalog } from '../src/catalog/load.ts';
import { bookingModel, staffUnitId } from '../src/catalog/model.ts';
import type { Catalog } from '../src/catalog/schema.ts';
import { openDatabase, type Database } from '../src/db/index.ts';
import { localDate } from '../src/time.ts';

const NOW = new Date('2027-06-01T06:00:00Z');
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide', 'Asia/Tokyo'];
const LOCATIONS = 20;
const STAFF = 50;
const SERVICES = Array.from({ length: 10 }, (_, i) => ({
  id: `s${i}`,
  durationMinutes: [15, 30, 45, 60, 90][i % 5]!,
  bufferAfterMinutes: [0, 10, 15][i % 3]!,
  bufferBeforeMinutes: i % 4 === 0 ? 5 : 0,
}));
const PER_STAFF = 100;
const day = [['09:00', '17:00']];
const week = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };

function benchCatalog(): Catalog {
  return parseCatalog({
    business: { name: 'Bench' },
    booking: { minNoticeMinutes: 60, windowDays: 30, holdMinutes: 10, stepMinutes: 15 },
    services: SERVICES.map((s) => ({ ...s, title: s.id, price: { amount: 20 + s.durationMinutes, currency: 'EUR' } })),
    staff: Array.from({ length: LOCATIONS * STAFF }, (_, n) => ({
      id: `m${n}`,
      name: `Member ${n}`,
      // Each member takes 4 of the 10 services, different ones across the team.
      services: [0, 1, 2, 3].map((k) => SERVICES[(n + k * 3) % 10]!.id),
      hours: { [`loc${Math.floor(n / STAFF)}`]: week },
    })),
    locations: Array.from({ length: LOCATIONS }, (_, i) => ({
      id: `loc${i}`,
      title: `Location ${i}`,
      address: 'x',
      timeZone: ZONES[i % ZONES.length],
      hours: week,
    })),
  });
}

/** 100 confirmed bookings per staff member, four a day on 25 days of the window, never overlapping. */
async function seed(db: Database, catalog: Catalog): Promise<number> {
  await syncUnits(db, catalog, NOW);
  const model = bookingModel(catalog);
  const cols: unknown[][] = Array.from({ length: 10 }, () => []);
  let n = 0;
  for (const member of catalog.staff) {
    const location = catalog.locations.find((l) => l.id === Object.keys(member.hours)[0])!;
    const dates = windowDates(location, NOW.getTime(), { windowDays: 30 });
    for (let i = 0; i < PER_STAFF; i++) {
      const service = model.service(member.services[i % member.services.length]!)!;
      // Four two-hour bands a day (09:15, 11:15, 13:15, 15:15): any service with its buffers fits in one.
      const date = dates[Math.floor(i / 4) % dates.length]!;
      const start = startOfLocalDay(location.timeZone, date) + (9 + 2 * (i % 4)) * 3_600_000 + 15 * 60_000;
      const end = start + service.durationMinutes * 60_000;
      const values = [
        staffUnitId(member.id),
        location.id,
        service.category ?? service.id,
        service.id,
        member.id,
        new Date(start - service.bufferBeforeMinutes * 60_000),
        new Date(start),
        new Date(end),
        new Date(end + service.bufferAfterMinutes * 60_000),
        `seed-${member.id}-${i}`,
      ];
      values.forEach((v, k) => {
        cols[k]!.push(v);
      });
      n++;
    }
  }
  const chunk = 20_000;
  for (let from = 0; from < n; from += chunk) {
    await db.query(
      `INSERT INTO bookings (unit_id, location_id, department_id, service_id, staff_id, block_start, start_at, end_at,
         block_end, flow_token, status, confirmed_at)
       SELECT u, l, d, s, m, bs, st, e, be, t, 'confirmed', now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
         $8::timestamptz[], $9::timestamptz[], $10::text[]) AS x(u, l, d, s, m, bs, st, e, be, t)`,
      cols.map((c) => c.slice(from, from + chunk)),
    );
  }
  await db.exec('ANALYZE bookings');
  return n;
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (n=${samples.length})`;
}

/** The i-th question: a service at a location, a named member every other time, "anyone" otherwise. */
function question(catalog: Catalog, i: number) {
  const model = bookingModel(catalog);
  const location = catalog.locations[(i * 7) % LOCATIONS]!;
  const service = SERVICES[(i * 3) % SERVICES.length]!.id;
  const staff = model.staffFor(service, location.id);
  const staffId = i % 2 === 0 ? staff[(i >> 1) % staff.length]!.id : undefined;
  return { location, choice: { serviceId: service, locationId: location.id, staffId } };
}

/**
 * `afterWrite`: the default TTL, but every answer follows a write to its units, so each is read
 * afresh while the cache keeps what it read (a busy day's pattern: the cached rows age in the heap).
 */
async function measure(
  db: Database,
  catalog: Catalog,
  ttl: number | undefined,
  label: string,
  afterWrite = false,
): Promise<void> {
  const model = bookingModel(catalog);
  const availability = createAvailability(db, ttl === undefined ? {} : { cacheTtlMs: ttl });
  const samples = { dates: [] as number[], anyone: [] as number[], named: [] as number[], times: [] as number[] };
  for (let i = 0; i < 1100; i++) {
    const { choice } = question(catalog, i);
    if (afterWrite) {
      for (const p of model.providers(choice.serviceId, choice.locationId, choice.staffId)) db.changed(p.unitId);
    }
    let t = performance.now();
    const list = await availability.availableDates(catalog, choice, NOW);
    const took = performance.now() - t;
    samples.dates.push(took);
    (choice.staffId ? samples.named : samples.anyone).push(took);
    t = performance.now();
    await availability.availableTimes(catalog, choice, list[(i % 29) + 1]!.date, NOW);
    samples.times.push(performance.now() - t);
  }
  availability.close();
  console.log(`  ${label} availableDates (the window): ${percentiles(samples.dates.slice(100))}`);
  console.log(`  ${label}   of which one named member: ${percentiles(samples.named.slice(50))}`);
  console.log(`  ${label}   of which "anyone" (~20 members): ${percentiles(samples.anyone.slice(50))}`);
  console.log(`  ${label} availableTimes (one date): ${percentiles(samples.times.slice(100))}`);
}

/** The floor under an uncached dates answer: one round trip, and the taken-rows query of the same units alone. */
async function floor(db: Database, catalog: Catalog): Promise<void> {
  const trip: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < 1100; i++) {
    const { location, choice } = question(catalog, i);
    let t = performance.now();
    await db.query('SELECT 1');
    trip.push(performance.now() - t);
    const units = bookingModel(catalog)
      .providers(choice.serviceId, choice.locationId, choice.staffId)
      .map((p) => p.unitId);
    const dates = windowDates(location, NOW.getTime(), { windowDays: 30 });
    t = performance.now();
    await takenRowsOfUnits(db, {
      units,
      from: new Date(startOfLocalDay(location.timeZone, dates[0]!)),
      to: new Date(startOfLocalDay(location.timeZone, addDays(dates.at(-1)!, 1))),
    });
    rows.push(performance.now() - t);
  }
  console.log(`  floor    SELECT 1 round trip: ${percentiles(trip.slice(100))}`);
  console.log(`  floor    taken-rows query of the window alone: ${percentiles(rows.slice(100))}`);
}

/** 200 customers race for one start: with one named staff member (1 may win), then with "anyone" of the team. */
async function contention(db: Database, catalog: Catalog): Promise<void> {
  const location = catalog.locations[1]!;
  const service = bookingModel(catalog).service('s4')!; // 90 minutes
  // A date past the seeded 25 days: the whole team is free at 14:00.
  const date = windowDates(location, NOW.getTime(), { windowDays: 30 })[27]!;
  const start = startOfLocalDay(location.timeZone, date) + 14 * 3_600_000;
  const team = bookingModel(catalog).staffFor(service.id, location.id);
  for (const staffId of [team[0]!.id, undefined]) {
    const choice = { serviceId: service.id, locationId: location.id, staffId };
    const candidates = providersAt(catalog, choice, start);
    const localDay = localDate(location.timeZone, start);
    const t = performance.now();
    const wins = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const flowToken = `race-${staffId ?? 'anyone'}-${i}`;
        try {
          await placeHold(db, {
            flowToken,
            customerPhone: `1${i}`,
            language: 'en',
            locationId: location.id,
            departmentId: service.id,
            serviceId: service.id,
            candidates: candidates.map((p) => ({ unitId: p.unitId, staffId: p.staffId })),
            day: {
              from: new Date(startOfLocalDay(location.timeZone, localDay)),
              to: new Date(startOfLocalDay(location.timeZone, addDays(localDay, 1))),
            },
            start: new Date(start),
            end: new Date(start + service.durationMinutes * 60_000),
            holdMinutes: 10,
            bufferMinutes: service.bufferAfterMinutes,
            bufferBeforeMinutes: service.bufferBeforeMinutes,
            now: NOW,
          });
          await confirmBooking(db, { flowToken, details: { name: 'n', email: 'e', phone: 'p' }, now: NOW });
          return 1;
        } catch (error) {
          if ((error as { code?: string }).code === 'FB_SLOT_TAKEN') return 0;
          throw error;
        }
      }),
    );
    const confirmed = (
      await listBookings(db, { locationId: location.id, from: new Date(start), to: new Date(start + 1) })
    ).filter((b) => b.status === 'confirmed' && b.flowToken.startsWith('race-')).length;
    const label = staffId ? 'one named member' : `"anyone" of ${candidates.length}`;
    const won = wins.reduce((a: number, b) => a + b, 0);
    console.log(
      `  contention ${label}: 200 racers → ${won} won, ${confirmed} confirmed rows in all, ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
}

async function run(label: string, db: Database): Promise<void> {
  const catalog = benchCatalog();
  const t = performance.now();
  const n = await seed(db, catalog);
  console.log(
    `${label}: ${LOCATIONS} locations × ${STAFF} staff × ${SERVICES.length} services, ${n.toLocaleString('en')} bookings seeded in ${(performance.now() - t).toFixed(0)} ms`,
  );
  await floor(db, catalog);
  await measure(db, catalog, undefined, 'cached  ');
  await measure(db, catalog, 0, 'uncached');
  await measure(db, catalog, undefined, 'written ', true);
  await contention(db, catalog);
  await db.close();
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowbook-bench-'));
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
await run('PGlite', await openDatabase({ dataDir: dir }));
rmSync(dir, { recursive: true, force: true });
const url = process.argv[2] ?? process.env.TEST_DATABASE_URL;
if (url) await run('PostgreSQL', await openDatabase({ dataDir: '', databaseUrl: url }));
