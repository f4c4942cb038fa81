-- Calendars (issue #15): the busy times of staff members' own calendars block their availability,
-- and feeds that calendars subscribe to. Runs on PGlite and PostgreSQL 15+.

-- Where each staff member's calendar stands: what the last poll saw (for a conditional request or
-- an incremental sync next time) and how it ended, for the operator (`GET /api/calendars`).
CREATE TABLE calendar_sources (
  staff_id       text PRIMARY KEY,
  -- The kind and address the rows below were read from: a changed address starts over.
  kind           text NOT NULL CHECK (kind IN ('ics', 'caldav')),
  address_hash   text NOT NULL,
  etag           text,
  last_modified  text,
  sync_token     text,
  checked_at     timestamptz,
  ok_at          timestamptz,
  failures       integer NOT NULL DEFAULT 0,
  last_error     text,
  busy_count     integer NOT NULL DEFAULT 0,
  -- Recurring events were expanded up to here: a read before the booking window reaches it is a full one,
  -- even when the calendar says nothing changed.
  expanded_to    timestamptz
);

-- One busy stretch of a staff member's unit from their calendar: `source` is the calendar object it
-- came from (a CalDAV href; '' for an ICS feed, read whole), so a changed or deleted object replaces
-- only its own rows.
CREATE TABLE busy_times (
  unit_id     text NOT NULL,
  source      text NOT NULL,
  busy_start  timestamptz NOT NULL,
  busy_end    timestamptz NOT NULL,
  CHECK (busy_end > busy_start)
);
CREATE INDEX busy_times_unit ON busy_times (unit_id, busy_start);

-- The unguessable addresses of the feeds: one per staff member, location or booking (`subject`),
-- made when first asked for, replaced when rotated.
CREATE TABLE calendar_feeds (
  subject     text PRIMARY KEY,
  token       text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The packed schedule of a unit (0016) now holds its busy times too: an entry with no appointment
-- start ("from,to,"), so nothing counts it as a booking. A stretch longer than a day is cut into
-- pieces of at most a day, since readers look back at most a day for a block that reaches a time.
CREATE OR REPLACE FUNCTION refresh_unit_schedules(units text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO unit_schedules (unit_id)
    SELECT DISTINCT u FROM unnest(units) AS u WHERE u IS NOT NULL ORDER BY 1
    ON CONFLICT (unit_id) DO NOTHING;
  PERFORM 1 FROM unit_schedules WHERE unit_id = ANY (units) ORDER BY unit_id FOR UPDATE;
  UPDATE unit_schedules s SET horizon = now() - interval '1 day', packed = COALESCE((
    SELECT string_agg(entry, ';' ORDER BY block_from, block_to) FROM (
      SELECT b.block_start AS block_from, b.block_end AS block_to, concat_ws(',',
               (extract(epoch FROM b.block_start) * 1000)::bigint,
               (extract(epoch FROM b.block_end) * 1000)::bigint,
               (extract(epoch FROM b.start_at) * 1000)::bigint,
               (extract(epoch FROM b.hold_expires_at) * 1000)::bigint) AS entry
      FROM bookings b
      WHERE b.unit_id = s.unit_id AND b.status IN ('held', 'confirmed') AND b.block_end > now() - interval '1 day'
      UNION ALL
      SELECT piece, least(t.busy_end, piece + interval '1 day'), concat(
               (extract(epoch FROM piece) * 1000)::bigint, ',',
               (extract(epoch FROM least(t.busy_end, piece + interval '1 day')) * 1000)::bigint, ',')
      FROM busy_times t,
           generate_series(t.busy_start, t.busy_end - interval '1 microsecond', interval '1 day') AS piece
      WHERE t.unit_id = s.unit_id AND t.busy_end > now() - interval '1 day'
    ) AS blocks
  ), '')
  WHERE s.unit_id = ANY (units);
END $$;

CREATE FUNCTION busy_times_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM new_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION busy_times_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER busy_times_schedule_insert AFTER INSERT ON busy_times
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION busy_times_inserted();
CREATE TRIGGER busy_times_schedule_delete AFTER DELETE ON busy_times
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION busy_times_deleted();

-- Emptying `bookings` (a test's reset) rewrites the units that have busy times instead of losing them.
CREATE OR REPLACE FUNCTION bookings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM unit_schedules;
  PERFORM refresh_unit_schedules(ARRAY(SELECT DISTINCT unit_id FROM busy_times));
  RETURN NULL;
END $$;

CREATE FUNCTION busy_times_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_unit_schedules(ARRAY(SELECT unit_id FROM unit_schedules));
  RETURN NULL;
END $$;

CREATE TRIGGER busy_times_schedule_truncate AFTER TRUNCATE ON busy_times
  FOR EACH STATEMENT EXECUTE FUNCTION busy_times_truncated();
