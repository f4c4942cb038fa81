import type { Queryable } from '../db/types.ts';

/**
 * Stores one delivery and its processing job in a single statement: either both exist or neither
 * (SPEC §6: store, answer 200, then process). Returns the delivery id.
 */
export async function storeDelivery(q: Queryable, body: Buffer): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `WITH d AS (INSERT INTO webhook_deliveries (body) VALUES ($1) RETURNING id)
     INSERT INTO jobs (name, payload, max_attempts)
     SELECT 'webhook.delivery', jsonb_build_object('deliveryId', d.id), 8 FROM d
     RETURNING (payload->>'deliveryId') AS id`,
    [body],
  );
  return Number(rows[0]!.id);
}
