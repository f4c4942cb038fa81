/**
 * Send pacing across every instance (docs/protocol.md §9, docs/operations.md): at most `perSecond`
 * messages from one business number and one message per `pairIntervalMs` to one customer, however
 * many processes send. Owns `send_pacing` and `send_pair_pacing` (migration 0014).
 *
 * On a server each number has one row holding the next free send instant. Taking a slot moves it
 * forward by one interval in the same statement that reads it, so two instances can never take the
 * same slot; the slots are evenly spaced, so no one-second window holds more than `perSecond` of them.
 * A slot up to `horizonMs` ahead is taken and slept for; beyond that the job is put off instead of
 * holding a worker. The embedded engine has one process: its in-memory limiter does the same there.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/types.ts';
import type { OutboundLimiter } from '../whatsapp/rate-limit.ts';

/** What held a message back: the number's throughput or the customer's pair rate. */
export type PacingReason = 'number' | 'pair';

/**
 * `ok`: send after `waitMs` (the slot is taken; `sendAt` is that instant on this process's clock, ms
 * since the epoch; `slotAt` is the slot itself on the clock that spaced it, the database's on a server).
 * Otherwise come back at `retryAt` (ms since the epoch).
 */
export type Pacing =
  | {
      readonly ok: true;
      readonly waitMs: number;
      readonly sendAt: number;
      readonly slotAt: number;
      /**
       * The customer's spacing this slot reserved (the next message to them waits for it), as the
       * pacer knows it: given back to {@link SendPacer.take} when the slot was missed.
       */
      readonly pairUntil?: number;
    }
  | { readonly ok: false; readonly retryAt: number; readonly reason: PacingReason };

export interface SendPacer {
  /**
   * Takes a send slot for a message from `phoneNumberId` to `recipient`, or says when to ask again.
   * `replacing`: the `pairUntil` of a slot this message missed; its reservation of the customer's
   * spacing is moved to the new slot instead of making the message wait for itself.
   */
  take(phoneNumberId: string, recipient: string, replacing?: number): Promise<Pacing>;
}

/** The process's own limiters (one per number): enough when only one process sends (PGlite). */
export function memoryPacer(limiterFor: (phoneNumberId: string) => OutboundLimiter): SendPacer {
  return {
    async take(phoneNumberId, recipient) {
      const permit = limiterFor(phoneNumberId).tryAcquire(recipient);
      const now = Date.now();
      return permit.ok
        ? { ok: true, waitMs: 0, sendAt: now, slotAt: now }
        : { ok: false, retryAt: permit.retryAt, reason: permit.reason };
    },
  };
}

export interface DatabasePacerOptions {
  /**
   * Messages per second per number (SEND_RATE_PER_SECOND, default 80, Meta allows up to 1,000), or
   * each number's own (the catalog's `numbers`, read at each send: the catalog reloads).
   */
  readonly perSecond: number | ((phoneNumberId: string) => number);
  /** Spacing between two messages to one customer (0: none). */
  readonly pairIntervalMs: number;
  /** The farthest slot a send takes and sleeps for (default 1 s). */
  readonly horizonMs?: number;
}

/**
 * Added to every second the limiter counts: a slot is taken in the database, but the message reaches
 * Meta after a sleep and an HTTP round trip whose length varies by a few milliseconds, so evenly spaced
 * slots can arrive slightly bunched. A second holds at most the rate as long as every message arrives
 * less than this after its slot; a send later than most of it takes a new slot instead (send.ts
 * `LATE_SLOT_MS`). 35 ms costs 3.4 % of the throughput (25 ms, with 5 ms for the way there, let 81
 * into one second in one of three runs of bench/scale.ts).
 */
export const PACING_GUARD_MS = 35;
const DEFAULT_HORIZON_MS = 1_000;
const PRUNE_EVERY_MS = 60_000;

/** The customer as stored in `send_pair_pacing`: a one-way tag, never the number or BSUID itself. */
function recipientTag(recipient: string): string {
  return createHash('sha256').update(`flowbook-pacing:${recipient}`).digest('base64url').slice(0, 22);
}

