-- The customer's explicit language choice ("language" keyword → list) outranks every guess (issue #5).
ALTER TABLE customers ADD COLUMN IF NOT EXISTS language_chosen boolean NOT NULL DEFAULT false;
