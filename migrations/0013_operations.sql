-- Scale-out and operations (issue #21). Runs on PGlite and PostgreSQL 15+.

-- An item of a delivery (a message, a status, an event) that cannot be stored or processed: kept here with
-- its reason while the delivery's other items are handled (docs/webhook.md). src/webhook/ owns the table.
-- `item` is the item as JSON text, so a NUL character stays escaped (jsonb and text refuse a real one).
CREATE TABLE dead_letters (
  id          bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  item_path   text NOT NULL,
  reason      text NOT NULL,
  item        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (delivery_id, item_path)
);
CREATE INDEX dead_letters_created ON dead_letters (created_at);

-- Retention (docs/operations.md): rows older than RETENTION_DAYS are deleted in batches, oldest first, so
-- each batch is an index range scan rather than a pass over the table.
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at) WHERE processed_at IS NOT NULL;
CREATE INDEX webhook_events_received ON webhook_events (received_at);
CREATE INDEX webhook_events_delivery ON webhook_events (delivery_id);
CREATE INDEX inbound_messages_received ON inbound_messages (received_at) WHERE handled_at IS NOT NULL;
CREATE INDEX outbound_messages_updated ON outbound_messages (updated_at) WHERE state <> 'pending';
CREATE INDEX message_statuses_received ON message_statuses (received_at);
