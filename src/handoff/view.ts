/**
 * A customer's conversation as staff read it: the messages in and out, merged in the order they
 * happened, each with the words a person sees (a list's body, a tapped row's title, a template's
 * rendering) and who wrote it.
 */
import type { Database } from '../db/types.ts';
import { latestInbound, type InboundEntry } from '../messaging/inbound.ts';
import { latestOutbound, type OutboundEntry } from '../messaging/outbox.ts';
import { STAFF_KEY_PREFIX } from './chat.ts';

export interface ConversationEntry {
  readonly direction: 'in' | 'out';
  /** `customer`, `assistant` (flowbook's own answers) or `staff`. */
  readonly by: 'customer' | 'assistant' | 'staff';
  readonly at: string;
  readonly type: string;
  /** What the message says, when it says something in words. */
  readonly text: string | null;
  /** Outbound only: how far Meta took it (pending, sent, delivered, read, failed). */
  readonly state?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function inboundText(entry: InboundEntry): string | null {
  const m = entry.message;
  const interactive = obj(m.interactive);
  return (
    str(obj(m.text).body) ??
    str(obj(interactive.list_reply).title) ??
    str(obj(interactive.button_reply).title) ??
    str(obj(m.button).text) ??
    str(obj(m.image).caption) ??
    str(obj(m.document).caption)
  );
}

function outboundText(entry: OutboundEntry): string | null {
  const b = entry.body;
  return str(obj(b.text).body) ?? str(obj(obj(b.interactive).body).text) ?? entry.textFallback;
}

/** The customer's latest `limit` messages both ways, oldest first. */
export async function conversationOf(db: Database, customer: string, limit: number): Promise<ConversationEntry[]> {
  const inbound = (await latestInbound(db, customer, limit)).map((e): ConversationEntry & { ms: number } => ({
    direction: 'in',
    by: 'customer',
    at: e.at.toISOString(),
    type: e.type === 'interactive' ? String(obj(e.message.interactive).type ?? e.type) : e.type,
    text: inboundText(e),
    ms: e.at.getTime(),
  }));
  const outbound = (await latestOutbound(db, customer, limit)).map((e): ConversationEntry & { ms: number } => ({
    direction: 'out',
    by: e.dedupKey.startsWith(STAFF_KEY_PREFIX) ? 'staff' : 'assistant',
    at: e.at.toISOString(),
    type: e.kind,
    text: outboundText(e),
    state: e.state,
    ms: e.at.getTime(),
  }));
  return [...inbound, ...outbound]
    .sort((a, b) => a.ms - b.ms)
    .slice(-limit)
    .map(({ ms: _ms, ...entry }) => entry);
}
