-- The id of the request that brought a webhook delivery (docs/operations.md "Request ids"): the
-- processing job logs with it, so a line of the worker leads back to the HTTP request. Null for
-- deliveries stored before.
ALTER TABLE webhook_deliveries ADD COLUMN request_id text;
