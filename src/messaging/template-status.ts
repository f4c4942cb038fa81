/**
 * The `template_status` table: each template language's *state* as it follows from what Meta reported
 * (docs/protocol.md §8, §11.5), with its category and quality. `message_template_status_update` reports
 * a change, not a state: FLAGGED is a quality warning on a template that stays sendable, REINSTATED makes
 * it APPROVED again, UNARCHIVED returns it to the state it had before ARCHIVED. The sender consults the
 * state before sending; the operator sees it in `GET /api/templates` and on the agenda.
 */
import type { Queryable } from '../db/types.ts';
import type { Logger } from '../log.ts';

/** What flowbook knows of one template language. `status` is null until Meta reports a state. */
export interface TemplateState {
  readonly name: string;
  readonly language: string;
  readonly status: string | null;
  readonly lastEvent: string | null;
  readonly reason: string | null;
  readonly flaggedAt: Date | null;
  readonly category: string | null;
  readonly previousCategory: string | null;
  /** When Meta moved (or said it will move) the template to MARKETING, which changes its price. */
  readonly marketingAt: Date | null;
  readonly quality: string | null;
  readonly updatedAt: Date;
}

interface Row {
  name: string;
  language: string;
  status: string | null;
  last_event: string | null;
  previous_status: string | null;
  reason: string | null;
  flagged_at: Date | null;
  category: string | null;
  previous_category: string | null;
  marketing_at: Date | null;
  quality: string | null;
  updated_at: Date;
}

/** The events that name the state the template is now in (docs/protocol.md §11.5). */
const STATE_EVENTS = new Set([
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
]);

/**
 * The state after `event`, given the state before it and the one before that. Undefined: the event
 * does not say (an unknown event); the state stays.
 */
export function nextTemplateState(
  event: string,
  current: string | null,
  previous: string | null,
): { readonly status: string | null; readonly previous: string | null } | undefined {
  if (event === 'FLAGGED') return { status: current ?? 'APPROVED', previous };
  if (event === 'REINSTATED') return { status: 'APPROVED', previous: current };
  if (event === 'UNARCHIVED') return { status: current === 'ARCHIVED' ? previous : current, previous: current };
  if (STATE_EVENTS.has(event)) return { status: event, previous: current };
  return undefined;
}

async function currentRow(q: Queryable, name: string, language: string): Promise<Row | undefined> {
  const { rows } = await q.query<Row>('SELECT * FROM template_status WHERE name = $1 AND language = $2 FOR UPDATE', [
    name,
    language,
  ]);
  return rows[0];
}

/** Applies one `message_template_status_update` event to the template language's state. */
export async function recordTemplateStatus(
  q: Queryable,
  update: { readonly name: string; readonly language: string; readonly event: string; readonly reason: string | null },
  log: Logger,
): Promise<void> {
  const row = await currentRow(q, update.name, update.language);
  const next = nextTemplateState(update.event, row?.status ?? null, row?.previous_status ?? null);
  if (!next)
    log.warn({ template: update.name, language: update.language, event: update.event }, 'unknown template event');
  const status = next ? next.status : (row?.status ?? null);
  await q.query(
    `INSERT INTO template_status (name, language, status, previous_status, last_event, reason, flagged_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'FLAGGED' THEN now() END, now())
     ON CONFLICT (name, language) DO UPDATE SET status = EXCLUDED.status, previous_status = EXCLUDED.previous_status,
       last_event = EXCLUDED.last_event, reason = EXCLUDED.reason, updated_at = now(),
       flagged_at = CASE WHEN $5 = 'FLAGGED' THEN now() WHEN $5 IN ('APPROVED', 'REINSTATED') THEN NULL
                         ELSE template_status.flagged_at END`,
    [
      update.name,
      update.language,
      status,
      next ? next.previous : (row?.previous_status ?? null),
      update.event,
      update.reason,
    ],
  );
  if (status !== 'APPROVED' && status !== null && status !== 'PENDING') {
    log.error(
      { template: update.name, language: update.language, status, reason: update.reason },
      'template not sendable',
    );
  }
}

/**
 * Applies a `template_category_update`: a completed change (`previous_category` → `new_category`) or
 * an impending one (`correct_category`, announced before Meta applies it). A move to MARKETING is
 * marked for the operator, because it changes what every send costs.
 */
export async function recordTemplateCategory(
  q: Queryable,
  update: {
    readonly name: string;
    readonly language: string;
    readonly newCategory: string | undefined;
    readonly previousCategory: string | undefined;
    readonly correctCategory: string | undefined;
  },
  log: Logger,
): Promise<void> {
  const toMarketing =
    update.correctCategory === 'MARKETING' ||
    (update.previousCategory !== undefined && update.newCategory === 'MARKETING');
  // In an impending change `new_category` is still the current one; `correct_category` is what comes.
  const category = update.newCategory ?? null;
  await q.query(
    `INSERT INTO template_status (name, language, category, previous_category, marketing_at, updated_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, now())
     ON CONFLICT (name, language) DO UPDATE SET category = COALESCE(EXCLUDED.category, template_status.category),
       previous_category = COALESCE(EXCLUDED.previous_category, template_status.previous_category),
       marketing_at = CASE WHEN $5 THEN now() ELSE template_status.marketing_at END, updated_at = now()`,
    [update.name, update.language, category, update.previousCategory ?? null, toMarketing],
  );
  if (toMarketing) {
    log.error(
      {
        template: update.name,
        language: update.language,
        from: update.previousCategory,
        to: 'MARKETING',
        impending: update.correctCategory !== undefined,
      },
      'template re-categorised to MARKETING: every send now costs a marketing message',
    );
  }
}

/** Applies a `message_template_quality_update` (GREEN, YELLOW, RED, UNKNOWN). */
export async function recordTemplateQuality(
  q: Queryable,
  update: { readonly name: string; readonly language: string; readonly quality: string },
  log: Logger,
): Promise<void> {
  await q.query(
    `INSERT INTO template_status (name, language, quality, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (name, language) DO UPDATE SET quality = EXCLUDED.quality, updated_at = now()`,
    [update.name, update.language, update.quality],
  );
  if (update.quality === 'RED')
    log.warn({ template: update.name, language: update.language }, 'template quality is RED');
}

/** The state of the template language, or undefined when Meta never reported one (send: Meta decides). */
export async function templateState(q: Queryable, name: string, language: string): Promise<string | undefined> {
  const { rows } = await q.query<{ status: string | null }>(
    'SELECT status FROM template_status WHERE name = $1 AND language = $2',
    [name, language],
  );
  return rows[0]?.status ?? undefined;
}

/** Every template language flowbook has heard of, for the operator. */
export async function templateStates(q: Queryable): Promise<TemplateState[]> {
  const { rows } = await q.query<Row>('SELECT * FROM template_status ORDER BY name, language');
  return rows.map((r) => ({
    name: r.name,
    language: r.language,
    status: r.status,
    lastEvent: r.last_event,
    reason: r.reason,
    flaggedAt: r.flagged_at,
    category: r.category,
    previousCategory: r.previous_category,
    marketingAt: r.marketing_at,
    quality: r.quality,
    updatedAt: r.updated_at,
  }));
}
