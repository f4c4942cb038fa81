import type { BookingHook } from '../booking/hooks.ts';
import { defaultLanguageFor, flowIdFor } from '../catalog/numbers.ts';
import type { Catalog } from '../catalog/schema.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { FlowTokenCodec } from '../flows/token.ts';
import type { Logger } from '../log.ts';
import { chooseLanguage, languageForPhone, type TemplateRegistry } from '../templates/index.ts';
import { markAnswered } from './inbound.ts';
import { DEFAULT_FLOW_NAME } from '../whatsapp/flow-deploy.ts';
import { queueOutbound, type OutboundRequest } from './outbox.ts';

/** What answering a customer needs: the conversation and the reminders' quick replies take it. */
export interface ConversationDeps {
  readonly db: Database;
  readonly tokens: FlowTokenCodec;
  readonly catalog: () => Catalog;
  readonly templates: TemplateRegistry;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly log: Logger;
  /** FLOW_ID, for numbers without a Flow of their own; without any (sandbox) the Flow is named. */
  readonly flowId: string | undefined;
  /** Used when there is no flow id (default `appointment`). */
  readonly flowName?: string;
  /** The full menu goes at most once per customer in this interval (default 1 h); a pointer to it otherwise. */
  readonly helpIntervalMs?: number;
  /** A conversation with a person hands back to the assistant this long after its latest message (default 24 h). */
  readonly handoffTimeoutMs?: number;
  /** Runs inside every booking change made here (e.g. reminders scheduled or removed atomically). */
  readonly bookingHook?: BookingHook | undefined;
  /**
   * The address of a booking's own calendar file for its customer (src/calendars/feeds.ts), or undefined
   * when flowbook has no public address to give (live mode without PUBLIC_URL).
   */
  readonly calendarLink?: ((bookingId: string) => Promise<string | undefined>) | undefined;
}

/** One incoming message as stored by the webhook ingest. */
export interface StoredMessage {
  readonly wamid: string;
  readonly customerPhone: string;
  readonly phoneNumberId: string | undefined;
  readonly type: string;
  readonly message: Record<string, unknown>;
  readonly profileName: string | undefined;
}

/** The template languages this business can send (docs/protocol.md §8: deterministic, so nothing else). */
export function templateLanguages(templates: TemplateRegistry): string[] {
  return [...templates.packs.keys()];
}

/**
 * The customer's language: the one stored for them, else chooseLanguage (keyword, calling code,
 * business default). When the keyword's language is the calling code's base language, the calling
 * code's regional variant is used (`en` from +44 → en_GB). The business default is that of the
 * number the customer wrote to, when it has one (src/catalog/numbers.ts).
 */
export function customerLanguage(
  deps: ConversationDeps,
  phone: string,
  stored: string | null | undefined,
  keywordLanguage: string | undefined,
  phoneNumberId?: string,
): string {
  const available = templateLanguages(deps.templates);
  const regional = languageForPhone(phone);
  const keyword = keywordLanguage && regional?.split('_')[0] === keywordLanguage ? regional : keywordLanguage;
  if (stored && !keyword) return stored;
  const businessDefault = defaultLanguageFor(deps.catalog(), phoneNumberId);
  return chooseLanguage({ keyword, phone, businessDefault, available }).code;
}

/** The Flow for a customer who wrote to a number: the number's own, else FLOW_ID, else (sandbox) by name. */
export function flowTarget(
  deps: ConversationDeps,
  phoneNumberId: string | undefined,
): { flowId: string } | { flowName: string } {
  const flowId = flowIdFor(deps.catalog(), phoneNumberId, deps.flowId);
  return flowId ? { flowId } : { flowName: deps.flowName ?? DEFAULT_FLOW_NAME };
}

/**
 * The answer to `message`: one per message, whatever the replays (keyed `reply:<wamid>`), to the
 * customer on the number they wrote to.
 */
export function answerTo(
  message: StoredMessage,
  kind: OutboundRequest['kind'],
  body: OutboundRequest['body'],
  extra: Partial<OutboundRequest> = {},
): OutboundRequest {
  return {
    dedupKey: `reply:${message.wamid}`,
    kind,
    customerPhone: message.customerPhone,
    phoneNumberId: message.phoneNumberId,
    body,
    ...extra,
  };
}

/** Queues the replies and marks the message handled, in one transaction. */
export async function reply(
  deps: ConversationDeps,
  message: StoredMessage,
  outbound: readonly OutboundRequest[],
  extra?: (tx: Queryable) => Promise<void>,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await extra?.(tx);
    for (const request of outbound) await queueOutbound(tx, request);
    await markAnswered(tx, message.wamid);
  });
}
