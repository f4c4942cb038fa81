// The console's figures as JSON (issue #17): GET /api/insights against SQL counts of what was booked,
// cancelled and marked through the real Flow endpoint and the desk API; the Flow funnel; input errors;
// staff limited to their locations; GET /api/operations with a failed job and today's messages.
// Runs on PostgreSQL too when TEST_DATABASE_URL is set (scripts/test.mjs sets it when a storage suite is selected with it).
import assert from 'node:assert/strict';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import type { Catalog } from '../../src/catalog/schema.ts';
import { saveUser } from '../../src/console/users.ts';
import { pruneOnce } from '../../src/privacy/retention.ts';
import { ENGINES } from '../storage/helpers.ts';
import { waitFor } from '../wait.ts';
import { bookThroughFlow, flowClient, startHarness, type FlowCall, type Harness } from '../webhook/harness.ts';

const ADMIN = { authorization: 'Bearer admin-token' };
const KEYS = path.join(import.meta.dirname, '../fixtures/keys');
const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem')));
const PASSWORD = 'correct horse battery';
const LONDON = 'Europe/London';

/** A weekday at least `ahead` days away, outside the first location's closures and the Christmas week. */
function openWeekday(catalog: Catalog, ahead: number): string {
  const closed = catalog.locations[0]!.closures ?? [];
  for (let d = ahead; ; d++) {
    const date = DateTime.now().setZone(LONDON).plus({ days: d }).toISODate()!;
    const weekday = DateTime.fromISO(date).weekday;
    const isClosed =
      closed.some((c) => date >= c.from && date <= c.to) || (date >= '2026-12-21' && date <= '2026-12-27');
    if (weekday <= 5 && !isClosed) return date;
  }
}

