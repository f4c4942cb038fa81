/**
 * The waitlist's table (migration 0020): who waits for what. An entry is a customer waiting for a service at
 * a location (with a chosen person, or anyone) over a range of local dates; `offered` while a freed time is
 * held for them (src/waitlist/offers.ts), then `booked`, or back to `waiting` when they let it pass; `left`
 * when they leave it, `expired` after its last date.
 */
import { canonicalCustomerId } from '../customers/customers.ts';
import type { Database, Queryable } from '../db/types.ts';
import { enqueue } from '../jobs/registry.ts';

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'left' | 'expired';

export interface WaitlistEntry {
  readonly id: string;
  /** Null once erased. */
  readonly customerId: string | null;
  readonly phoneNumberId: string | null;
  readonly language: string;
  readonly serviceId: string;
  readonly locationId: string;
  /** The person chosen, or null for anyone. */
  readonly staffId: string | null;
  /** Local dates at the location, `YYYY-MM-DD`, both included. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly status: WaitlistStatus;
  /** The hold offered now (`offered`), or the booking it became (`booked`). */
  readonly offerBookingId: string | null;
  readonly offerExpiresAt: Date | null;
  /** Offers made so far. */
  readonly offers: number;
  readonly createdAt: Date;
}

interface EntryRow {
  id: string;
  customer_id: string | null;
  phone_number_id: string | null;
  language: string;
  service_id: string;
  location_id: string;
  staff_id: string | null;
  from_date: string;
  to_date: string;
  status: WaitlistStatus;
  offer_booking_id: string | null;
  offer_expires_at: Date | null;
  offers: number;
  created_at: Date;
}

/** Dates as text: `pg` would read a `date` as a local-midnight Date, which is not a calendar date. */
const COLUMNS = `id, customer_id, phone_number_id, language, service_id, location_id, staff_id,
  from_date::text AS from_date, to_date::text AS to_date, status, offer_booking_id, offer_expires_at, offers, created_at`;

function toEntry(r: EntryRow): WaitlistEntry {
  return {
    id: r.id,
    customerId: r.customer_id,
    phoneNumberId: r.phone_number_id,
    language: r.language,
    serviceId: r.service_id,
    locationId: r.location_id,
    staffId: r.staff_id,
    fromDate: r.from_date,
    toDate: r.to_date,
    status: r.status,
    offerBookingId: r.offer_booking_id,
    offerExpiresAt: r.offer_expires_at,
    offers: r.offers,
    createdAt: r.created_at,
  };
}

export interface JoinRequest {
  readonly customerId: string;
  readonly phoneNumberId?: string | undefined;
  readonly language: string;
  readonly serviceId: string;
  readonly locationId: string;
  readonly staffId?: string | undefined;
  readonly fromDate: string;
  readonly toDate: string;
  /** The end of `toDate` at the location: when the entry expires. */
  readonly endsAt: Date;
  readonly now: Date;
}

/**
 * Puts the customer on the waitlist, or widens the dates of the entry they already have for that service and
 * location (one open entry each: the customer's place in the queue stays). Queues a match (a time may be free
 * already) and the entry's expiry, in the same transaction. `joined` is false when an open entry was widened.
 */
export async function joinWaitlist(
  db: Database,
  req: JoinRequest,
): Promise<{ readonly entry: WaitlistEntry; readonly joined: boolean }> {
  return db.transaction(async (tx) => {
    // The token may name the customer by an id since linked to another (a BSUID beside a phone number).
    const customer = (await canonicalCustomerId(tx, req.customerId)) ?? req.customerId;
    const { rows } = await tx.query<EntryRow & { inserted: boolean }>(
      `INSERT INTO waitlist_entries (customer_id, phone_number_id, language, service_id, location_id, staff_id,
         from_date, to_date, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, 'waiting', $9, $9)
       ON CONFLICT (customer_id, service_id, location_id) WHERE status IN ('waiting', 'offered') DO UPDATE SET
         from_date = LEAST(waitlist_entries.from_date, EXCLUDED.from_date),
         to_date = GREATEST(waitlist_entries.to_date, EXCLUDED.to_date),
         staff_id = EXCLUDED.staff_id, language = EXCLUDED.language,
         phone_number_id = EXCLUDED.phone_number_id, updated_at = EXCLUDED.updated_at
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        customer,
        req.phoneNumberId ?? null,
        req.language,
        req.serviceId,
        req.locationId,
        req.staffId ?? null,
        req.fromDate,
        req.toDate,
        req.now,
      ],
    );
    const row = rows[0]!;
    const entry = toEntry(row);
    await enqueue(tx, 'waitlist.expire', { entryId: entry.id }, { runAt: req.endsAt, priority: 'bulk' });
    await requestMatch(tx);
    return { entry, joined: row.inserted };
  });
}

/**
 * Queues a `waitlist.match` run when someone is waiting, unless a run is already queued: a burst of
 * cancellations needs one pass over the queue, not one each, and a business nobody waits at runs none. A run
 * that has started already reads the state after this change.
 */
export async function requestMatch(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ wanted: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM waitlist_entries WHERE status = 'waiting')
       AND NOT EXISTS (SELECT 1 FROM jobs WHERE name = 'waitlist.match' AND state = 'queued') AS wanted`,
  );
  if (rows[0]?.wanted) await enqueue(tx, 'waitlist.match', {});
}

/** A customer's open entries (waiting or offered), oldest first. */
export async function openEntries(q: Queryable, customerId: string): Promise<WaitlistEntry[]> {
  const { rows } = await q.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries WHERE customer_id = $1 AND status IN ('waiting', 'offered')
     ORDER BY created_at, id`,
    [customerId],
  );
  return rows.map(toEntry);
}

/** Entries for the console and the admin API: open ones by default, oldest (first in the queue) first. */
export async function listEntries(
  q: Queryable,
  filter: { readonly statuses?: readonly WaitlistStatus[]; readonly locationId?: string; readonly limit?: number } = {},
): Promise<WaitlistEntry[]> {
  const { rows } = await q.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries
     WHERE status = ANY($1::text[]) AND ($2::text IS NULL OR location_id = $2)
     ORDER BY created_at, id LIMIT $3`,
    [filter.statuses ?? ['waiting', 'offered'], filter.locationId ?? null, filter.limit ?? 1000],
  );
  return rows.map(toEntry);
}

/** The waiting entries, first in the queue first: who a freed time is offered to. */
export async function waitingEntries(q: Queryable, limit: number): Promise<WaitlistEntry[]> {
  const { rows } = await q.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries WHERE status = 'waiting' ORDER BY created_at, id LIMIT $1`,
    [limit],
  );
  return rows.map(toEntry);
}

/** One entry under a row lock for the rest of `tx`, or undefined. */
export async function lockEntry(tx: Queryable, id: string): Promise<WaitlistEntry | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM waitlist_entries WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] && toEntry(rows[0]);
}

/** The entry whose offer (or booking) is `bookingId`, under a row lock, or undefined. */
export async function lockEntryOfOffer(tx: Queryable, bookingId: string): Promise<WaitlistEntry | undefined> {
  if (!isUuid(bookingId)) return undefined;
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${COLUMNS} FROM waitlist_entries WHERE offer_booking_id = $1 FOR UPDATE`,
    [bookingId],
  );
  return rows[0] && toEntry(rows[0]);
}

