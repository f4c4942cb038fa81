-- Bookings storage (SPEC §10). Runs unchanged on PGlite and on PostgreSQL 15+.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- One row per bookable unit: location × department × ordinal 1..capacity (capacity N = N units).
-- Units are deactivated, never deleted, when the catalog lowers a capacity.
CREATE TABLE units (
  id            text PRIMARY KEY,
  location_id   text NOT NULL,
  department_id text NOT NULL,
  ordinal       integer NOT NULL CHECK (ordinal >= 1),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (location_id, department_id, ordinal)
);

CREATE TABLE customers (
  phone        text PRIMARY KEY,
  language     text,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bookings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id          text NOT NULL REFERENCES units (id),
  location_id      text NOT NULL,
  department_id    text NOT NULL,
  status           text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  -- end_at plus the catalog's buffer: the unit is busy for [start_at, block_end).
  block_end        timestamptz NOT NULL,
  flow_token       text NOT NULL UNIQUE,
  customer_phone   text,
  language         text,
  name             text,
  email            text,
  phone            text,
  notes            text,
  hold_expires_at  timestamptz,
  cancel_reason    text,
  rescheduled_from uuid REFERENCES bookings (id),
  erased_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  confirmed_at     timestamptz,
  cancelled_at     timestamptz,
  version          integer NOT NULL DEFAULT 1,
  CHECK (start_at < end_at AND end_at <= block_end),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  -- Overlaps are impossible: SQLSTATE 23P01 on conflict.
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    unit_id WITH =,
    tstzrange(start_at, block_end, '[)') WITH &&
  ) WHERE (status IN ('held', 'confirmed'))
);

-- Availability reads one location × department over a window (one range query per call).
CREATE INDEX bookings_live_range ON bookings (location_id, department_id, start_at)
  INCLUDE (unit_id, block_end, status, hold_expires_at)
  WHERE status IN ('held', 'confirmed');
CREATE INDEX bookings_customer ON bookings (customer_phone, start_at);
CREATE INDEX bookings_start ON bookings (start_at);
CREATE INDEX bookings_held_expiry ON bookings (hold_expires_at) WHERE status = 'held';

-- Flow tokens that completed a booking: the endpoint answers 427 for them (SPEC §2.5).
CREATE TABLE used_flow_tokens (
  token_id   text PRIMARY KEY,
  booking_id uuid REFERENCES bookings (id),
  used_at    timestamptz NOT NULL DEFAULT now()
);
