import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { cancelBooking, getBooking } from '../../src/booking/bookings.ts';
import { confirmBooking } from '../../src/booking/confirm.ts';
import { storagePorts } from '../../src/booking/flow-ports.ts';
import { createAvailability } from '../../src/booking/availability.ts';
import { placeHold } from '../../src/booking/holds.ts';
import { combineHooks, type BookingHook } from '../../src/booking/hooks.ts';
import { confirmationHook } from '../../src/conversation/confirmation.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { FlowSession } from '../../src/flows/token.ts';
import { claimJobs } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/log.ts';
import { fireReminder, type ReminderDeps } from '../../src/reminders/fire.ts';
import { reminderOutcomes } from '../../src/reminders/outcomes.ts';
import { remindersHook } from '../../src/reminders/schedule.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { ENGINES, openTestDatabase, type TestDatabase } from '../storage/helpers.ts';

const catalog = loadCatalog(); // demo: kings-cross is Europe/London, reminders [24h, 2h]
const templates = loadTemplates();
const log = createLogger('silent');
const PHONE = '447700900123';

for (const engine of ENGINES)
  describe(`reminders in the booking transactions, frozen clock [${engine}]`, () => {
    let t: TestDatabase;
    let now = Date.parse('2027-03-20T12:00:00Z');
    const clock = () => now;
    const hook = remindersHook(() => catalog, clock);
    const deps = (): ReminderDeps => ({ db: t.db, catalog: () => catalog, templates, clock, log });
    let token = 0;

    async function book(
      start: Date,
      opts: { language?: string; confirm?: boolean; unit?: number; hook?: BookingHook } = {},
    ) {
      const flowToken = `tok-${++token}`;
      const held = await placeHold(t.db, {
        flowToken,
        customerPhone: PHONE,
        language: opts.language ?? 'en_GB',
        locationId: 'kings-cross',
        departmentId: 'shopping',
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(now),
      });
      if (opts.confirm !== false)
        await confirmBooking(
          t.db,
          { flowToken, details: { name: 'Ana Lima', email: 'a@example.com', phone: '+44' }, now: new Date(now) },
          opts.hook ?? hook,
        );
      return { id: held.id, flowToken };
    }

    async function reminderJobs(bookingId: string) {
      const { rows } = await t.db.query<{
        dedup_key: string;
        run_at: Date;
        payload: { offset: string; dueAt: string };
        state: string;
      }>(
        `SELECT dedup_key, run_at, payload, state FROM jobs WHERE name = 'reminder.send' AND payload->>'bookingId' = $1 ORDER BY run_at`,
        [bookingId],
      );
      return rows.map((r) => ({
        key: r.dedup_key,
        runAt: new Date(r.run_at).toISOString(),
        offset: r.payload.offset,
        state: r.state,
      }));
    }

    const fire = async (bookingId: string, offset: string) => {
      const job = (await reminderJobs(bookingId)).find((j) => j.offset === offset)!;
      const { rows } = await t.db.query<{ payload: { bookingId: string; offset: string; dueAt: string } }>(
        'SELECT payload FROM jobs WHERE dedup_key = $1',
        [job.key],
      );
      return fireReminder(deps(), rows[0]!.payload);
    };

    before(async () => {
      t = await openTestDatabase(engine);
      await syncUnits(t.db, catalog, new Date(now));
    });
    after(() => t.cleanup());
    beforeEach(() => {
      now = Date.parse('2027-03-20T12:00:00Z');
    });

    test('confirming enqueues one job per offset at start − offset (DST night: 24 real hours), keyed by booking + offset', async () => {
      const start = DateTime.fromISO('2027-03-28T10:00', { zone: 'Europe/London' }).toJSDate();
      const { id } = await book(start);
      assert.deepEqual(await reminderJobs(id), [
        { key: `reminder:${id}:24h`, runAt: '2027-03-27T09:00:00.000Z', offset: '24h', state: 'queued' },
        { key: `reminder:${id}:2h`, runAt: '2027-03-28T07:00:00.000Z', offset: '2h', state: 'queued' },
      ]);
      // The queue's own clock is the database's (real time, 2026 here): nothing is due yet.
      assert.deepEqual(
        (await claimJobs(t.db, 'probe', 10, 1000)).filter((j) => j.name === 'reminder.send'),
        [],
      );
    });

    test('a hook that fails rolls the confirmation back (same transaction)', async () => {
      const flowToken = `tok-${++token}`;
      const start = new Date('2027-03-25T10:00:00Z');
      await placeHold(t.db, {
        flowToken,
        customerPhone: PHONE,
        language: 'en_GB',
        locationId: 'kings-cross',
        departmentId: 'shopping',
        start,
        end: new Date(start.getTime() + 30 * 60_000),
        holdMinutes: 10,
        bufferMinutes: 0,
        now: new Date(now),
      });
      const failing = async () => {
        throw new Error('boom');
      };
      await assert.rejects(
        confirmBooking(
          t.db,
          { flowToken, details: { name: 'A', email: 'a@b.c', phone: '1' }, now: new Date(now) },
          failing,
        ),
        /boom/,
      );
      const { rows } = await t.db.query<{ status: string }>('SELECT status FROM bookings WHERE flow_token = $1', [
        flowToken,
      ]);
      assert.equal(rows[0]!.status, 'held');
    });

    test('firing on time: appointment_reminder in the booking language, localized date_time, payloads name the booking', async () => {
      const start = DateTime.fromISO('2027-03-28T10:00', { zone: 'Europe/London' }).toJSDate();
      const { id } = await book(new Date(start.getTime() + 60 * 60_000), { language: 'de' });
      now = Date.parse('2027-03-27T10:00:00Z');
      assert.equal(await fire(id, '24h'), 'sent');
      const { rows } = await t.db.query<{ kind: string; body: any; text_fallback: string; dedup_key: string }>(
        'SELECT kind, body, text_fallback, dedup_key FROM outbound_messages WHERE booking_id = $1',
        [id],
      );
      assert.equal(rows.length, 1);
      const { body } = rows[0]!;
      assert.equal(rows[0]!.kind, 'template');
      assert.equal(rows[0]!.dedup_key, `reminder:${id}:24h`);
      assert.equal(body.template.name, 'appointment_reminder');
      assert.equal(body.template.language.code, 'de');
      const params = body.template.components.find((c: any) => c.type === 'body').parameters;
      const dateTime = params.find((p: any) => p.type === 'date_time').date_time;
      assert.match(dateTime.fallback_value, /28\. März 2027/);
      assert.match(dateTime.fallback_value, /11:00/); // 11:00 BST, the location's wall clock
      const payloads = body.template.components
        .filter((c: any) => c.sub_type === 'quick_reply')
        .map((c: any) => c.parameters[0].payload);
      assert.deepEqual(payloads, [`confirm:${id}`, `cancel:${id}`, `reschedule:${id}`]);
      assert.match(rows[0]!.text_fallback, /Ana Lima/);
      const [outcome] = await reminderOutcomes(t.db, id);
      assert.equal(outcome!.outcome, 'sent');
      assert.equal(outcome!.reason, null);
      // A retried job (the commit happened) does nothing more.
      assert.equal(await fire(id, '24h'), 'repeat');
      assert.equal((await t.db.query('SELECT 1 FROM outbound_messages WHERE booking_id = $1', [id])).rows.length, 1);
    });

    test('cancel removes the queued reminders in the same transaction and records them; a job already running skips', async () => {
      const { id } = await book(new Date('2027-03-26T10:00:00Z'));
      const jobs = await reminderJobs(id);
      assert.equal(jobs.length, 2);
      const payload = { bookingId: id, offset: '24h', dueAt: '2027-03-25T10:00:00.000Z' };
      await cancelBooking(t.db, id, { reason: 'cancelled by customer', now: new Date(now) }, hook);
      assert.deepEqual(await reminderJobs(id), []);
      assert.deepEqual(
        (await reminderOutcomes(t.db, id)).map((o) => [o.offset, o.outcome, o.reason]),
        [
          ['24h', 'removed', 'cancelled'],
          ['2h', 'removed', 'cancelled'],
        ],
      );
      // A reminder job claimed before the cancel committed fires afterwards: nothing is sent.
      await t.db.query('DELETE FROM reminder_outcomes WHERE booking_id = $1', [id]);
      now = Date.parse('2027-03-25T10:00:00Z');
      assert.equal(await fireReminder(deps(), payload), 'skipped');
      assert.deepEqual(
        (await reminderOutcomes(t.db, id)).map((o) => [o.offset, o.outcome, o.reason]),
        [['24h', 'skipped', 'cancelled']],
      );
      assert.equal((await t.db.query('SELECT 1 FROM outbound_messages WHERE booking_id = $1', [id])).rows.length, 0);
    });

    test('late: after the start → skipped "late"; late but before the start → sent, marked late', async () => {
      const { id } = await book(new Date('2027-03-27T15:00:00Z'));
      now = Date.parse('2027-03-27T14:45:00Z'); // the 2h reminder fires 1 h 45 min late
      assert.equal(await fire(id, '2h'), 'sent');
      now = Date.parse('2027-03-27T15:00:00Z'); // the 24h one only now (a stalled queue): started
      assert.equal(await fire(id, '24h'), 'skipped');
      assert.deepEqual(
        (await reminderOutcomes(t.db, id)).map((o) => [o.offset, o.outcome, o.reason]),
        [
          ['24h', 'skipped', 'late'],
          ['2h', 'sent', 'late'],
        ],
      );
    });

    test('confirmed at short notice: the nearest overdue reminder runs now, the other is recorded as superseded', async () => {
      now = Date.parse('2027-03-21T09:00:00Z');
      const { id } = await book(new Date('2027-03-21T10:30:00Z'));
      assert.deepEqual(
        (await reminderJobs(id)).map((j) => [j.offset, j.runAt]),
        [['2h', '2027-03-21T09:00:00.000Z']],
      );
      assert.deepEqual(
        (await reminderOutcomes(t.db, id)).map((o) => [o.offset, o.outcome, o.reason]),
        [['24h', 'skipped', 'superseded']],
      );
    });

    test('a reminder due at once is queued at once, after the confirmation its booking queued (no waiting)', async () => {
      now = Date.parse('2027-03-22T09:00:00Z');
      const withConfirmation = combineHooks(confirmationHook({ catalog: () => catalog, templates }), hook);
      const { id } = await book(new Date('2027-03-22T10:30:00Z'), { hook: withConfirmation });
      assert.equal(await fire(id, '2h'), 'sent');
      const { rows } = await t.db.query<{ dedup_key: string }>(
        'SELECT dedup_key FROM outbound_messages WHERE booking_id = $1 ORDER BY id',
        [id],
      );
      // The outbox sends one customer's messages in this order (test/reminders/webhook.test.ts sends them).
      assert.deepEqual(
        rows.map((r) => r.dedup_key),
        [`confirm:${id}`, `reminder:${id}:2h`],
      );
    });

    test('the Flow endpoint confirming a reschedule session moves the booking: old reminders removed, new ones scheduled', async () => {
      const old = await book(new Date('2027-03-29T10:00:00Z'));
      const ports = storagePorts(t.db, createAvailability(t.db), () => catalog, hook);
      const session: FlowSession = {
        id: `tok-${++token}`,
        customer: PHONE,
        language: 'en_GB',
        expiresAt: now + 3_600_000,
        rescheduleOf: old.id,
      };
      const start = new Date('2027-03-30T14:00:00Z');
      await ports.bookings.placeHold({
        session,
        slot: {
          locationId: 'kings-cross',
          serviceId: 'shopping',
          start: start.getTime(),
          end: start.getTime() + 30 * 60_000,
        },
        now,
      });
      const details = { name: 'Ana Lima', email: 'a@example.com', phone: '+44', notes: '' };
      const first = await ports.bookings.confirm({ session, details, now });
      assert.equal(first.alreadyConfirmed, false);
      assert.deepEqual(await ports.bookings.confirm({ session, details, now }), { ...first, alreadyConfirmed: true });
      // The same booking at the new time; the first time's reminders removed, the new ones in round 1.
      assert.equal(first.bookingId, old.id);
      const moved = await getBooking(t.db, old.id);
      assert.equal(moved!.status, 'confirmed');
      assert.deepEqual(moved!.start, start);
      assert.deepEqual(
        (await reminderOutcomes(t.db, old.id)).map((o) => [o.round, o.reason]),
        [
          [0, 'rescheduled'],
          [0, 'rescheduled'],
        ],
      );
      assert.deepEqual(
        (await reminderJobs(old.id)).map((j) => j.runAt),
        ['2027-03-29T14:00:00.000Z', '2027-03-30T12:00:00.000Z'],
      );
    });
  });
