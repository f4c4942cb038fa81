-- The console's live view (issue #16): every statement that changes bookings or their notes takes a
-- number from one sequence. Each process polls the sequence's last value and tells its open consoles
-- when it moved, so a change made through any process reaches every console. A sequence is neither
-- locked nor rolled back, so booking writes never wait on it; the console refetches what it shows.
CREATE SEQUENCE console_changes;

CREATE FUNCTION console_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('console_changes');
  RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_console_changed AFTER INSERT OR UPDATE OR DELETE ON bookings
  FOR EACH STATEMENT EXECUTE FUNCTION console_changed();
CREATE TRIGGER booking_notes_console_changed AFTER INSERT OR UPDATE OR DELETE ON booking_notes
  FOR EACH STATEMENT EXECUTE FUNCTION console_changed();