/**
 * Marks a waiting entry offered with the hold `bookingId`, if it is still waiting with `offers` offers made
 * (another instance's matcher may have offered it something meanwhile). False: it was not.
 */
export async function claimForOffer(
  tx: Queryable,
  entry: WaitlistEntry,
  offer: { readonly bookingId: string; readonly expiresAt: Date; readonly now: Date },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE waitlist_entries SET status = 'offered', offer_booking_id = $2, offer_expires_at = $3,
       offers = offers + 1, updated_at = $4
     WHERE id = $1 AND status = 'waiting' AND offers = $5`,
    [entry.id, offer.bookingId, offer.expiresAt, offer.now, entry.offers],
  );
  return rowCount === 1;
}

/** Moves an entry to `status`, keeping (`booked`) or dropping its offer. */
export async function setStatus(tx: Queryable, id: string, status: WaitlistStatus, now: Date): Promise<void> {
  const ended = status === 'booked' || status === 'left' || status === 'expired';
  await tx.query(
    `UPDATE waitlist_entries SET status = $2::text, updated_at = $3::timestamptz,
       offer_booking_id = CASE WHEN $2::text = 'booked' THEN offer_booking_id ELSE NULL END,
       offer_expires_at = NULL, ended_at = CASE WHEN $4::boolean THEN $3::timestamptz ELSE NULL END
     WHERE id = $1`,
    [id, status, now, ended],
  );
}

/** Records that the entry let the time `start` pass: it is not offered that time again. */
export async function recordPass(tx: Queryable, entryId: string, start: Date, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO waitlist_passes (entry_id, start_at, passed_at) VALUES ($1, $2, $3)
     ON CONFLICT (entry_id, start_at) DO NOTHING`,
    [entryId, start, now],
  );
}

/** The start times each of these entries let pass, in epoch milliseconds. */
export async function passesOf(q: Queryable, entryIds: readonly string[]): Promise<Map<string, Set<number>>> {
  const passes = new Map<string, Set<number>>();
  if (entryIds.length === 0) return passes;
  const { rows } = await q.query<{ entry_id: string; start_at: Date }>(
    'SELECT entry_id, start_at FROM waitlist_passes WHERE entry_id = ANY($1::uuid[])',
    [entryIds],
  );
  for (const r of rows) {
    const set = passes.get(r.entry_id) ?? new Set<number>();
    set.add(r.start_at.getTime());
    passes.set(r.entry_id, set);
  }
  return passes;
}

/** Erasure (src/privacy/erase.ts): the customer's entries go, with the times they let pass. */
export async function eraseCustomerWaitlist(tx: Queryable, customerId: string): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM waitlist_entries WHERE customer_id = $1', [customerId]);
  return rowCount;
}

/**
 * The customer `from` is now `to` (src/webhook/identity.ts): their entries follow. Where `to` already waits for
 * the same service and location, `from`'s open entry ends as left (one open entry each).
 */
export async function moveCustomerWaitlist(tx: Queryable, from: string, to: string): Promise<void> {
  await tx.query(
    `UPDATE waitlist_entries f SET status = 'left', ended_at = now(), updated_at = now()
     WHERE f.customer_id = $1 AND f.status IN ('waiting', 'offered') AND EXISTS (
       SELECT 1 FROM waitlist_entries t WHERE t.customer_id = $2 AND t.service_id = f.service_id
         AND t.location_id = f.location_id AND t.status IN ('waiting', 'offered'))`,
    [from, to],
  );
  await tx.query('UPDATE waitlist_entries SET customer_id = $2 WHERE customer_id = $1', [from, to]);
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
