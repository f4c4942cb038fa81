-- Reminders and quick replies (issue #5). Runs on PGlite and PostgreSQL 15+.

-- One final outcome per reminder (booking × offset): sent, skipped (with why), removed (the booking
-- was cancelled or moved before it fired) or failed. Nothing is dropped without a row here.
CREATE TABLE reminder_outcomes (
  booking_id   uuid NOT NULL REFERENCES bookings (id),
  offset_label text NOT NULL,
  due_at       timestamptz NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('sent', 'skipped', 'removed', 'failed')),
  reason       text,
  outbound_id  bigint REFERENCES outbound_messages (id),
  decided_at   timestamptz NOT NULL,
  PRIMARY KEY (booking_id, offset_label)
);

-- The customer tapped "Confirm" on a reminder.
ALTER TABLE bookings ADD COLUMN attendance_confirmed_at timestamptz;

-- A cancel or reschedule finds the booking's queued reminder jobs without scanning every job.
CREATE INDEX jobs_reminder_booking ON jobs ((payload->>'bookingId')) WHERE name = 'reminder.send';
