/**
 * The `customers` table and every statement on it: one row per WhatsApp user who wrote to the business
 * or booked, with the language we speak to them in and the times that decide what we may send (the
 * 24-hour window, the help rate). A customer is identified by a phone number, a BSUID, or both linked
 * (docs/protocol.md §11.1): `id` is the customer id every other table stores (the phone number when one
 * was known at first sight, else the BSUID), `phone` and `user_id` say how to reach them. Other modules
 * call these functions, passing the transaction they work in; none writes the table itself.
 */
import type { Queryable } from '../db/types.ts';
import { isBsuid, isParentBsuid, isWhatsAppNumber } from '../whatsapp/recipient.ts';

/** What a webhook says about who a customer is; every field may be missing (docs/protocol.md §11.1). */
export interface CustomerIds {
  /** The phone number (`wa_id`, `from`), withheld for some customers with a username. */
  readonly phone?: string | undefined;
  /** The business-scoped user id (`user_id`, `from_user_id`). */
  readonly userId?: string | undefined;
  /** The parent BSUID of a managed business (`parent_user_id`, `from_parent_user_id`). */
  readonly parentUserId?: string | undefined;
  readonly username?: string | undefined;
}

/** The columns a new row gets from its id alone: a phone number or a BSUID says how to reach it. */
function reachOf(id: string): [phone: string | null, userId: string | null, parentUserId: string | null] {
  if (isWhatsAppNumber(id)) return [id, null, null];
  if (isParentBsuid(id)) return [null, null, id];
  return isBsuid(id) ? [null, id, null] : [null, null, null];
}

/**
 * The id of the customer known by `id` as their id, phone number, BSUID or parent BSUID; undefined when
 * none is. A flow token or a booking may name a customer by an id that was since linked to another.
 */
