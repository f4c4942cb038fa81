-- Talk to a person (issue #18): while a customer's handoff is open the assistant does not answer them;
-- staff read the conversation and answer through the admin API. One row per handoff, kept after it
-- closes (who closed it and when). src/handoff/ owns the table.
CREATE TABLE handoffs (
  id           bigserial PRIMARY KEY,
  -- The customer id (a phone number or a BSUID), as every other table stores it.
  customer_id  text NOT NULL,
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  -- 'customer': they asked ("Talk to us"); 'staff': a staff message opened it.
  opened_by    text NOT NULL CHECK (opened_by IN ('customer', 'staff')),
  opened_at    timestamptz NOT NULL,
  -- The latest message either way; the handoff times out HANDOFF_TIMEOUT_MINUTES after it.
  last_activity_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  closed_at    timestamptz,
  -- 'merged': the customer's ids were linked to another customer who had a handoff open already.
  closed_by    text CHECK (closed_by IN ('staff', 'timeout', 'customer', 'merged')),
  CHECK ((state = 'open') = (closed_at IS NULL))
);
-- At most one open handoff per customer: a second "Talk to us" finds the first.
CREATE UNIQUE INDEX handoffs_open_customer ON handoffs (customer_id) WHERE state = 'open';
CREATE INDEX handoffs_customer ON handoffs (customer_id, opened_at);
