-- Each unit's live blocks in one row (issue #14's speed target). Availability for "anyone" of twenty
-- staff over a 30-day window reads a few thousand bookings; on the embedded engine reading them as
-- rows cost 10–20 ms (bench/availability.ts), one packed row per unit about a millisecond. The row is
-- kept by triggers in the transaction that changes a booking, so it is never staler than the table.
-- Runs on PGlite and PostgreSQL 15+.

CREATE TABLE unit_schedules (
  unit_id    text PRIMARY KEY,
  -- "blockStart,blockEnd,start[,holdExpiresAt];…" in epoch milliseconds, by block start: the unit's
  -- held and confirmed bookings whose block ends after `horizon`.
  packed     text NOT NULL DEFAULT '',
  -- A day before the row was last written: a reader asking about earlier times reads `bookings`.
  horizon    timestamptz NOT NULL DEFAULT now() - interval '1 day'
);

-- Rewrites the rows of the given units from `bookings`. The row is locked first and the blocks read
-- by a later statement, whose snapshot sees every transaction that held the lock before: two writers
-- of one unit cannot leave a row that misses either's change. Units are taken in id order.
CREATE FUNCTION refresh_unit_schedules(units text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO unit_schedules (unit_id)
    SELECT DISTINCT u FROM unnest(units) AS u WHERE u IS NOT NULL ORDER BY 1
    ON CONFLICT (unit_id) DO NOTHING;
  PERFORM 1 FROM unit_schedules WHERE unit_id = ANY (units) ORDER BY unit_id FOR UPDATE;
  UPDATE unit_schedules s SET horizon = now() - interval '1 day', packed = COALESCE((
    SELECT string_agg(concat_ws(',',
             (extract(epoch FROM b.block_start) * 1000)::bigint,
             (extract(epoch FROM b.block_end) * 1000)::bigint,
             (extract(epoch FROM b.start_at) * 1000)::bigint,
             (extract(epoch FROM b.hold_expires_at) * 1000)::bigint), ';' ORDER BY b.block_start)
    FROM bookings b
    WHERE b.unit_id = s.unit_id AND b.status IN ('held', 'confirmed') AND b.block_end > now() - interval '1 day'
  ), '')
  WHERE s.unit_id = ANY (units);
END $$;

-- Statement triggers with the changed rows: a statement that changes many bookings (sweeping
-- expired holds, a bulk import) rewrites each unit once.
CREATE FUNCTION bookings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION bookings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(
    SELECT unit_id FROM new_rows UNION SELECT unit_id FROM old_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION bookings_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM old_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION bookings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM unit_schedules;
  RETURN NULL;
END $$;

CREATE TRIGGER bookings_schedule_truncate AFTER TRUNCATE ON bookings
  FOR EACH STATEMENT EXECUTE FUNCTION bookings_truncated();
CREATE TRIGGER bookings_schedule_insert AFTER INSERT ON bookings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bookings_inserted();
CREATE TRIGGER bookings_schedule_update AFTER UPDATE ON bookings
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bookings_updated();
CREATE TRIGGER bookings_schedule_delete AFTER DELETE ON bookings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bookings_deleted();

-- Every unit that has bookings already.
SELECT refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM bookings));