export async function canonicalCustomerId(q: Queryable, id: string): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM customers WHERE id = $1 OR phone = $1 OR user_id = $1 OR parent_user_id = $1
     ORDER BY id = $1 DESC, phone = $1 DESC, user_id = $1 DESC LIMIT 1`,
    [id],
  );
  return rows[0]?.id;
}

/** The customer with this phone number, and the one with this BSUID (the same one when they are linked). */
export async function customersNamed(
  q: Queryable,
  ids: CustomerIds,
): Promise<{ readonly byPhone: string | undefined; readonly byUserId: string | undefined }> {
  const one = async (sql: string, value: string | undefined) =>
    value === undefined ? undefined : (await q.query<{ id: string }>(sql, [value])).rows[0]?.id;
  return {
    byPhone: await one('SELECT id FROM customers WHERE phone = $1 OR id = $1 LIMIT 1', ids.phone),
    byUserId: ids.userId
      ? await one('SELECT id FROM customers WHERE user_id = $1 OR id = $1 LIMIT 1', ids.userId)
      : await one('SELECT id FROM customers WHERE parent_user_id = $1 OR id = $1 LIMIT 1', ids.parentUserId),
  };
}

/**
 * Creates the customer `id` when missing and records what `ids` adds: a phone number or a BSUID they
 * did not have (linking the two), the parent BSUID, the username. A known phone number or BSUID is
 * never replaced here (a number change moves the customer instead, src/webhook/identity.ts).
 */
export async function linkCustomer(q: Queryable, id: string, ids: CustomerIds): Promise<void> {
  const [phone, userId, parentUserId] = reachOf(id);
  await q.query(
    `INSERT INTO customers (id, phone, user_id, parent_user_id, username) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET phone = COALESCE(customers.phone, EXCLUDED.phone),
       user_id = COALESCE(customers.user_id, EXCLUDED.user_id),
       parent_user_id = COALESCE(EXCLUDED.parent_user_id, customers.parent_user_id),
       username = COALESCE(EXCLUDED.username, customers.username)`,
    [id, ids.phone ?? phone, ids.userId ?? userId, ids.parentUserId ?? parentUserId, ids.username ?? null],
  );
}

/**
 * Folds the customer `from` into `into` and deletes `from`: the language the customer chose wins over a
 * guess (and `into`'s over `from`'s when both chose), the latest message, help and visit times are kept.
 * With `takeReach`, `into` also takes whichever phone number, BSUID and username it lacked (two ids of
 * one person linked); without, it keeps only its own (a number change: the old number's ids are stale).
 * Other tables are moved by their owners (src/webhook/identity.ts).
 */
export async function mergeCustomers(q: Queryable, from: string, into: string, takeReach = true): Promise<void> {
  await q.query(
    `WITH gone AS (DELETE FROM customers WHERE id = $1 RETURNING *)
     UPDATE customers AS c SET
       language = CASE WHEN c.language_chosen OR NOT gone.language_chosen THEN COALESCE(c.language, gone.language)
                       ELSE gone.language END,
       language_chosen = c.language_chosen OR gone.language_chosen,
       last_seen_at = GREATEST(c.last_seen_at, gone.last_seen_at),
       last_inbound_at = GREATEST(c.last_inbound_at, gone.last_inbound_at),
       last_help_at = GREATEST(c.last_help_at, gone.last_help_at),
       created_at = LEAST(c.created_at, gone.created_at),
       phone = CASE WHEN $3 THEN COALESCE(c.phone, gone.phone) ELSE c.phone END,
       user_id = CASE WHEN $3 THEN COALESCE(c.user_id, gone.user_id) ELSE c.user_id END,
       parent_user_id = COALESCE(c.parent_user_id, gone.parent_user_id),
       username = COALESCE(c.username, gone.username)
     FROM gone WHERE c.id = $2`,
    [from, into, takeReach],
  );
}

/**
 * The customer `from` now answers to `to` (their new phone number, docs/protocol.md §11.4): the row is
 * renamed and reached only by the new ids (a new number has a new BSUID; the old one no longer reaches them).
 */
export async function renameCustomer(q: Queryable, from: string, to: string, ids: CustomerIds): Promise<void> {
  const [phone, userId, parentUserId] = reachOf(to);
  await q.query(
    `UPDATE customers SET id = $2, phone = $3, user_id = $4, parent_user_id = COALESCE($5, parent_user_id)
     WHERE id = $1`,
    [from, to, ids.phone ?? phone, ids.userId ?? userId, ids.parentUserId ?? parentUserId],
  );
}

/** The customer's BSUID changed (`user_changed_user_id`); their id and phone number stay. */
export async function replaceUserId(q: Queryable, id: string, userId: string): Promise<void> {
  await q.query('UPDATE customers SET user_id = $2 WHERE id = $1', [id, userId]);
}

/** How to reach the customer: their phone number and BSUID as far as they are known. */
export async function customerReach(
  q: Queryable,
  id: string,
): Promise<{ readonly phone: string | undefined; readonly userId: string | undefined }> {
  const { rows } = await q.query<{ phone: string | null; user_id: string | null }>(
    'SELECT phone, user_id FROM customers WHERE id = $1 OR user_id = $1 OR parent_user_id = $1 LIMIT 1',
    [id],
  );
  return { phone: rows[0]?.phone ?? undefined, userId: rows[0]?.user_id ?? undefined };
}

/** The language stored for the customer, guessed or chosen; null when none is. */
export async function storedLanguage(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ language: string | null }>('SELECT language FROM customers WHERE id = $1', [id]);
  return rows[0]?.language ?? null;
}

/** The language the customer chose from the language list, which outranks every guess (docs/templates.md). */
export async function chosenLanguage(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ language: string | null }>(
    'SELECT language FROM customers WHERE id = $1 AND language_chosen',
    [id],
  );
  return rows[0]?.language ?? null;
}

/** Stores a guessed language; never overwrites one the customer chose explicitly. */
export async function rememberLanguage(q: Queryable, id: string, language: string): Promise<void> {
  await q.query(
    `INSERT INTO customers (id, phone, user_id, parent_user_id, language) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET language = EXCLUDED.language WHERE NOT customers.language_chosen`,
    [id, ...reachOf(id), language],
  );
}

/** Stores the language the customer picked from the list; it outranks every guess from now on. */
export async function setChosenLanguage(q: Queryable, id: string, language: string): Promise<void> {
  await q.query(
    `INSERT INTO customers (id, phone, user_id, parent_user_id, language, language_chosen)
     VALUES ($1, $2, $3, $4, $5, true)
     ON CONFLICT (id) DO UPDATE SET language = EXCLUDED.language, language_chosen = true`,
    [id, ...reachOf(id), language],
  );
}

/**
 * A message from the customer arrived, written at `timestamp` (Unix seconds, the message's own): their 24-hour
 * window opens then, not at receipt (docs/protocol.md §7, §11.4). A message delivered late never moves the window
 * back, and one dated ahead of our clock (or undated) counts from `nowMs`, the app's clock (the one the window is
 * checked against, {@link insideWindow}).
 */
export async function recordInbound(
  q: Queryable,
  id: string,
  timestamp: number | undefined,
  nowMs: number,
): Promise<void> {
  await q.query(
    `INSERT INTO customers (id, phone, user_id, parent_user_id, last_seen_at, last_inbound_at)
       VALUES ($1, $2, $3, $4, now(),
         LEAST(to_timestamp($6::float8 / 1000), COALESCE(to_timestamp($5::float8), to_timestamp($6::float8 / 1000))))
     ON CONFLICT (id) DO UPDATE SET last_seen_at = now(),
       last_inbound_at = GREATEST(customers.last_inbound_at, EXCLUDED.last_inbound_at)`,
    [id, ...reachOf(id), timestamp ?? null, nowMs],
  );
}

/**
 * A hold or booking for the customer: remembers them and, when known, their language. `id` comes from a
 * flow token and may name a customer since linked under another id: the row found is the one touched,
 * and its id is returned for the booking to store.
 */
export async function touchCustomer(
  q: Queryable,
  id: string | null,
  language: string | null,
  now: Date,
): Promise<string | null> {
  if (!id) return null;
  const key = (await canonicalCustomerId(q, id)) ?? id;
  await q.query(
    `INSERT INTO customers (id, phone, user_id, parent_user_id, language, last_seen_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (id) DO UPDATE SET language = COALESCE(EXCLUDED.language, customers.language),
       last_seen_at = EXCLUDED.last_seen_at`,
    [key, ...reachOf(key), language, now],
  );
  return key;
}

/** True when the customer wrote to the business within the `windowMs` before `nowMs` (the app's clock). */
export async function insideWindow(q: Queryable, id: string, windowMs: number, nowMs: number): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    'SELECT last_inbound_at > to_timestamp($3::float8 / 1000) - make_interval(secs => $2) AS ok FROM customers WHERE id = $1',
    [id, windowMs / 1000, nowMs],
  );
  return rows[0]?.ok === true;
}

/**
 * Takes the customer's help slot: true (and the slot is taken at `now`) when no help text went to them
 * within `intervalMs`, false otherwise. A customer without a row has none to take.
 */
export async function takeHelpSlot(q: Queryable, id: string, now: Date, intervalMs: number): Promise<boolean> {
  const { rows } = await q.query(
    `UPDATE customers SET last_help_at = $2 WHERE id = $1
       AND (last_help_at IS NULL OR last_help_at <= $2::timestamptz - make_interval(secs => $3)) RETURNING id`,
    [id, now, intervalMs / 1000],
  );
  return rows.length > 0;
}

/** Forgets the customer (erasure on request); their bookings are anonymised by the caller. */
export async function deleteCustomer(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM customers WHERE id = $1', [id]);
}

/** Who a customer is, every id they are known by: what an erasure looks for in other tables. */
export interface CustomerIdentity {
  readonly id: string;
  readonly phone: string | undefined;
  readonly userId: string | undefined;
  readonly parentUserId: string | undefined;
  readonly username: string | undefined;
}

/** The customer known by `id` (any of their ids), or undefined when none is. */
export async function customerIdentity(q: Queryable, id: string): Promise<CustomerIdentity | undefined> {
  const key = await canonicalCustomerId(q, id);
  if (key === undefined) return undefined;
  const { rows } = await q.query<{
    id: string;
    phone: string | null;
    user_id: string | null;
    parent_user_id: string | null;
    username: string | null;
  }>('SELECT id, phone, user_id, parent_user_id, username FROM customers WHERE id = $1', [key]);
  const r = rows[0];
  return (
    r && {
      id: r.id,
      phone: r.phone ?? undefined,
      userId: r.user_id ?? undefined,
      parentUserId: r.parent_user_id ?? undefined,
      username: r.username ?? undefined,
    }
  );
}

/** What an erased customer's kept rows name as their customer (a column that may not be empty): nobody. */
export const ERASED_CUSTOMER = 'erased';
