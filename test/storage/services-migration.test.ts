import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createAvailability } from '../../src/booking/availability.ts';
import { cancelBooking, getBooking } from '../../src/booking/bookings.ts';
import { bookingHistory } from '../../src/booking/reschedule.ts';
import { syncUnits } from '../../src/booking/units.ts';
import { migrate, MIGRATIONS_DIR, openDatabase } from '../../src/db/index.ts';
import { at, createServerDatabase, ENGINES, testCatalog } from './helpers.ts';

const NOW = at('2027-06-01T08:00:00Z');

for (const engine of ENGINES)
  test(`migration 0012 keeps every booking of the release before services, and the new code reads them [${engine}]`, async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'flowbook-m12-'));
    const server = engine === 'postgres' ? await createServerDatabase() : undefined;
    const db = await openDatabase({ dataDir: scratch, databaseUrl: server?.url, migrate: false });
    try {
      // The schema of the release before 0012, with rows as its code wrote them: every status, a
      // moved booking with its history, a rescheduling hold that claims it, a used token.
      const before = path.join(scratch, 'migrations');
      for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < '0012')) {
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name));
      }
      await migrate(db, before);
      const catalog = testCatalog();
      await db.query(
        `INSERT INTO units (id, location_id, department_id, ordinal) VALUES
           ('london:cut:1', 'london', 'cut', 1), ('london:cut:2', 'london', 'cut', 2), ('london:color:1', 'london', 'color', 1)`,
      );
      await db.query(
        `INSERT INTO bookings (id, unit_id, location_id, department_id, status, start_at, end_at, block_end, flow_token,
           customer_phone, language, name, email, phone, notes, hold_expires_at, cancel_reason, confirmed_at,
           cancelled_at, reschedule_count, moves_booking, version)
         VALUES
           ('00000000-0000-4000-8000-000000000001', 'london:cut:1', 'london', 'cut', 'confirmed',
            '2027-06-02T09:00Z', '2027-06-02T09:30Z', '2027-06-02T09:30Z', 'tok-1', '447700900001', 'ar',
            'دانة', 'd@x.io', '+44 1', 'first', NULL, NULL, '2027-05-20T10:00Z', NULL, 1, NULL, 4),
           ('00000000-0000-4000-8000-000000000002', 'london:cut:2', 'london', 'cut', 'cancelled',
            '2027-06-02T09:00Z', '2027-06-02T09:30Z', '2027-06-02T09:30Z', 'tok-2', '447700900002', 'en',
            'B', NULL, NULL, NULL, NULL, 'changed plans', '2027-05-21T10:00Z', '2027-05-22T10:00Z', 0, NULL, 3),
           ('00000000-0000-4000-8000-000000000003', 'london:color:1', 'london', 'color', 'expired',
            '2027-06-03T10:00Z', '2027-06-03T10:30Z', '2027-06-03T10:30Z', 'tok-3', '447700900003', 'es',
            NULL, NULL, NULL, NULL, '2027-05-25T10:10Z', NULL, NULL, NULL, 0, NULL, 2),
           ('00000000-0000-4000-8000-000000000004', 'london:cut:2', 'london', 'cut', 'held',
            '2027-06-02T09:00Z', '2027-06-02T09:30Z', '2027-06-02T09:30Z', 'tok-4', '447700900001', 'ar',
            NULL, NULL, NULL, NULL, '2027-06-01T08:05Z', NULL, NULL, NULL, 0, '00000000-0000-4000-8000-000000000001', 1)`,
      );
      await db.query(
        `INSERT INTO booking_reschedules (booking_id, round, flow_token, previous_unit_id, previous_location_id,
           previous_department_id, previous_start_at, previous_end_at, start_at, end_at, rescheduled_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 1, 'tok-1b', 'london:cut:2', 'london', 'cut',
           '2027-06-01T15:00Z', '2027-06-01T15:30Z', '2027-06-02T09:00Z', '2027-06-02T09:30Z', '2027-05-25T09:00Z')`,
      );
      await db.query(
        `INSERT INTO used_flow_tokens (token_id, booking_id) VALUES ('tok-1', '00000000-0000-4000-8000-000000000001')`,
      );
      const columns = `id, unit_id, location_id, department_id, status, start_at, end_at, block_end, flow_token,
        customer_phone, language, name, email, phone, notes, hold_expires_at, cancel_reason, confirmed_at,
        cancelled_at, reschedule_count, moves_booking, version, created_at, updated_at`;
      const old = await db.query(`SELECT ${columns} FROM bookings ORDER BY id`);

      await migrate(db);

      assert.deepEqual((await db.query(`SELECT ${columns} FROM bookings ORDER BY id`)).rows, old.rows);
      const added = await db.query<{ service_id: string; staff_id: null; same_block: boolean; price: null }>(
        `SELECT service_id, staff_id, block_start = start_at AS same_block, price_amount_1000 AS price
         FROM bookings ORDER BY id`,
      );
      assert.deepEqual(
        added.rows.map((r) => [r.service_id, r.staff_id, r.same_block, r.price]),
        [
          ['cut', null, true, null],
          ['cut', null, true, null],
          ['color', null, true, null],
          ['cut', null, true, null],
        ],
      );
      // The new code reads them: the booking (its department stands as its service), its history.
      const first = await getBooking(db, '00000000-0000-4000-8000-000000000001');
      assert.equal(first?.serviceId, 'cut');
      assert.equal(first?.name, 'دانة');
      assert.equal(first?.blockStart.toISOString(), '2027-06-02T09:00:00.000Z');
      const [move] = await bookingHistory(db, '00000000-0000-4000-8000-000000000001');
      assert.equal(move?.previous.serviceId, 'cut');
      assert.equal(move?.previous.staffId, null);
      // The catalog's units are kept as they were; availability counts the confirmed booking and the live hold.
      const report = await syncUnits(db, catalog, NOW);
      assert.deepEqual(
        report.added.filter((id) => id.startsWith('london:')),
        [],
      );
      const availability = createAvailability(db);
      const times = await availability.availableTimes(
        catalog,
        { serviceId: 'cut', locationId: 'london' },
        '2027-06-02',
        NOW,
      );
      assert.equal(times.find((t) => t.time === '10:00')?.free, 0);
      availability.close();
      // The exclusion still holds over the migrated rows, now on the whole block.
      await assert.rejects(
        db.query(
          `INSERT INTO bookings (unit_id, location_id, department_id, service_id, status, start_at, end_at, block_start,
             block_end, flow_token) VALUES ('london:cut:1', 'london', 'cut', 'cut', 'confirmed',
             '2027-06-02T09:15Z', '2027-06-02T09:45Z', '2027-06-02T09:15Z', '2027-06-02T09:45Z', 'tok-5')`,
        ),
        { code: '23P01' },
      );
      // And they change like new ones.
      const cancelled = await cancelBooking(db, '00000000-0000-4000-8000-000000000001', { now: NOW });
      assert.equal(cancelled.status, 'cancelled');
    } finally {
      await db.close();
      await server?.drop();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
