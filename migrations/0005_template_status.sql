-- Each template language's approval state as Meta last reported it (message_template_status_update).
-- A known state other than APPROVED stops flowbook from sending that template (issue #5).
CREATE TABLE IF NOT EXISTS template_status (
  name       text NOT NULL,
  language   text NOT NULL,
  status     text NOT NULL,
  reason     text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, language)
);
