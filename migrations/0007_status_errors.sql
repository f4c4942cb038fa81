-- Meta may report a message failed more than once, with different error codes (docs/protocol.md §6): each
-- failure is kept. A replay of the same status (same code, or none) is still stored once.
ALTER TABLE message_statuses DROP CONSTRAINT message_statuses_pkey;
CREATE UNIQUE INDEX message_statuses_once ON message_statuses (wamid, status, (COALESCE(error_code, 0)));
