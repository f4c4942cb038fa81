-- The catalog edited in the console (issue #17). The business's catalog is the newest row here: the
-- BUSINESS_CONFIG file seeds the first one, and every edit (the console, the admin API, a file
-- imported again) adds a row with who made it, when, and what changed. Runs on PGlite and PostgreSQL 15+.
--
-- `based_on` is the revision an edit started from (0 for the seed). It is unique, so two edits made
-- from the same revision cannot both land: the second is refused and its author sees the newer one.
CREATE TABLE catalog_revisions (
  id         bigserial PRIMARY KEY,
  based_on   bigint NOT NULL UNIQUE,
  document   jsonb NOT NULL,
  author     text NOT NULL,
  source     text NOT NULL CHECK (source IN ('file', 'console', 'api')),
  changes    jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An open console refetches the catalog when it changes (migration 0022).
CREATE TRIGGER catalog_revisions_console_changed AFTER INSERT ON catalog_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION console_changed();
