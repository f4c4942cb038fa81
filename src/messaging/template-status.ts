/**
 * The `template_status` table: each template language's approval state as Meta last reported it
 * (`message_template_status_update`, docs/protocol.md §8). The sender consults it before sending.
 */
import type { Queryable } from '../db/types.ts';

/** Stores the state Meta reported for one template language. */
export async function recordTemplateStatus(
  q: Queryable,
  update: { readonly name: string; readonly language: string; readonly status: string; readonly reason: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO template_status (name, language, status, reason, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (name, language) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()`,
    [update.name, update.language, update.status, update.reason],
  );
}

/** The state Meta last reported for the template language, or undefined when it never did. */
export async function templateState(q: Queryable, name: string, language: string): Promise<string | undefined> {
  const { rows } = await q.query<{ status: string }>(
    'SELECT status FROM template_status WHERE name = $1 AND language = $2',
    [name, language],
  );
  return rows[0]?.status;
}
