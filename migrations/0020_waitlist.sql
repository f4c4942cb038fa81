-- The waitlist (issue #19): a customer for whom no time suits waits for a service at a location over a
-- range of local dates; when a time frees, the first one waiting is offered it as a short hold (a row of
-- `bookings` in status 'held', so the exclusion constraint keeps two offers, or an offer and a booking,
-- off the same unit at once). Runs on PGlite and PostgreSQL 15+.

CREATE TABLE waitlist_entries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The customer's id (a phone number or a BSUID); NULL once erased.
  customer_id      text,
  -- The business number they wrote to (src/catalog/numbers.ts); NULL: PHONE_NUMBER_ID's.
  phone_number_id  text,
  language         text NOT NULL,
  service_id       text NOT NULL,
  location_id      text NOT NULL,
  -- A chosen person, or NULL for anyone.
  staff_id         text,
  -- Local dates at the location, both included.
  from_date        date NOT NULL,
  to_date          date NOT NULL CHECK (to_date >= from_date),
  status           text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'left', 'expired')),
  -- The hold offered now (status 'offered'), or the booking it became (status 'booked').
  offer_booking_id uuid REFERENCES bookings (id),
  offer_expires_at timestamptz,
  -- How many offers were made: the next offer's flow token is `waitlist:<id>:<offers>`.
  offers           integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  ended_at         timestamptz
);

-- One open entry per customer, service and location: joining again widens the dates instead.
CREATE UNIQUE INDEX waitlist_open_per_customer ON waitlist_entries (customer_id, service_id, location_id)
  WHERE status IN ('waiting', 'offered');
-- Who is first: the oldest waiting entry.
CREATE INDEX waitlist_waiting ON waitlist_entries (created_at, id) WHERE status = 'waiting';
CREATE INDEX waitlist_customer ON waitlist_entries (customer_id);

-- A time an entry was offered and let pass (or let expire): never offered to that entry again.
CREATE TABLE waitlist_passes (
  entry_id  uuid NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
  start_at  timestamptz NOT NULL,
  passed_at timestamptz NOT NULL,
  PRIMARY KEY (entry_id, start_at)
);
