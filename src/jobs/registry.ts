import type { Queryable } from '../db/types.ts';

/**
 * Every job flowbook runs, by name, with its payload. Enqueuing and handling both go through this
 * map, so a payload that does not match its name does not compile.
 */
export interface JobPayloads {
  /** Split one stored webhook delivery into messages, statuses and events (docs/protocol.md §6). */
  'webhook.delivery': { readonly deliveryId: number };
  /** Answer one incoming message (the conversation). */
  'message.handle': { readonly wamid: string };
  /** Send one outbound message (or read receipt) through the Graph client. */
  'outbound.send': { readonly outboundId: number };
  /** Send one appointment reminder if the booking still warrants it (src/reminders/, docs/protocol.md §10). */
  /** `round`: the booking's reschedule count when planned (absent = 0, jobs queued before migration 0010). */
  'reminder.send': {
    readonly bookingId: string;
    readonly offset: string;
    readonly dueAt: string;
    readonly round?: number;
  };
  /** Hand a customer back to the assistant when their conversation with a person timed out (src/handoff/). */
  'handoff.timeout': { readonly handoffId: number };
  /** Delete message and webhook rows past RETENTION_DAYS, in batches; runs again by itself (src/privacy/retention.ts). */
  'retention.prune': Record<string, never>;
  /** Read every staff member's own calendar; runs again by itself (src/calendars/jobs.ts). */
  'calendar.sync': Record<string, never>;
  /** Offer freed times to the customers waiting for them, first come first served (src/waitlist/offers.ts). */
  'waitlist.match': Record<string, never>;
  /** The time offered as hold `bookingId` was not taken in time: the next customer's turn (src/waitlist/). */
  'waitlist.offer_expired': { readonly bookingId: string };
  /** A waitlist entry's last date is over (src/waitlist/). */
  'waitlist.expire': { readonly entryId: string };
}

export type JobName = keyof JobPayloads;

/** What a handler may ask for instead of finishing: run again later without using up an attempt. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that just finishes returns void.
export type JobOutcome = void | { readonly delayUntil: Date };

export interface JobContext {
  readonly id: number;
  readonly priority: JobPriority;
  /** 1 on the first run. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /**
   * Marks this job done in `tx`, the handler's own transaction: the job is done exactly when that
   * transaction commits, and the worker records nothing after it (one statement and round trip fewer,
   * and no window in which the work is committed but the job still runs). A handler that calls it must
   * let a failure of that transaction reach the worker.
   */
  readonly finishIn: (tx: Queryable) => Promise<void>;
}

/** A handler per job name. */
export type JobHandlers = {
  readonly [N in JobName]: (payload: JobPayloads[N], ctx: JobContext) => Promise<JobOutcome>;
};

/**
 * Which lane a job waits in: `interactive` (a customer is waiting: webhooks, replies, confirmations)
 * is claimed before `bulk` (reminders), so a backlog of reminders never delays an answer.
 */
export type JobPriority = 'interactive' | 'bulk';

/** The lanes as stored (`jobs.priority`, migration 0014): lower is claimed first. */
const PRIORITY_LANE: Readonly<Record<JobPriority, number>> = { interactive: 0, bulk: 1 };

export interface EnqueueOptions {
  readonly runAt?: Date;
  /** Default `interactive`. */
  readonly priority?: JobPriority;
  /** At most one job per key, ever (a replayed cause enqueues nothing). */
  readonly dedupKey?: string;
  readonly maxAttempts?: number;
}

/**
 * Enqueues a job on `q`: pass the transaction that makes the state change, so the job exists if and
 * only if the change committed (transactional outbox). Returns the job id, or undefined when
 * `dedupKey` was already used.
 */
export async function enqueue<N extends JobName>(
  q: Queryable,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<number | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO jobs (name, payload, run_at, dedup_key, max_attempts, priority)
     VALUES ($1, $2, COALESCE($3::timestamptz, now()), $4, COALESCE($5::integer, 8), $6)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [
      name,
      JSON.stringify(payload),
      options.runAt ?? null,
      options.dedupKey ?? null,
      options.maxAttempts ?? null,
      PRIORITY_LANE[options.priority ?? 'interactive'],
    ],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

/**
 * Moves the queued jobs with these dedup keys to the interactive lane: an answer held back by an
 * earlier bulk message to the same customer must not wait for the whole bulk lane behind it.
 */
export async function promoteJobs(q: Queryable, dedupKeys: readonly string[]): Promise<number> {
  if (dedupKeys.length === 0) return 0;
  const { rowCount } = await q.query(
    `UPDATE jobs SET priority = 0, updated_at = now() WHERE dedup_key = ANY($1::text[]) AND state = 'queued' AND priority <> 0`,
    [dedupKeys],
  );
  return rowCount;
}

/**
 * Runs `insert` — one data-modifying statement that returns an `id` column — and enqueues a `name`
 * job per returned row with payload `{ [field]: id }`, all in the same statement, so the rows and
 * their jobs commit together without a transaction (the webhook's group commit, docs/webhook.md).
 * Returns the ids in ascending order.
 */
export async function insertWithJobs<N extends JobName>(
  q: Queryable,
  name: N,
  field: keyof JobPayloads[N] & string,
  insert: { readonly sql: string; readonly params: readonly unknown[] },
): Promise<number[]> {
  const n = insert.params.length;
  const { rows } = await q.query<{ id: string }>(
    `WITH source AS (${insert.sql})
     INSERT INTO jobs (name, payload, max_attempts)
     SELECT $${n + 1}, jsonb_build_object($${n + 2}::text, source.id), 8 FROM source
     RETURNING (payload->>$${n + 2}) AS id`,
    [...insert.params, name, field],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * Deletes the `name` jobs that have not started and whose payload's `field` equals `value` (in the
 * caller's transaction); returns their payloads. A job already running is not touched.
 */
export async function removeQueuedJobs<N extends JobName>(
  q: Queryable,
  name: N,
  field: keyof JobPayloads[N] & string,
  value: string,
): Promise<JobPayloads[N][]> {
  const { rows } = await q.query<{ payload: JobPayloads[N] }>(
    `DELETE FROM jobs WHERE name = $1 AND state = 'queued' AND payload->>$2 = $3 RETURNING payload`,
    [name, field, value],
  );
  return rows.map((r) => r.payload);
}
