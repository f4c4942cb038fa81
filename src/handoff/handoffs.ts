/**
 * The `handoffs` table and every statement on it: a customer who asked for a person (or whom staff
 * wrote to) has one open handoff, during which the assistant does not answer them. A handoff closes
 * when staff close it, when the customer goes back to the assistant, or HANDOFF_TIMEOUT_MINUTES after
 * the latest message either way; closed rows stay as the history.
 */
import type { Queryable } from '../db/types.ts';

export type HandoffState = 'open' | 'closed';
export type ClosedBy = 'staff' | 'timeout' | 'customer' | 'merged';

export interface Handoff {
  readonly id: number;
  readonly customer: string;
  readonly state: HandoffState;
  readonly openedBy: 'customer' | 'staff';
  readonly openedAt: Date;
  readonly lastActivityAt: Date;
  readonly expiresAt: Date;
  readonly closedAt: Date | null;
  readonly closedBy: ClosedBy | null;
}

interface HandoffRow {
  id: string;
  customer_id: string;
  state: HandoffState;
  opened_by: 'customer' | 'staff';
  opened_at: Date;
  last_activity_at: Date;
  expires_at: Date;
  closed_at: Date | null;
  closed_by: ClosedBy | null;
}

function toHandoff(r: HandoffRow): Handoff {
  return {
    id: Number(r.id),
    customer: r.customer_id,
    state: r.state,
    openedBy: r.opened_by,
    openedAt: new Date(r.opened_at),
    lastActivityAt: new Date(r.last_activity_at),
    expiresAt: new Date(r.expires_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    closedBy: r.closed_by,
  };
}

/** The customer's open handoff, if any. */
export async function openHandoffOf(q: Queryable, customer: string): Promise<Handoff | undefined> {
  const { rows } = await q.query<HandoffRow>(`SELECT * FROM handoffs WHERE customer_id = $1 AND state = 'open'`, [
    customer,
  ]);
  return rows[0] && toHandoff(rows[0]);
}

/**
 * Opens a handoff for the customer at `now`, expiring `timeoutMs` later; when one is open already it is
 * returned as it is (`opened: false`). The unique index on open handoffs makes two concurrent requests
 * open one.
 */
export async function openHandoff(
  tx: Queryable,
  customer: string,
  openedBy: 'customer' | 'staff',
  now: Date,
  timeoutMs: number,
): Promise<{ readonly handoff: Handoff; readonly opened: boolean }> {
  const { rows } = await tx.query<HandoffRow>(
    `INSERT INTO handoffs (customer_id, opened_by, opened_at, last_activity_at, expires_at)
     VALUES ($1, $2, $3, $3, $3::timestamptz + make_interval(secs => $4))
     ON CONFLICT (customer_id) WHERE state = 'open' DO NOTHING RETURNING *`,
    [customer, openedBy, now, timeoutMs / 1000],
  );
  if (rows[0]) return { handoff: toHandoff(rows[0]), opened: true };
  const open = await openHandoffOf(tx, customer);
  if (!open) throw new Error('an open handoff vanished between the insert and the read');
  return { handoff: open, opened: false };
}

/** A message either way: the open handoff's timeout starts again from `now`. */
export async function touchHandoff(tx: Queryable, id: number, now: Date, timeoutMs: number): Promise<void> {
  await tx.query(
    `UPDATE handoffs SET last_activity_at = GREATEST(last_activity_at, $2),
       expires_at = GREATEST(expires_at, $2::timestamptz + make_interval(secs => $3))
     WHERE id = $1 AND state = 'open'`,
    [id, now, timeoutMs / 1000],
  );
}

/** Closes the customer's open handoff; undefined when none was open (closed already, or never). */
export async function closeHandoff(
  tx: Queryable,
  customer: string,
  by: ClosedBy,
  now: Date,
): Promise<Handoff | undefined> {
  const { rows } = await tx.query<HandoffRow>(
    `UPDATE handoffs SET state = 'closed', closed_at = $3, closed_by = $2
     WHERE customer_id = $1 AND state = 'open' RETURNING *`,
    [customer, by, now],
  );
  return rows[0] && toHandoff(rows[0]);
}

/**
 * The timeout of handoff `id`: closed by `timeout` when it is open and expired at `now` (`expired`);
 * otherwise returned as it is (still open when a message moved its expiry). Undefined when unknown.
 */
export async function expireHandoff(
  tx: Queryable,
  id: number,
  now: Date,
): Promise<{ readonly handoff: Handoff; readonly expired: boolean } | undefined> {
  const { rows } = await tx.query<HandoffRow>(
    `UPDATE handoffs SET state = 'closed', closed_at = $2, closed_by = 'timeout'
     WHERE id = $1 AND state = 'open' AND expires_at <= $2 RETURNING *`,
    [id, now],
  );
  if (rows[0]) return { handoff: toHandoff(rows[0]), expired: true };
  const current = await tx.query<HandoffRow>('SELECT * FROM handoffs WHERE id = $1', [id]);
  return current.rows[0] && { handoff: toHandoff(current.rows[0]), expired: false };
}

/** Handoffs in one state, the latest activity first (the admin API's list). */
export async function listHandoffs(q: Queryable, state: HandoffState, limit: number): Promise<Handoff[]> {
  const { rows } = await q.query<HandoffRow>(
    'SELECT * FROM handoffs WHERE state = $1 ORDER BY last_activity_at DESC, id DESC LIMIT $2',
    [state, limit],
  );
  return rows.map(toHandoff);
}

/** The customer's latest handoff, open or closed. */
export async function latestHandoff(q: Queryable, customer: string): Promise<Handoff | undefined> {
  const { rows } = await q.query<HandoffRow>(
    'SELECT * FROM handoffs WHERE customer_id = $1 ORDER BY opened_at DESC, id DESC LIMIT 1',
    [customer],
  );
  return rows[0] && toHandoff(rows[0]);
}

/**
 * The customer `from` is now `to` (src/webhook/identity.ts): their handoffs follow. When both have one
 * open, `to`'s stays open and `from`'s is closed as `merged`.
 */
export async function moveCustomerHandoffs(tx: Queryable, from: string, to: string): Promise<void> {
  await tx.query(
    `UPDATE handoffs SET state = 'closed', closed_at = now(), closed_by = 'merged'
     WHERE customer_id = $1 AND state = 'open'
       AND EXISTS (SELECT 1 FROM handoffs WHERE customer_id = $2 AND state = 'open')`,
    [from, to],
  );
  await tx.query('UPDATE handoffs SET customer_id = $2 WHERE customer_id = $1', [from, to]);
}

/** Deletes the customer's handoffs (erasure); a pending timeout then finds none and does nothing. */
export async function eraseCustomerHandoffs(tx: Queryable, customer: string): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM handoffs WHERE customer_id = $1', [customer]);
  return rowCount;
}
