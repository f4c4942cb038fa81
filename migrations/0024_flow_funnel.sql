-- The Flow funnel (issue #17): how far each Flow session got, for the console's insights. A session is
-- named by the SHA-256 of its flow_token, never the token (a token opens the session, docs/protocol.md §2.5).
-- Written in batches by src/insights/funnel.ts from what the Flow endpoint answered; pruned with the
-- message rows after RETENTION_DAYS (src/privacy/retention.ts).
CREATE TABLE flow_funnel (
  session_hash text PRIMARY KEY,
  -- The furthest step: INIT (the endpoint answered INIT with APPOINTMENT), APPOINTMENT, DETAILS or SUMMARY
  -- (a data_exchange submitted from that screen), SUCCESS (the booking confirmed).
  furthest     text NOT NULL CHECK (furthest IN ('INIT', 'APPOINTMENT', 'DETAILS', 'SUMMARY', 'SUCCESS')),
  -- The catalog location the customer chose, once a request named one.
  location_id  text,
  started_at   timestamptz NOT NULL,
  reached_at   timestamptz NOT NULL
);
CREATE INDEX flow_funnel_started ON flow_funnel (started_at);
