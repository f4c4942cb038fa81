-- Several instances on one PostgreSQL server (issue #21). Runs on PGlite and PostgreSQL 15+.

-- Two lanes in the queue: 0 for what a customer is waiting on (webhooks, replies, confirmations),
-- 1 for bulk work (reminders). A worker claims from lane 0 first; the index serves each lane's
-- "due, oldest first" range on its own, so future reminders are never scanned.
ALTER TABLE jobs ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (priority, run_at, id) WHERE state = 'queued';
-- Lease renewal looks up a worker's running jobs (docs/jobs.md, heartbeat).
CREATE INDEX jobs_locked_by ON jobs (locked_by) WHERE state = 'running';

-- Meta's throughput limit is per business phone number, whatever the number of our processes
-- (docs/protocol.md §9): the next instant a message from that number may leave, shared by every
-- instance and moved forward atomically by the one that takes the slot (src/messaging/pacing.ts).
CREATE TABLE send_pacing (
  phone_number_id text PRIMARY KEY,
  next_at         timestamptz NOT NULL
);

-- The pair rate (one message every ~6 s to one customer, docs/protocol.md §9), shared the same way.
-- The customer is kept as a one-way tag, not as their number or BSUID: rows expire and are pruned.
CREATE TABLE send_pair_pacing (
  phone_number_id text NOT NULL,
  recipient_tag   text NOT NULL,
  next_at         timestamptz NOT NULL,
  PRIMARY KEY (phone_number_id, recipient_tag)
);
CREATE INDEX send_pair_pacing_next ON send_pair_pacing (next_at);
