-- The business console (issue #16): who may sign in, their sessions, and what the front desk records
-- on a booking (attendance, notes, who made or cancelled it). Runs on PGlite and PostgreSQL 15+.

-- A person of the business. An owner sees and does everything; a staff member sees the bookings of
-- their locations only. The password is kept as scrypt's output with its salt and cost (src/console/password.ts).
CREATE TABLE console_users (
  username      text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('owner', 'staff')),
  -- A staff member's locations (catalog ids); empty for an owner.
  locations     text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database opens no session.
CREATE TABLE console_sessions (
  id           text PRIMARY KEY,
  username     text NOT NULL REFERENCES console_users (username) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (username);

-- How a booking ended for the business: the customer came (arrived, then completed) or did not (no_show).
ALTER TABLE bookings ADD COLUMN attendance text CHECK (attendance IN ('arrived', 'no_show', 'completed'));
ALTER TABLE bookings ADD COLUMN attendance_at timestamptz;
-- Where the booking was made: the customer's Flow, or the front desk for a walk-in or a phone call.
ALTER TABLE bookings ADD COLUMN source text NOT NULL DEFAULT 'whatsapp'
  CHECK (source IN ('whatsapp', 'walk_in', 'phone'));
-- The console user who made it (walk-in, phone) or cancelled it; NULL for the customer's own actions.
ALTER TABLE bookings ADD COLUMN booked_by text;
ALTER TABLE bookings ADD COLUMN cancelled_by text;

-- The front desk's notes on a booking, oldest first. Erasing the customer erases them too.
CREATE TABLE booking_notes (
  id         bigserial PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  author     text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX booking_notes_booking ON booking_notes (booking_id, id);
