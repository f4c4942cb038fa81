-- Rescheduling keeps the booking (issue #18): the same id and reference code move to the new time,
-- and the times it had before are kept in booking_reschedules. Runs on PGlite and PostgreSQL 15+.

-- A hold placed by a Flow that reschedules a booking names that booking. Such a hold may overlap the
-- booking it would move (the customer shifts by half an hour on the same unit) and nothing else.
ALTER TABLE bookings ADD COLUMN moves_booking uuid REFERENCES bookings (id);
-- Only holds move bookings: a confirmed row always claims its own time.
ALTER TABLE bookings ADD CONSTRAINT bookings_moves_only_holds CHECK (moves_booking IS NULL OR status <> 'confirmed');
-- How many times the booking was moved; its reminders are planned per round (reminder_outcomes.round).
ALTER TABLE bookings ADD COLUMN reschedule_count integer NOT NULL DEFAULT 0;

-- The overlap guarantee, restated with a claim: two live rows on one unit may overlap only when they
-- claim the same booking (a booking and a hold that would move it). Confirmed rows claim their own id,
-- so two confirmed bookings still can never overlap (SQLSTATE 23P01).
ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
  unit_id WITH =,
  tstzrange(start_at, block_end, '[)') WITH &&,
  (COALESCE(moves_booking, id)) WITH <>
) WHERE (status IN ('held', 'confirmed'));

-- One row per move: where and when the booking was before, and the Flow session that moved it.
CREATE TABLE booking_reschedules (
  booking_id             uuid NOT NULL REFERENCES bookings (id),
  round                  integer NOT NULL CHECK (round >= 1),
  flow_token             text NOT NULL UNIQUE,
  previous_unit_id       text NOT NULL,
  previous_location_id   text NOT NULL,
  previous_department_id text NOT NULL,
  previous_start_at      timestamptz NOT NULL,
  previous_end_at        timestamptz NOT NULL,
  start_at               timestamptz NOT NULL,
  end_at                 timestamptz NOT NULL,
  rescheduled_at         timestamptz NOT NULL,
  PRIMARY KEY (booking_id, round)
);

-- A moved booking gets its reminders again for its new time: one outcome per booking × offset × round.
ALTER TABLE reminder_outcomes ADD COLUMN round integer NOT NULL DEFAULT 0;
ALTER TABLE reminder_outcomes DROP CONSTRAINT reminder_outcomes_pkey;
ALTER TABLE reminder_outcomes ADD PRIMARY KEY (booking_id, offset_label, round);