for (const engine of ENGINES)
  describe(`GET /api/insights and /api/operations [${engine}]`, { timeout: 120_000 }, () => {
    let h: Harness;
    let flow: FlowCall;
    let day: string;
    const get = async (url: string, headers: Record<string, string> = ADMIN) => {
      const res = await h.app.server.inject({ url, headers });
      return { status: res.statusCode, body: res.json() };
    };
    const post = async (url: string, payload: unknown) => {
      const res = await h.app.server.inject({ method: 'POST', url, headers: ADMIN, payload: payload as object });
      assert.ok(res.statusCode < 300, `${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const desk = async (location: string, time: string, name: string, date = day) =>
      (
        await post('/api/bookings', {
          service: location === 'kings-cross' ? 'shopping' : 'clothing',
          location,
          date,
          time,
          name,
        })
      ).booking as { id: string };
    /** A desk booking moved to have started `hoursAgo` hours ago, as if the day had come (marks wait for the start). */
    const started = async (location: string, time: string, hoursAgo: number) => {
      const booking = await desk(location, time, `Past ${time}`);
      await h.app.db.query(
        `UPDATE bookings SET start_at = now() - make_interval(hours => $2), block_start = now() - make_interval(hours => $2),
         end_at = now() - make_interval(hours => $2) + interval '30 minutes',
         block_end = now() - make_interval(hours => $2) + interval '30 minutes' WHERE id = $1`,
        [booking.id, hoursAgo],
      );
      return booking;
    };

    before(async () => {
      h = await startHarness({ engine, env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem') } });
      flow = flowClient(h, publicKey);
      day = openWeekday(h.app.catalog(), 3);
      await saveUser(
        h.app.db,
        { username: 'sam', displayName: 'Sam', role: 'staff', locations: ['oxford-street'], password: PASSWORD },
        new Date(),
      );
    });
    after(() => h.close());

    test('bookings per local day by outcome, the no-show rate and the busiest hours equal SQL counts', async () => {
      const a = await desk('kings-cross', '10:00', 'Ana Desk');
      await desk('kings-cross', '10:30', 'Ben Desk');
      const cancelled = await desk('kings-cross', '11:00', 'Cy Desk');
      await desk('oxford-street', '10:00', 'Dee Desk');
      await post(`/api/bookings/${cancelled.id}/cancel`, { reason: 'ill' });
      const noShow = await started('kings-cross', '12:00', 30);
      const came = await started('kings-cross', '12:30', 29);
      await post(`/api/bookings/${noShow.id}/attendance`, { attendance: 'no_show' });
      await post(`/api/bookings/${came.id}/attendance`, { attendance: 'completed' });
      const viaFlow = await bookThroughFlow(
        flow,
        h.app.tokens.mint({ customer: '447700980001', language: 'en_US' }, Date.now()).token,
        'clothing',
        'kings-cross',
        3, // days away, so the app plans its reminders but sends none during the test
      );
      assert.ok(viaFlow.booking_id);

      // Reminder outcomes as src/reminders/fire.ts records them: two sent (one read, one delivered), one
      // removed by the cancel.
      const messages = await h.app.db.query<{ id: string }>(
        `INSERT INTO outbound_messages (dedup_key, kind, customer_phone, body, state, created_at)
         VALUES ('insights-read', 'reminder', '447700980001', '{}', 'read', now() - interval '2 days'),
                ('insights-delivered', 'reminder', '447700980001', '{}', 'delivered', now() - interval '2 days')
         RETURNING id`,
      );
      await h.app.db.query(
        `INSERT INTO reminder_outcomes (booking_id, offset_label, due_at, outcome, outbound_id, decided_at)
       VALUES ($1, '24h', now(), 'sent', $3, now()), ($1, '2h', now(), 'sent', $4, now()),
              ($2, '24h', now(), 'removed', NULL, now()) ON CONFLICT DO NOTHING`,
        [a.id, cancelled.id, messages.rows[0]!.id, messages.rows[1]!.id],
      );
      const today = DateTime.now().setZone(LONDON);
      const from = today.minus({ days: 3 }).toISODate()!;
      const to = DateTime.fromISO(day).plus({ days: 30 }).toISODate()!;
      const { status, body } = await get(`/api/insights?from=${from}&to=${to}&location=kings-cross`);
      assert.equal(status, 200, JSON.stringify(body));

      const { rows } = await h.app.db.query<{ day: string; outcome: string; n: string }>(
        `SELECT to_char(start_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS day,
              CASE WHEN status = 'cancelled' THEN 'cancelled' WHEN attendance = 'no_show' THEN 'no_show'
                   WHEN attendance IN ('arrived', 'completed') THEN 'completed' ELSE 'booked' END AS outcome,
              count(*) AS n
       FROM bookings WHERE location_id = 'kings-cross' AND status IN ('confirmed', 'cancelled')
       GROUP BY 1, 2`,
      );
      const expected = new Map(rows.map((r) => [`${r.day} ${r.outcome}`, Number(r.n)]));
      let seen = 0;
      for (const d of body.bookings.days as Array<Record<string, number> & { date: string }>) {
        for (const outcome of ['booked', 'completed', 'no_show', 'cancelled']) {
          assert.equal(d[outcome], expected.get(`${d.date} ${outcome}`) ?? 0, `${d.date} ${outcome}`);
          seen += d[outcome]!;
        }
      }
      assert.equal(
        seen,
        6,
        'four desk bookings at Kings Cross (one cancelled), two that started, one through the Flow',
      );
      assert.equal(
        body.bookings.days.length,
        DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days + 1,
      );
      assert.deepEqual(body.bookings.total, { booked: 3, completed: 1, no_show: 1, cancelled: 1 });
      assert.deepEqual(body.noShows, { noShows: 1, started: 2, rate: 0.5 });

      const reminders = await h.app.db.query<{ outcome: string; n: string }>(
        `SELECT r.outcome, count(*) AS n FROM reminder_outcomes r JOIN bookings b ON b.id = r.booking_id
       WHERE b.location_id = 'kings-cross' GROUP BY 1`,
      );
      for (const outcome of ['sent', 'skipped', 'removed', 'failed'])
        assert.equal(
          body.reminders[outcome],
          Number(reminders.rows.find((r) => r.outcome === outcome)?.n ?? 0),
          outcome,
        );
      assert.equal(body.reminders.sent, 2);
      const states = await h.app.db.query<{ delivered: string; read: string }>(
        `SELECT count(*) FILTER (WHERE o.state IN ('delivered', 'read')) AS delivered,
                count(*) FILTER (WHERE o.state = 'read') AS read
         FROM reminder_outcomes r JOIN bookings b ON b.id = r.booking_id JOIN outbound_messages o ON o.id = r.outbound_id
         WHERE b.location_id = 'kings-cross' AND r.outcome = 'sent'`,
      );
      assert.deepEqual(
        { delivered: body.reminders.delivered, read: body.reminders.read },
        { delivered: Number(states.rows[0]!.delivered), read: Number(states.rows[0]!.read) },
      );
      assert.deepEqual({ delivered: body.reminders.delivered, read: body.reminders.read }, { delivered: 2, read: 1 });

      const hours = await h.app.db.query<{ hour: number; n: string }>(
        `SELECT extract(hour FROM start_at AT TIME ZONE 'Europe/London')::int AS hour, count(*) AS n FROM bookings
       WHERE location_id = 'kings-cross' AND status = 'confirmed' GROUP BY 1`,
      );
      const byHour = new Map(hours.rows.map((r) => [r.hour, Number(r.n)]));
      assert.equal(body.hours.length, 24);
      for (const { hour, bookings } of body.hours) assert.equal(bookings, byHour.get(hour) ?? 0, `hour ${hour}`);
    });

    test('the Flow funnel: each session by the furthest step it reached, named by a hash of its token', async () => {
      const mint = (phone: string) => h.app.tokens.mint({ customer: phone, language: 'en_US' }, Date.now()).token;
      const before = (await get('/api/insights')).body.funnel as { step: string; sessions: number }[];
      const oxford = '/api/insights?location=oxford-street';
      const beforeOxford = (await get(oxford)).body.funnel as { step: string; sessions: number }[];
      const done = mint('447700980011');
      await bookThroughFlow(flow, done, 'clothing', 'oxford-street', 1);
      const atDetails = mint('447700980012');
      await flow(atDetails, 'INIT');
      const dates = await flow(atDetails, 'data_exchange', 'APPOINTMENT', {
        trigger: 'location_selected',
        department: 'clothing',
        location: 'oxford-street',
      });
      assert.equal(dates.screen, 'APPOINTMENT');
      await flow(atDetails, 'data_exchange', 'APPOINTMENT', { trigger: 'continue', department: 'clothing' });
      const opened = mint('447700980013');
      await flow(opened, 'INIT');
      // Chose a location, then left on APPOINTMENT: counted at INIT for that location.
      const chose = mint('447700980014');
      await flow(chose, 'INIT');
      await flow(chose, 'data_exchange', 'APPOINTMENT', {
        trigger: 'location_selected',
        department: 'clothing',
        location: 'oxford-street',
      });

      const { body } = await get('/api/insights');
      const after = body.funnel as { step: string; sessions: number; dropOff: number }[];
      const added = after.map((s, i) => [s.step, s.sessions - before[i]!.sessions]);
      assert.deepEqual(added, [
        ['INIT', 4],
        ['APPOINTMENT', 2],
        ['DETAILS', 1],
        ['SUMMARY', 1],
        ['SUCCESS', 1],
      ]);
      const atOxford = (await get(oxford)).body.funnel as { step: string; sessions: number }[];
      assert.deepEqual(
        atOxford.map((s, i) => [s.step, s.sessions - beforeOxford[i]!.sessions]),
        [
          ['INIT', 3],
          ['APPOINTMENT', 2],
          ['DETAILS', 1],
          ['SUMMARY', 1],
          ['SUCCESS', 1],
        ],
        'the booked session, the one that chose Oxford Street and continued, and the one that chose it and left',
      );
      for (const [i, s] of after.entries())
        assert.equal(s.dropOff, s.sessions - (after[i + 1]?.sessions ?? s.sessions));
      const { rows } = await h.app.db.query<{ step: string; n: string }>(
        'SELECT furthest AS step, count(*) AS n FROM flow_funnel GROUP BY 1',
      );
      const counts = new Map(rows.map((r) => [r.step, Number(r.n)]));
      assert.equal(
        after[0]!.sessions,
        [...counts.values()].reduce((x, y) => x + y, 0),
      );
      assert.equal(after[4]!.sessions, counts.get('SUCCESS'));

      const hash = createHash('sha256').update(done).digest('hex');
      const row = await h.app.db.query<{ furthest: string; location_id: string }>(
        'SELECT furthest, location_id FROM flow_funnel WHERE session_hash = $1',
        [hash],
      );
      assert.deepEqual(row.rows, [{ furthest: 'SUCCESS', location_id: 'oxford-street' }]);
      const leaked = await h.app.db.query('SELECT 1 FROM flow_funnel WHERE session_hash = ANY($1)', [
        [done, atDetails, opened, chose],
      ]);
      assert.equal(leaked.rows.length, 0, 'no token is stored');
    });

    test('retention removes funnel sessions started before the cut-off, and keeps newer ones', async () => {
      await h.app.db.query(
        `INSERT INTO flow_funnel (session_hash, furthest, started_at, reached_at)
       VALUES ('old', 'INIT', now() - interval '40 days', now() - interval '40 days'), ('new', 'INIT', now(), now())`,
      );
      await pruneOnce(h.app.db, new Date(Date.now() - 30 * 86_400_000), 1_000);
      const { rows } = await h.app.db.query<{ session_hash: string }>(
        "SELECT session_hash FROM flow_funnel WHERE session_hash IN ('old', 'new')",
      );
      assert.deepEqual(
        rows.map((r) => r.session_hash),
        ['new'],
      );
    });

    test('bad input is a 400 that names the field', async () => {
      for (const [query, field] of [
        ['from=2026-13-01', 'from'],
        ['from=yesterday', 'from'],
        ['from=2026-05-10&to=2026-05-01', 'to'],
        ['from=2024-01-01&to=2026-01-01', 'to'],
        ['location=atlantis', 'location'],
        ['colour=blue', 'query'],
      ] as const) {
        const { status, body } = await get(`/api/insights?${query}`);
        assert.equal(status, 400, query);
        assert.equal(body.error.code, 'FB_BAD_REQUEST');
        assert.match(body.error.message, new RegExp(field), query);
      }
      const zone = await get('/api/operations?zone=Mars/Olympus');
      assert.equal(zone.status, 400);
      assert.match(zone.body.error.message, /zone/);
    });

    test('a staff member sees their locations only, and no operations', async () => {
      const res = await h.app.server.inject({
        method: 'POST',
        url: '/console/api/login',
        payload: { username: 'sam', password: PASSWORD },
        remoteAddress: '198.51.100.201',
      });
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const mine = await get(`/api/insights?from=${day}&to=${day}`, { cookie });
      assert.equal(mine.status, 200);
      const { rows } = await h.app.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM bookings WHERE location_id = 'oxford-street' AND status IN ('confirmed', 'cancelled')
         AND to_char(start_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') = $1`,
        [day],
      );
      const total = Object.values(mine.body.bookings.total as Record<string, number>).reduce((x, y) => x + y, 0);
      assert.equal(total, Number(rows[0]!.n));
      assert.equal((await get('/api/insights?location=kings-cross', { cookie })).status, 403);
      assert.equal((await get('/api/operations', { cookie })).status, 403);
    });

    test('operations: template states, the Flow, a failed job that Retry queues again, and today’s messages', async () => {
      const { rows } = await h.app.db.query<{ id: string }>(
        `INSERT INTO jobs (name, payload, state, attempts, last_error) VALUES ('calendar.sync', '{}', 'failed', 8, '{"message":"boom"}')
       RETURNING id`,
      );
      const id = Number(rows[0]!.id);
      await h.app.db.query(
        `INSERT INTO template_status (name, language, status, reason) VALUES ('appointment_reminder', 'es', 'REJECTED', 'INVALID_FORMAT')
       ON CONFLICT (name, language) DO UPDATE SET status = 'REJECTED', reason = 'INVALID_FORMAT'`,
      );
      const { status, body } = await get('/api/operations');
      assert.equal(status, 200);
      assert.ok(body.failedJobs.some((j: { id: number }) => j.id === id));
      assert.deepEqual(
        body.templates.find(
          (t: { name: string; language: string }) => t.name === 'appointment_reminder' && t.language === 'es',
        ),
        {
          name: 'appointment_reminder',
          language: 'es',
          status: 'REJECTED',
          reason: 'INVALID_FORMAT',
          sendable: false,
          category: null,
          quality: null,
          updatedAt: body.templates.find(
            (t: { language: string; name: string }) => t.name === 'appointment_reminder' && t.language === 'es',
          ).updatedAt,
        },
      );
      assert.equal(typeof body.flow.sendable, 'boolean');
      // Statuses of the confirmations sent earlier may still be arriving: wait until both counts agree.
      const start = DateTime.now().setZone(LONDON).startOf('day');
      const messagesToday = await waitFor('today’s messages to match the SQL count', async () => {
        const seen = (await get('/api/operations')).body.messagesToday;
        const sent = await h.app.db.query<{ state: string; n: string }>(
          'SELECT state, count(*) AS n FROM outbound_messages WHERE created_at >= $1 AND created_at < $2 GROUP BY 1',
          [start.toJSDate(), start.plus({ days: 1 }).toJSDate()],
        );
        const byState = Object.fromEntries(sent.rows.map((r) => [r.state, Number(r.n)]));
        const states = new Set([...Object.keys(byState), ...Object.keys(seen.byState)]);
        return [...states].every((state) => (seen.byState[state] ?? 0) === (byState[state] ?? 0)) && seen;
      });
      assert.equal(messagesToday.zone, LONDON);
      assert.equal(messagesToday.date, start.toISODate());
      assert.ok(messagesToday.total > 0, 'the confirmations went today');

      await post(`/api/jobs/${id}/retry`, {});
      const after = await h.app.db.query<{ state: string }>('SELECT state FROM jobs WHERE id = $1', [id]);
      assert.notEqual(after.rows[0]!.state, 'failed');
    });
  });
