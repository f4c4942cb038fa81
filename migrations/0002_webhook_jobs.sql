-- Webhook deliveries, conversation state and the job queue (issue #4). Runs on PGlite and PostgreSQL 15+.

-- Every POST /webhook body, stored before the 200 (SPEC §6: answer fast after storing).
CREATE TABLE webhook_deliveries (
  id           bigserial PRIMARY KEY,
  body         bytea NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  error        text
);

-- The queue. A job that a state change causes is inserted in the same transaction as the change,
-- so this table is also the transactional outbox (nothing to relay: the queue lives in the same DB).
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  payload      jsonb NOT NULL,
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  locked_by    text,
  locked_until timestamptz,
  last_error   jsonb,
  -- At most one job per key, ever: a replayed cause enqueues nothing new.
  dedup_key    text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, updated_at);

-- Incoming messages, one row per wamid (SPEC §6: deduplicate by wamid).
CREATE TABLE inbound_messages (
  wamid           text PRIMARY KEY,
  customer_phone  text NOT NULL,
  phone_number_id text,
  type            text NOT NULL,
  message         jsonb NOT NULL,
  profile_name    text,
  sent_at         timestamptz,
  received_at     timestamptz NOT NULL DEFAULT now(),
  handled_at      timestamptz
);
CREATE INDEX inbound_messages_customer ON inbound_messages (customer_phone, received_at);

-- Everything flowbook sends. dedup_key makes a cause produce at most one message
-- (e.g. confirm:<booking id>, read:<wamid>, flow:<inbound wamid>).
CREATE TABLE outbound_messages (
  id                bigserial PRIMARY KEY,
  dedup_key         text NOT NULL UNIQUE,
  kind              text NOT NULL,
  customer_phone    text NOT NULL,
  phone_number_id   text,
  body              jsonb NOT NULL,
  -- The equivalent template, sent instead when Meta answers 131047 (outside 24 h).
  template_fallback jsonb,
  -- A text to send when the template cannot be sent (inside 24 h).
  text_fallback     text,
  flow_session_id   text,
  booking_id        uuid,
  state             text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'accepted', 'sent', 'delivered', 'read', 'failed')),
  wamid             text UNIQUE,
  error_code        integer,
  error_title       text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_messages_session ON outbound_messages (flow_session_id) WHERE flow_session_id IS NOT NULL;

-- Statuses as delivered, one row per wamid + status (SPEC §6).
CREATE TABLE message_statuses (
  wamid       text NOT NULL,
  status      text NOT NULL,
  error_code  integer,
  error_title text,
  at          timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wamid, status)
);

-- flows, message_template_status_update and fields flowbook does not know: stored, logged, ignored.
CREATE TABLE webhook_events (
  id          bigserial PRIMARY KEY,
  delivery_id bigint REFERENCES webhook_deliveries (id),
  field       text NOT NULL,
  value       jsonb,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- One confirmation per booking, whatever the number of nfm_reply copies.
CREATE TABLE booking_confirmations (
  booking_id  uuid PRIMARY KEY REFERENCES bookings (id),
  wamid       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE customers ADD COLUMN last_help_at timestamptz;
ALTER TABLE customers ADD COLUMN last_inbound_at timestamptz;
