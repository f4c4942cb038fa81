-- Flow health and template states as Meta reports them by webhook (docs/protocol.md §11.3, §11.5).

-- The last status Meta reported for each Flow (FLOW_STATUS_CHANGE): PUBLISHED, THROTTLED, BLOCKED, …
CREATE TABLE flow_health (
  flow_id         text PRIMARY KEY,
  status          text NOT NULL,
  previous_status text,
  message         text,
  -- 'webhook' (a flows event) or 'send' (Meta refused a Flow message with 132068/132069).
  source          text NOT NULL DEFAULT 'webhook',
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every flows event (status changes and the endpoint's error-rate, latency and availability alerts),
-- for the operator.
CREATE TABLE flow_alerts (
  id          bigserial PRIMARY KEY,
  flow_id     text,
  event       text NOT NULL,
  alert_state text,
  message     text,
  value       jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_alerts_recent ON flow_alerts (received_at DESC);

-- A template's state, not its last event: FLAGGED keeps the state (a quality warning), REINSTATED is
-- APPROVED again, UNARCHIVED goes back to the state before ARCHIVED. Category and quality come from their
-- own webhooks; a row may exist before Meta reported any state (status NULL: sent, Meta decides).
ALTER TABLE template_status ALTER COLUMN status DROP NOT NULL;
ALTER TABLE template_status ADD COLUMN last_event text;
ALTER TABLE template_status ADD COLUMN previous_status text;
ALTER TABLE template_status ADD COLUMN flagged_at timestamptz;
ALTER TABLE template_status ADD COLUMN category text;
ALTER TABLE template_status ADD COLUMN previous_category text;
-- Set when Meta moves (or announces it will move) the template to MARKETING: the price changes.
ALTER TABLE template_status ADD COLUMN marketing_at timestamptz;
ALTER TABLE template_status ADD COLUMN quality text;

-- Rows written before this migration hold the last event as the status.
UPDATE template_status SET last_event = status;
UPDATE template_status SET status = 'APPROVED', flagged_at = updated_at WHERE status = 'FLAGGED';
UPDATE template_status SET status = 'APPROVED' WHERE status = 'REINSTATED';
UPDATE template_status SET status = NULL WHERE status = 'UNARCHIVED';
