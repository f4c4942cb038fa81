-- Services and staff (issue #14). Runs on PGlite and PostgreSQL 15+. Existing bookings keep every
-- value: a catalog without services books each department as a service of the same id, so their
-- service is their department, and they have no staff member.

-- A staff member (or a resource such as a room) is one unit of their own, at every location they
-- work at: `staff:<id>`, with no location or department. Anonymous units keep both.
ALTER TABLE units ALTER COLUMN location_id DROP NOT NULL;
ALTER TABLE units ALTER COLUMN department_id DROP NOT NULL;
ALTER TABLE units ADD COLUMN staff_id text UNIQUE;
ALTER TABLE units ADD CONSTRAINT units_staff_or_place CHECK (
  (staff_id IS NOT NULL AND location_id IS NULL AND department_id IS NULL)
  OR (staff_id IS NULL AND location_id IS NOT NULL AND department_id IS NOT NULL)
);

-- What was booked and with whom; the price as it was when booked (Meta's amount_1000: exact).
ALTER TABLE bookings ADD COLUMN service_id text;
UPDATE bookings SET service_id = department_id;
ALTER TABLE bookings ALTER COLUMN service_id SET NOT NULL;
ALTER TABLE bookings ADD COLUMN staff_id text;
ALTER TABLE bookings ADD COLUMN price_amount_1000 bigint CHECK (price_amount_1000 >= 0);
ALTER TABLE bookings ADD COLUMN price_currency text CHECK (price_currency ~ '^[A-Z]{3}$');
ALTER TABLE bookings ADD CONSTRAINT bookings_price_whole CHECK ((price_amount_1000 IS NULL) = (price_currency IS NULL));

-- The unit is busy for [block_start, block_end): the service's buffer before, the appointment, its
-- buffer after. Rows made before services had no buffer before.
ALTER TABLE bookings ADD COLUMN block_start timestamptz;
UPDATE bookings SET block_start = start_at;
ALTER TABLE bookings ALTER COLUMN block_start SET NOT NULL;
ALTER TABLE bookings ADD CONSTRAINT bookings_block_covers CHECK (block_start <= start_at);

-- The overlap guarantee over the whole block, per unit: a staff member is one unit wherever they
-- work, so they can never be in two overlapping bookings or holds, whatever the durations.
ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
  unit_id WITH =,
  tstzrange(block_start, block_end, '[)') WITH &&,
  (COALESCE(moves_booking, id)) WITH <>
) WHERE (status IN ('held', 'confirmed'));

-- Availability reads the live rows of a set of units over a window (one range query per answer).
CREATE INDEX bookings_unit_live ON bookings (unit_id, start_at)
  INCLUDE (block_start, block_end, hold_expires_at, moves_booking)
  WHERE status IN ('held', 'confirmed');

-- A move keeps where the booking was: its service and staff member too.
ALTER TABLE booking_reschedules ADD COLUMN previous_service_id text;
ALTER TABLE booking_reschedules ADD COLUMN previous_staff_id text;
