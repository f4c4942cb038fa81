// The console's figures (issue #17) over a busy year: GET /api/insights for 366 days of one location
// holding 20,000 bookings, each with a sent reminder, and 50,000 Flow sessions; and for the default
// range (35 days). The app runs in this process on a temp DATA_DIR (embedded PGlite); the rows are
// written by SQL, not through the API, so the bench takes seconds. Beside it, the floor: the one
// statement the bookings chart needs, run alone through the same database handle.
import { DateTime } from 'luxon';
import { openBenchStore, STORE_ZONE } from './store.ts';

const BOOKINGS = 20_000;
const SESSIONS = 50_000;
const RUNS = 15;

const store = await openBenchStore(60);
const { app, url } = store;
const today = DateTime.now().setZone(STORE_ZONE).startOf('day');
const first = today.minus({ days: 330 });

// Booking g: day g mod 360 from `first`, half-hour slot (g div 360) mod 24 from 08:00, unit
// (g div 8640) mod 8: no two on one unit at one time. A tenth cancelled; of the past ones, 5 % no-shows
// and 80 % marked completed.
await app.db.query(
  `INSERT INTO bookings (unit_id, location_id, department_id, service_id, status, start_at, end_at, block_start,
                         block_end, flow_token, customer_phone, name, attendance, created_at, confirmed_at, cancelled_at)
   SELECT u.id, 'store', 'visit', 'visit', CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'confirmed' END,
          s.at, s.at + interval '30 minutes', s.at, s.at + interval '30 minutes', 'bench-' || g, '4477009' || lpad(g::text, 5, '0'),
          'Customer ' || g,
          CASE WHEN g % 10 = 0 OR s.at > now() THEN NULL WHEN g % 20 = 1 THEN 'no_show' WHEN g % 10 < 9 THEN 'completed' END,
          s.at - interval '3 days', s.at - interval '3 days', CASE WHEN g % 10 = 0 THEN s.at - interval '1 day' END
   FROM generate_series(0, $1::int - 1) AS g
   CROSS JOIN LATERAL (SELECT ($2::timestamptz + (g % 360) * interval '1 day' + interval '8 hours'
                               + ((g / 360) % 24) * interval '30 minutes') AS at) s
   JOIN units u ON u.location_id = 'store' AND u.department_id = 'visit' AND u.ordinal = (g / 8640) % 8 + 1`,
  [BOOKINGS, first.toJSDate()],
);
await app.db.query(
  `WITH sent AS (
     INSERT INTO outbound_messages (dedup_key, kind, customer_phone, body, state, booking_id, created_at)
     SELECT 'bench-reminder-' || b.id, 'reminder', b.customer_phone, '{}',
            CASE WHEN b.flow_token LIKE '%3' THEN 'delivered' ELSE 'read' END, b.id, b.start_at - interval '1 day'
     FROM bookings b WHERE b.status = 'confirmed'
     RETURNING id, booking_id, created_at)
   INSERT INTO reminder_outcomes (booking_id, offset_label, due_at, outcome, outbound_id, decided_at)
   SELECT booking_id, '24h', created_at, 'sent', id, created_at FROM sent`,
);
await app.db.query(
  `INSERT INTO flow_funnel (session_hash, furthest, location_id, started_at, reached_at)
   SELECT 'bench-' || g, (ARRAY['INIT', 'APPOINTMENT', 'DETAILS', 'SUMMARY', 'SUCCESS'])[g % 5 + 1],
          CASE WHEN g % 5 = 0 THEN NULL ELSE 'store' END, $2::timestamptz + (g % 360) * interval '1 day',
          $2::timestamptz + (g % 360) * interval '1 day'
   FROM generate_series(0, $1::int - 1) AS g`,
  [SESSIONS, first.toJSDate()],
);

const from = today.minus({ days: 365 - 30 }).toISODate()!;
const to = today.plus({ days: 30 }).toISODate()!;
async function timed(address: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const start = performance.now();
    const res = await fetch(address);
    const body = (await res.json()) as { bookings?: { total: Record<string, number> } };
    if (res.status !== 200 || !body.bookings) throw new Error(`${address}: ${res.status} ${JSON.stringify(body)}`);
    if (i >= 2) times.push(performance.now() - start); // the first two warm caches and the JIT
  }
  return times;
}
const year = await timed(`${url}/api/insights?from=${from}&to=${to}&location=store`);
const recent = await timed(`${url}/api/insights?location=store`);
const floor: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  await app.db.query(
    `SELECT to_char(start_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day, status, count(*) FROM bookings
     WHERE location_id = 'store' AND start_at >= $1 AND start_at < $2 GROUP BY 1, 2`,
    [
      DateTime.fromISO(from, { zone: STORE_ZONE }).toJSDate(),
      DateTime.fromISO(to, { zone: STORE_ZONE }).plus({ days: 1 }).toJSDate(),
      STORE_ZONE,
    ],
  );
  floor.push(performance.now() - start);
}
const { rows } = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM bookings');
await store.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
console.log(
  `insights of ${rows[0]!.n} bookings, ${SESSIONS} Flow sessions, over ${RUNS} calls: 366 days ${ms(year)} (target < 1000 ms); the default 35 days ${ms(recent)} (target < 250 ms); floor (the bookings-per-day statement alone, 366 days): ${ms(floor)}`,
);
if (median(year) >= 1000 || median(recent) >= 250) process.exitCode = 1;
