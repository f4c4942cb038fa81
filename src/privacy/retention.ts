/**
 * Retention (docs/operations.md): message and webhook rows older than RETENTION_DAYS are deleted by the
 * `retention.prune` job, in batches of a bounded size so no statement holds locks for long or runs
 * through a whole table (each batch is an index range scan, migration 0013). The job never finishes: it
 * asks to run again (without using an attempt), soon while there is more to delete, else in an hour.
 * Rows still needed stay whatever their age: a delivery not processed, a message not answered, one not sent.
 * Each run also removes the console's expired sessions, and the Flow funnel's sessions (migration 0024).
 */
import { pruneSessions } from '../console/users.ts';
import type { Database } from '../db/types.ts';
import { pruneFunnel } from '../insights/funnel.ts';
import { enqueue, type JobHandlers } from '../jobs/registry.ts';
import type { Logger } from '../log.ts';
import { pruneInbound } from '../messaging/inbound.ts';
import { pruneOutbound } from '../messaging/outbox.ts';
import { pruneStatuses } from '../messaging/statuses.ts';
import { pruneWebhookRows } from '../webhook/store.ts';

export interface RetentionOptions {
  readonly retentionDays: number;
  /** Rows per table per batch (default 1,000). */
  readonly batchSize?: number;
  /** Batches per run before giving the worker back (default 20). */
  readonly batchesPerRun?: number;
  /** The app's clock: ages are measured against it. */
  readonly clock: () => number;
  /** How long to wait once nothing is left to delete (default an hour). */
  readonly idleMs?: number;
}

const DAY_MS = 86_400_000;

/** One batch over every table: rows deleted. */
export async function pruneOnce(db: Database, before: Date, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    let deleted = 0;
    deleted += await pruneStatuses(tx, before, limit);
    deleted += await pruneOutbound(tx, before, limit);
    deleted += await pruneInbound(tx, before, limit);
    deleted += await pruneWebhookRows(tx, before, limit);
    // Flow sessions: a hash of a token the customer's booking keeps, so they go with the messages.
    deleted += await pruneFunnel(tx, before, limit);
    return deleted;
  });
}

/** Queues the job once per database (its key is fixed; it then re-queues itself forever). */
export async function scheduleRetention(db: Database): Promise<void> {
  // Housekeeping: in the bulk lane, so it never delays an answer to a customer.
  await enqueue(db, 'retention.prune', {}, { dedupKey: 'retention.prune', priority: 'bulk' });
}

/** The `retention.prune` handler, for the composition root's table. */
export function retentionJobs(
  db: Database,
  log: Logger,
  options: RetentionOptions,
): Pick<JobHandlers, 'retention.prune'> {
  const batchSize = options.batchSize ?? 1_000;
  const batches = options.batchesPerRun ?? 20;
  return {
    'retention.prune': async () => {
      const before = new Date(options.clock() - options.retentionDays * DAY_MS);
      let total = 0;
      let more = false;
      for (let i = 0; i < batches; i++) {
        const deleted = await pruneOnce(db, before, batchSize);
        total += deleted;
        more = deleted > 0;
        if (!more) break;
        // Let requests in between batches (the embedded engine shares this thread).
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Console sign-ins past their expiry (they are refused already; this only removes the rows).
      const sessions = await pruneSessions(db, new Date(options.clock()));
      if (total > 0 || sessions > 0)
        log.info({ deleted: total, sessions, retentionDays: options.retentionDays }, 'old rows pruned');
      // The worker measures delays on the real clock.
      return { delayUntil: new Date(Date.now() + (more ? 1_000 : (options.idleMs ?? 3_600_000))) };
    },
  };
}
