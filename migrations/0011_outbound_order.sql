-- Replies to one customer leave in the order they were queued (docs/reminders.md, issue #18): before a
-- message is sent, the sender asks whether an earlier one to the same customer is still unsent. Only
-- pending rows are looked at, so the index stays as small as the queue.
CREATE INDEX outbound_messages_pending_by_customer ON outbound_messages (customer_phone, id) WHERE state = 'pending';
