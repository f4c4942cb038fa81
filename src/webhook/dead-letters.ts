/**
 * The `dead_letters` table: items of a webhook delivery (a message, a status, an event) that cannot be
 * stored or processed, each with where it was in the delivery, why, and the item itself. One such item
 * no longer rolls back its delivery: the ingest runs the delivery again with a savepoint per item and
 * records the failure here (src/webhook/ingest.ts, docs/webhook.md).
 */
import type { Queryable } from '../db/types.ts';

/** Deeper than this an item is refused before it reaches JSON.stringify or the database (both recurse). */
export const MAX_ITEM_DEPTH = 64;

/** A message or status dated further ahead of our clock than this is not a real one. */
const MAX_CLOCK_AHEAD_S = 24 * 60 * 60;

const INT32_MAX = 2 ** 31 - 1;

/** How deep `value` nests, counted without recursion and stopping past `limit`. */
function depthExceeds(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const v of level) {
      if (v !== null && typeof v === 'object') next.push(...Object.values(v as Record<string, unknown>));
    }
    level = next;
  }
  return false;
}

/** True when a string anywhere in `value` (a key or a value) holds U+0000; `value` is known to be shallow. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => k.includes('\u0000') || hasNul(v));
}

/** What an item says that flowbook's tables cannot hold: the fields checked are the ones stored. */
export interface ItemFacts {
  readonly raw: unknown;
  /** Unix seconds, the item's own `timestamp`. */
  readonly timestamp?: number | undefined;
  /** A status's error code (an `integer` column). */
  readonly errorCode?: number | undefined;
}

/**
 * Why the item cannot be stored, or undefined when it can: nested past {@link MAX_ITEM_DEPTH}, a NUL
 * character (PostgreSQL's text and jsonb refuse it), an error code beyond 32 bits, a timestamp more than a
 * day ahead of `nowMs`. Checked before any statement, so nothing half-done needs undoing.
 */
export function unstorableReason(item: ItemFacts, nowMs: number): string | undefined {
  if (depthExceeds(item.raw, MAX_ITEM_DEPTH)) return `nested deeper than ${MAX_ITEM_DEPTH} levels`;
  if (hasNul(item.raw)) return 'contains a NUL character, which PostgreSQL text cannot hold';
  if (item.errorCode !== undefined && (!Number.isInteger(item.errorCode) || Math.abs(item.errorCode) > INT32_MAX))
    return `error code ${item.errorCode} does not fit in 32 bits`;
  if (item.timestamp !== undefined && item.timestamp > nowMs / 1000 + MAX_CLOCK_AHEAD_S)
    return `timestamp ${item.timestamp} is more than a day ahead of our clock`;
  return undefined;
}

/**
 * The item as JSON text for the table. A value too deep for JSON.stringify is written down to
 * {@link MAX_ITEM_DEPTH} levels, and what lies below is replaced by a note: the whole item stays in the
 * delivery's raw body.
 */
export function itemText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify(clip(value, MAX_ITEM_DEPTH));
  }
}

function clip(value: unknown, levels: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (levels === 0) return '[deeper levels left out]';
  if (Array.isArray(value)) return value.map((v) => clip(v, levels - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clip(v, levels - 1)]));
}

export interface DeadLetter {
  readonly deliveryId: number;
  /** Where the item was, e.g. `entry[0].changes[0].value.messages[3]`. */
  readonly path: string;
  readonly reason: string;
  readonly item: unknown;
}

/** Records a dead letter; a second one for the same item of the same delivery is ignored. */
export async function recordDeadLetter(q: Queryable, letter: DeadLetter): Promise<void> {
  await q.query(
    `INSERT INTO dead_letters (delivery_id, item_path, reason, item) VALUES ($1, $2, $3, $4)
     ON CONFLICT (delivery_id, item_path) DO NOTHING`,
    [letter.deliveryId, letter.path, letter.reason, itemText(letter.item)],
  );
}

/** A dead letter as an operator reads it. */
export interface DeadLetterRow {
  readonly id: number;
  readonly deliveryId: number;
  readonly path: string;
  readonly reason: string;
  readonly item: string;
  readonly createdAt: Date;
}

/** Dead letters, newest first (optionally of one delivery). */
export async function listDeadLetters(
  q: Queryable,
  filter: { deliveryId?: number; limit?: number } = {},
): Promise<DeadLetterRow[]> {
  const { rows } = await q.query<{
    id: string;
    delivery_id: string;
    item_path: string;
    reason: string;
    item: string;
    created_at: Date;
  }>(
    `SELECT * FROM dead_letters WHERE $1::bigint IS NULL OR delivery_id = $1
     ORDER BY id DESC LIMIT $2`,
    [filter.deliveryId ?? null, filter.limit ?? 100],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    deliveryId: Number(r.delivery_id),
    path: r.item_path,
    reason: r.reason,
    item: r.item,
    createdAt: new Date(r.created_at),
  }));
}
