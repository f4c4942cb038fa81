/**
 * The `message_statuses` table: every status Meta reported for a message we sent, once per wamid,
 * status and error code. A status moves its outbound message forward; it may arrive before the send's own answer
 * was stored (statuses are unordered, docs/protocol.md §6), so the sender applies the early ones.
 */
import type { Queryable } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { advanceOutbound, OUTSIDE_WINDOW, outboundByWamid, resendAsTemplate } from './outbox.ts';

/** A status of one of our messages as the webhook parsed it (sent, delivered, read, failed). */
export interface StatusRecord {
  readonly wamid: string;
  readonly status: string;
  readonly timestamp: number | undefined;
  readonly errorCode: number | undefined;
  readonly errorTitle: string | undefined;
}

/**
 * Stores a status and applies it; false when it was already stored (a replay). A `failed` with another error code
 * than one already stored is a new status: kept and logged (the outbound message keeps its first failure's code).
 */
export async function recordStatus(tx: Queryable, s: StatusRecord, log: Logger): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO message_statuses (wamid, status, error_code, error_title, at)
     VALUES ($1, $2, $3, $4, to_timestamp($5::float8))
     ON CONFLICT (wamid, status, (COALESCE(error_code, 0))) DO NOTHING RETURNING wamid`,
    [s.wamid, s.status, s.errorCode ?? null, s.errorTitle ?? null, s.timestamp ?? null],
  );
  if (rows.length === 0) return false;
  await applyStatus(tx, s.wamid, s.status, s.errorCode, s.errorTitle, log);
  return true;
}

/** Applies the statuses stored for `wamid` before its send was recorded as accepted. */
export async function applyEarlyStatuses(tx: Queryable, wamid: string, log: Logger): Promise<void> {
  const { rows } = await tx.query<{ status: string; error_code: number | null; error_title: string | null }>(
    'SELECT status, error_code, error_title FROM message_statuses WHERE wamid = $1 ORDER BY received_at',
    [wamid],
  );
  for (const s of rows)
    await applyStatus(tx, wamid, s.status, s.error_code ?? undefined, s.error_title ?? undefined, log);
}

async function applyStatus(
  tx: Queryable,
  wamid: string,
  status: string,
  code: number | undefined,
  title: string | undefined,
  log: Logger,
): Promise<void> {
  const moved = await advanceOutbound(tx, wamid, status, { code, title });
  if (status !== 'failed') return;
  if (!moved) {
    const known = await outboundByWamid(tx, wamid);
    if (known?.state === 'failed')
      log.warn({ outboundId: known.id, kind: known.kind, code }, 'outbound message failed again');
    return;
  }
  log.warn({ outboundId: moved.id, kind: moved.kind, code }, 'outbound message failed');
  if (code === OUTSIDE_WINDOW && (await resendAsTemplate(tx, moved))) {
    log.info({ outboundId: moved.id }, 'outside the 24-h window: queued the equivalent template');
  }
}

/** Retention: deletes up to `limit` statuses received before `before` (the table has no key of its own: ctid). */
export async function pruneStatuses(q: Queryable, before: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM message_statuses WHERE ctid IN
       (SELECT ctid FROM message_statuses WHERE received_at < $1 ORDER BY received_at LIMIT $2)`,
    [before, limit],
  );
  return rowCount;
}
