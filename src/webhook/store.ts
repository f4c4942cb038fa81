import type { Queryable } from '../db/types.ts';
import { insertWithJobs } from '../jobs/registry.ts';

/**
 * Stores one delivery and its processing job in a single statement: either both exist or neither
 * (docs/protocol.md §6: store, answer 200, then process). Returns the delivery id.
 */
export async function storeDelivery(q: Queryable, body: Buffer, requestId?: string): Promise<number> {
  const [id] = await storeDeliveries(q, [body], [requestId]);
  return id!;
}

/**
 * Stores several deliveries and one job each in a single statement (all or none). Returns their ids
 * in the order of `bodies`: the ids come from one sequence, drawn in array order.
 *
 * The bytes travel as one hex `text[]` parameter: Node encodes hex natively, while PGlite's own
 * bytea serialisation ran in JavaScript and made the statement 3× slower (docs/webhook.md).
 * `requestIds` are the ids of the requests that brought them (their processing logs with them).
 */
export async function storeDeliveries(
  q: Queryable,
  bodies: readonly Buffer[],
  requestIds: readonly (string | undefined)[] = [],
): Promise<number[]> {
  if (bodies.length === 0) return [];
  return insertWithJobs(q, 'webhook.delivery', 'deliveryId', {
    sql: `INSERT INTO webhook_deliveries (body, request_id)
          SELECT decode(h, 'hex'), r FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS v (h, r, n) ORDER BY n
          RETURNING id`,
    params: [bodies.map((body) => body.toString('hex')), bodies.map((_, i) => requestIds[i] ?? null)],
  });
}

export interface DeliveryStore {
  /** Resolves with the delivery id once it is committed; rejects if its statement failed. */
  store(body: Buffer, requestId?: string): Promise<number>;
}

interface Pending {
  readonly body: Buffer;
  readonly requestId: string | undefined;
  readonly resolve: (id: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for webhook deliveries: a delivery that arrives while a statement is in flight waits
 * for it and goes into the next one with everything else that arrived meanwhile (at most `maxBatch`).
 * An idle server stores at once; under load one commit serves many requests. Measured by
 * bench/ingest.ts (docs/webhook.md): one statement per delivery capped PGlite well below 2,000/s.
 * A failed statement fails every delivery in it (each answers 500, and Meta redelivers).
 */
export function createDeliveryStore(q: Queryable, options: { maxBatch?: number } = {}): DeliveryStore {
  const maxBatch = options.maxBatch ?? 64;
  const queue: Pending[] = [];
  let scheduled = false;

  // Embedded PGlite runs a statement on this thread: while it runs, no request is read. Flushing
  // from setImmediate (after the poll phase) lets every request that arrived meanwhile join the batch;
  // flushing straight from store() measured batches of one row (docs/webhook.md).
  function flush(): void {
    const batch = queue.splice(0, maxBatch);
    storeDeliveries(
      q,
      batch.map((p) => p.body),
      batch.map((p) => p.requestId),
    )
      .then(
        (ids) => {
          batch.forEach((p, i) => {
            p.resolve(ids[i]!);
          });
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      )
      .finally(() => {
        if (queue.length > 0) setImmediate(flush);
        else scheduled = false;
      });
  }

  return {
    store(body, requestId) {
      return new Promise<number>((resolve, reject) => {
        queue.push({ body, requestId, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

/**
 * Retention (docs/operations.md): deletes up to `limit` rows of each webhook table older than `before`,
 * oldest first: events and dead letters, then processed deliveries none of whose events remain (their
 * dead letters go with them). A delivery not yet processed is never deleted. Returns how many rows went.
 */
export async function pruneWebhookRows(q: Queryable, before: Date, limit: number): Promise<number> {
  const events = await q.query(
    `DELETE FROM webhook_events WHERE id IN
       (SELECT id FROM webhook_events WHERE received_at < $1 ORDER BY received_at LIMIT $2)`,
    [before, limit],
  );
  const letters = await q.query(
    `DELETE FROM dead_letters WHERE id IN
       (SELECT id FROM dead_letters WHERE created_at < $1 ORDER BY created_at LIMIT $2)`,
    [before, limit],
  );
  const deliveries = await q.query(
    `DELETE FROM webhook_deliveries WHERE id IN
       (SELECT d.id FROM webhook_deliveries d
        WHERE d.processed_at IS NOT NULL AND d.received_at < $1
          AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.delivery_id = d.id)
        ORDER BY d.received_at LIMIT $2)`,
    [before, limit],
  );
  return events.rowCount + letters.rowCount + deliveries.rowCount;
}