/** Pacing kept in the database, shared by every instance on the server. */
export function databasePacer(db: Database, options: DatabasePacerOptions): SendPacer {
  const rateOf = typeof options.perSecond === 'function' ? options.perSecond : () => options.perSecond as number;
  const intervalOf = (phoneNumberId: string): number => {
    const perSecond = rateOf(phoneNumberId);
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new RangeError('perSecond must be a positive integer');
    return (1_000 + PACING_GUARD_MS) / perSecond / 1_000;
  };
  if (typeof options.perSecond === 'number') intervalOf('');
  const pairS = options.pairIntervalMs > 0 ? (options.pairIntervalMs + PACING_GUARD_MS) / 1_000 : 0;
  const horizonS = (options.horizonMs ?? DEFAULT_HORIZON_MS) / 1_000;
  let lastPrune = Date.now();

  async function prune(): Promise<void> {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    await db.query('DELETE FROM send_pair_pacing WHERE next_at < clock_timestamp()');
  }

  return {
    async take(phoneNumberId, recipient, replacing) {
      await prune();
      const intervalS = intervalOf(phoneNumberId);
      const tag = recipientTag(recipient);
      // The database says how long from the moment its statement ran (`clock_timestamp()`, not the
      // transaction's start, which a wait for a row lock would make stale); this process's clock says
      // from when, read as the answer arrives, so clocks of different hosts need not agree.
      const at = (waitMs: number) => Date.now() + Math.max(0, waitMs);
      return db.transaction(async (tx): Promise<Pacing> => {
        if (pairS > 0) {
          // Locks the customer's row (inserting it if new) so a second instance waits here.
          // The message's own reservation (a missed slot's, `replacing`) does not make it wait: it was
          // made after the customer's previous message, whose spacing it already respects.
          const { rows } = await tx.query<{ wait_ms: number }>(
            `INSERT INTO send_pair_pacing (phone_number_id, recipient_tag, next_at) VALUES ($1, $2, clock_timestamp())
             ON CONFLICT (phone_number_id, recipient_tag) DO UPDATE SET next_at = send_pair_pacing.next_at
             RETURNING CASE WHEN $3::float8 IS NOT NULL AND abs(extract(epoch FROM next_at) * 1000 - $3::float8) < 0.5
               THEN 0::float8 ELSE (extract(epoch FROM next_at - clock_timestamp()) * 1000)::float8 END AS wait_ms`,
            [phoneNumberId, tag, replacing ?? null],
          );
          const wait = Number(rows[0]?.wait_ms ?? 0);
          if (wait > 0) return { ok: false, retryAt: at(wait), reason: 'pair' };
        }
        const { rows } = await tx.query<{ wait_ms: number; slot_ms: number }>(
          `INSERT INTO send_pacing (phone_number_id, next_at) VALUES ($1, clock_timestamp() + make_interval(secs => $2))
           ON CONFLICT (phone_number_id) DO UPDATE
             SET next_at = greatest(send_pacing.next_at, clock_timestamp()) + make_interval(secs => $2)
             WHERE send_pacing.next_at <= clock_timestamp() + make_interval(secs => $3)
           RETURNING (extract(epoch FROM next_at - clock_timestamp()) * 1000 - $2 * 1000)::float8 AS wait_ms,
             (extract(epoch FROM next_at) * 1000 - $2 * 1000)::float8 AS slot_ms`,
          [phoneNumberId, intervalS, horizonS],
        );
        if (rows.length === 0) {
          const { rows: next } = await tx.query<{ wait_ms: number }>(
            `SELECT (extract(epoch FROM next_at - clock_timestamp()) * 1000 - $2::float8 * 1000)::float8 AS wait_ms
             FROM send_pacing WHERE phone_number_id = $1`,
            [phoneNumberId, horizonS],
          );
          return { ok: false, retryAt: at(Number(next[0]?.wait_ms ?? 0)), reason: 'number' };
        }
        const waitMs = Math.max(0, Number(rows[0]?.wait_ms ?? 0));
        const sendAt = at(waitMs);
        let pairUntil: number | undefined;
        if (pairS > 0) {
          const { rows: pair } = await tx.query<{ until_ms: number }>(
            `UPDATE send_pair_pacing SET next_at = clock_timestamp() + make_interval(secs => $3)
             WHERE phone_number_id = $1 AND recipient_tag = $2
             RETURNING (extract(epoch FROM next_at) * 1000)::float8 AS until_ms`,
            [phoneNumberId, tag, waitMs / 1_000 + pairS],
          );
          pairUntil = Number(pair[0]?.until_ms);
        }
        return { ok: true, waitMs, sendAt, slotAt: Number(rows[0]?.slot_ms), pairUntil };
      });
    },
  };
}
