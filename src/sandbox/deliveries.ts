import { metaJson, signBody } from '../http/signature.ts';
import type { Faults } from './faults.ts';

export interface DeliveryDeps {
  /** The app's base URL (`http://127.0.0.1:PORT`), read at call time: the port is known only after listen. */
  /** The business's webhook (`…/webhook` of this app, or another backend's). */
  readonly webhookUrl: () => string;
  readonly appSecret: string | undefined;
  readonly faults: () => Faults;
  readonly onResult: (result: DeliveryResult) => void;
}

export interface DeliveryResult {
  readonly at: number;
  readonly status: number;
  readonly signed: boolean;
  readonly kinds: string[];
}

/** Meta's webhook envelope (docs/protocol.md §6) around one change value. */
export function webhookEnvelope(wabaId: string, value: Record<string, unknown>, field = 'messages') {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ field, value }] }] };
}

/**
 * Posts webhook deliveries the way Meta does: the body serialised with non-ASCII escaped as `\uXXXX`
 * and signed with the app secret over those bytes (docs/protocol.md §6), with injected duplicates, reordering
 * and latency. Never throws: a failed delivery is reported with status 0.
 */
export function createDeliverer(deps: DeliveryDeps) {
  let held: { body: string; kinds: string[] } | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  async function post(body: string, kinds: string[]): Promise<number> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (deps.appSecret) headers['x-hub-signature-256'] = signBody(body, deps.appSecret);
    let status = 0;
    try {
      const response = await fetch(deps.webhookUrl(), { method: 'POST', headers, body });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    deps.onResult({ at: Date.now(), status, signed: deps.appSecret !== undefined, kinds });
    return status;
  }

  async function send(body: string, kinds: string[]): Promise<number> {
    const faults = deps.faults();
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const status = await post(body, kinds);
    if (faults.duplicate) await post(body, kinds);
    return status;
  }

  /** Delivers one envelope; returns the app's HTTP status (0 when unreachable, -1 when held back). */
  async function deliver(envelope: unknown, kinds: string[]): Promise<number> {
    const body = metaJson(envelope);
    if (deps.faults().reorder && held === undefined) {
      held = { body, kinds };
      // A held delivery goes out after the next one, or on its own after a second.
      flushTimer = setTimeout(() => void flush(), 1000);
      flushTimer.unref();
      return -1;
    }
    const status = await send(body, kinds);
    await flush();
    return status;
  }

  async function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    const pending = held;
    held = undefined;
    if (pending) await send(pending.body, pending.kinds);
  }

  return { deliver, flush };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
