-- Customers without a phone number (docs/protocol.md §11.1, issue #12). A customer is identified by a
-- phone number, a business-scoped user id (BSUID), or both linked. `id` is the key every other table
-- stores in its customer_phone column (the name is kept; the value may now be a BSUID): the phone
-- number for every row written before this migration and for customers first seen with one, else the
-- BSUID. `phone` and `user_id` say how to reach the customer; a webhook that carries both links them.
ALTER TABLE customers RENAME COLUMN phone TO id;
ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE customers ADD COLUMN user_id text;
-- A parent BSUID (US.ENT.…) is shared by the portfolios of a managed business; kept beside the BSUID.
ALTER TABLE customers ADD COLUMN parent_user_id text;
-- The WhatsApp username, when the customer set one (display only: it can change, the BSUID does not).
ALTER TABLE customers ADD COLUMN username text;

-- Rows written before this migration were keyed by the phone number.
UPDATE customers SET phone = id;

CREATE UNIQUE INDEX customers_phone ON customers (phone);
CREATE UNIQUE INDEX customers_user_id ON customers (user_id);
CREATE INDEX customers_parent_user_id ON customers (parent_user_id) WHERE parent_user_id IS NOT NULL;
