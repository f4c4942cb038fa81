/**
 * The `flow_health` and `flow_alerts` tables: what Meta says about our Flows (`flows` webhooks,
 * docs/protocol.md §11.3) and what a refused Flow message told us. A THROTTLED Flow can be sent about
 * ten times an hour and a BLOCKED one not at all; past that a Flow message fails (132069, 132068) and
 * the customer would be left without an answer. The conversation asks {@link flowSendable} first and
 * says how else to book instead.
 */
import type { Queryable } from '../db/types.ts';
import type { Logger } from '../log.ts';

/** Meta's hourly allowance for a THROTTLED Flow (docs/protocol.md §11.3). */
export const THROTTLED_FLOWS_PER_HOUR = 10;

/** Cloud API codes of a Flow message refused because the Flow is blocked or throttled. */
export const FLOW_BLOCKED_CODE = 132068;
export const FLOW_THROTTLED_CODE = 132069;

/** A status that stops Flow messages: none go out while BLOCKED, few while THROTTLED. */
const UNHEALTHY = new Set(['THROTTLED', 'BLOCKED']);

/** The status Meta last reported for one Flow, and where it came from. */
export interface FlowHealth {
  readonly flowId: string;
  readonly status: string;
  readonly previousStatus: string | null;
  readonly message: string | null;
  readonly source: 'webhook' | 'send';
  readonly updatedAt: Date;
}

/** One `flows` event as received (status change, endpoint error rate, latency, availability, …). */
export interface FlowAlert {
  readonly flowId: string | null;
  readonly event: string;
  readonly alertState: string | null;
  readonly message: string | null;
  readonly value: Record<string, unknown>;
  readonly receivedAt: Date;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

async function setStatus(
  q: Queryable,
  change: {
    flowId: string;
    status: string;
    previous: string | null;
    message: string | null;
    source: 'webhook' | 'send';
  },
  log: Logger,
): Promise<void> {
  const { rows } = await q.query<{ status: string }>('SELECT status FROM flow_health WHERE flow_id = $1 FOR UPDATE', [
    change.flowId,
  ]);
  const before = rows[0]?.status ?? change.previous;
  if (before === change.status && rows.length > 0) return;
  await q.query(
    `INSERT INTO flow_health (flow_id, status, previous_status, message, source, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (flow_id) DO UPDATE SET status = EXCLUDED.status, previous_status = EXCLUDED.previous_status,
       message = EXCLUDED.message, source = EXCLUDED.source, updated_at = now()`,
    [change.flowId, change.status, before, change.message, change.source],
  );
  if (UNHEALTHY.has(change.status)) {
    log.error(
      { flowId: change.flowId, status: change.status, from: before, source: change.source },
      'the Flow cannot be sent freely: customers are told how else to book until it is PUBLISHED again',
    );
  } else if (before && UNHEALTHY.has(before)) {
    log.info({ flowId: change.flowId, status: change.status, from: before }, 'the Flow is sendable again');
  }
}

/** Stores one `flows` event; a FLOW_STATUS_CHANGE also sets the Flow's status. Ids and numbers only. */
export async function recordFlowEvent(q: Queryable, value: Record<string, unknown>, log: Logger): Promise<void> {
  const flowId = text(value.flow_id);
  const event = text(value.event) ?? 'UNKNOWN';
  await q.query('INSERT INTO flow_alerts (flow_id, event, alert_state, message, value) VALUES ($1, $2, $3, $4, $5)', [
    flowId,
    event,
    text(value.alert_state),
    text(value.message),
    JSON.stringify(value),
  ]);
  const status = text(value.new_status);
  if (event === 'FLOW_STATUS_CHANGE' && flowId && status) {
    await setStatus(
      q,
      { flowId, status, previous: text(value.old_status), message: text(value.message), source: 'webhook' },
      log,
    );
  } else if (text(value.alert_state) === 'ACTIVATED') {
    log.warn({ flowId, event, threshold: value.threshold }, 'Flow endpoint alert');
  }
}

/** Meta refused a Flow message as blocked or throttled: the status it implies, before any webhook says so. */
export async function recordFlowRefusal(q: Queryable, flowId: string, code: number, log: Logger): Promise<void> {
  const status = code === FLOW_BLOCKED_CODE ? 'BLOCKED' : 'THROTTLED';
  await setStatus(q, { flowId, status, previous: null, message: `Cloud API error ${code}`, source: 'send' }, log);
}

/**
 * Whether a Flow message may go now: yes for a Flow Meta said nothing bad about; never while BLOCKED;
 * while THROTTLED, only while fewer than {@link THROTTLED_FLOWS_PER_HOUR} went out in the last hour.
 */
export async function flowSendable(q: Queryable, flowId: string): Promise<boolean> {
  const { rows } = await q.query<{ status: string }>('SELECT status FROM flow_health WHERE flow_id = $1', [flowId]);
  const status = rows[0]?.status;
  if (status === 'BLOCKED') return false;
  if (status !== 'THROTTLED') return true;
  const sent = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbound_messages
     WHERE (kind = 'flow' OR (kind = 'template' AND flow_session_id IS NOT NULL)) AND state <> 'failed'
       AND created_at > now() - interval '1 hour'`,
  );
  return (sent.rows[0]?.n ?? 0) < THROTTLED_FLOWS_PER_HOUR;
}

/** Every Flow's status and the latest events, newest first, for the operator. */
export async function flowHealthReport(
  q: Queryable,
  limit = 50,
): Promise<{ flows: FlowHealth[]; alerts: FlowAlert[] }> {
  const flows = await q.query<{
    flow_id: string;
    status: string;
    previous_status: string | null;
    message: string | null;
    source: 'webhook' | 'send';
    updated_at: Date;
  }>('SELECT * FROM flow_health ORDER BY flow_id');
  const alerts = await q.query<{
    flow_id: string | null;
    event: string;
    alert_state: string | null;
    message: string | null;
    value: Record<string, unknown>;
    received_at: Date;
  }>('SELECT * FROM flow_alerts ORDER BY received_at DESC, id DESC LIMIT $1', [limit]);
  return {
    flows: flows.rows.map((r) => ({
      flowId: r.flow_id,
      status: r.status,
      previousStatus: r.previous_status,
      message: r.message,
      source: r.source,
      updatedAt: r.updated_at,
    })),
    alerts: alerts.rows.map((r) => ({
      flowId: r.flow_id,
      event: r.event,
      alertState: r.alert_state,
      message: r.message,
      value: r.value,
      receivedAt: r.received_at,
    })),
  };
}
