/**
 * The `customers` table and every statement on it: one row per WhatsApp number that wrote to the
 * business or booked, with the language we speak to them in and the times that decide what we may
 * send (the 24-hour window, the help rate). Other modules call these functions, passing the
 * transaction they work in; none writes the table itself.
 */
import type { Queryable } from '../db/types.ts';

/** The language stored for the customer, guessed or chosen; null when none is. */
export async function storedLanguage(q: Queryable, phone: string): Promise<string | null> {
  const { rows } = await q.query<{ language: string | null }>('SELECT language FROM customers WHERE phone = $1', [
    phone,
  ]);
  return rows[0]?.language ?? null;
}

/** The language the customer chose from the language list, which outranks every guess (docs/templates.md). */
export async function chosenLanguage(q: Queryable, phone: string): Promise<string | null> {
  const { rows } = await q.query<{ language: string | null }>(
    'SELECT language FROM customers WHERE phone = $1 AND language_chosen',
    [phone],
  );
  return rows[0]?.language ?? null;
}

/** Stores a guessed language; never overwrites one the customer chose explicitly. */
export async function rememberLanguage(q: Queryable, phone: string, language: string): Promise<void> {
  await q.query(
    `INSERT INTO customers (phone, language) VALUES ($1, $2)
     ON CONFLICT (phone) DO UPDATE SET language = EXCLUDED.language WHERE NOT customers.language_chosen`,
    [phone, language],
  );
}

/** Stores the language the customer picked from the list; it outranks every guess from now on. */
export async function setChosenLanguage(q: Queryable, phone: string, language: string): Promise<void> {
  await q.query(
    `INSERT INTO customers (phone, language, language_chosen) VALUES ($1, $2, true)
     ON CONFLICT (phone) DO UPDATE SET language = EXCLUDED.language, language_chosen = true`,
    [phone, language],
  );
}

/**
 * A message from the customer arrived, written at `timestamp` (Unix seconds, the message's own): their 24-hour
 * window opens then, not at receipt (docs/protocol.md §7, §11.4). A message delivered late never moves the window
 * back, and one dated ahead of our clock (or undated) counts from now.
 */
export async function recordInbound(q: Queryable, phone: string, timestamp?: number): Promise<void> {
  await q.query(
    `INSERT INTO customers (phone, last_seen_at, last_inbound_at)
       VALUES ($1, now(), LEAST(now(), COALESCE(to_timestamp($2::float8), now())))
     ON CONFLICT (phone) DO UPDATE SET last_seen_at = now(),
       last_inbound_at = GREATEST(customers.last_inbound_at, EXCLUDED.last_inbound_at)`,
    [phone, timestamp ?? null],
  );
}

/** A hold or booking for the customer: remembers them and, when known, their language. */
export async function touchCustomer(
  q: Queryable,
  phone: string | null,
  language: string | null,
  now: Date,
): Promise<void> {
  if (!phone) return;
  await q.query(
    `INSERT INTO customers (phone, language, last_seen_at, created_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (phone) DO UPDATE SET language = COALESCE(EXCLUDED.language, customers.language),
       last_seen_at = EXCLUDED.last_seen_at`,
    [phone, language, now],
  );
}

/** True when the customer wrote to the business within the last `windowMs`. */
export async function insideWindow(q: Queryable, phone: string, windowMs: number): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    'SELECT last_inbound_at > now() - make_interval(secs => $2) AS ok FROM customers WHERE phone = $1',
    [phone, windowMs / 1000],
  );
  return rows[0]?.ok === true;
}

/**
 * Takes the customer's help slot: true (and the slot is taken at `now`) when no help text went to them
 * within `intervalMs`, false otherwise. A customer without a row has none to take.
 */
export async function takeHelpSlot(q: Queryable, phone: string, now: Date, intervalMs: number): Promise<boolean> {
  const { rows } = await q.query(
    `UPDATE customers SET last_help_at = $2 WHERE phone = $1
       AND (last_help_at IS NULL OR last_help_at <= $2::timestamptz - make_interval(secs => $3)) RETURNING phone`,
    [phone, now, intervalMs / 1000],
  );
  return rows.length > 0;
}

/** Forgets the customer (erasure on request); their bookings are anonymised by the caller. */
export async function deleteCustomer(q: Queryable, phone: string): Promise<void> {
  await q.query('DELETE FROM customers WHERE phone = $1', [phone]);
}
