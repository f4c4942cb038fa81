-- Several WhatsApp numbers per business (issue #21, src/catalog/numbers.ts): a booking keeps the
-- number its Flow was sent from, so its confirmation and reminders come from the number the
-- customer wrote to. Null on bookings made before (and by the admin API): they go from PHONE_NUMBER_ID.
ALTER TABLE bookings ADD COLUMN phone_number_id text;
