import { requireId, requireRecipient } from './limits.ts';
import type { MessageBase } from './message-types.ts';

/** Options every builder accepts. `replyTo` is the wamid the message answers (shown as a quote). */
export interface CommonOptions {
  readonly replyTo?: string;
}

/**
 * The envelope shared by every outgoing message (docs/protocol.md §7). `to` is the customer id: a phone
 * number is sent as `to`, a BSUID as `recipient` (§11.1).
 */
export function messageBase(to: string, options: CommonOptions = {}): MessageBase {
  const base: MessageBase = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...requireRecipient(to),
  };
  return options.replyTo === undefined
    ? base
    : { ...base, context: { message_id: requireId('context.message_id', options.replyTo) } };
}
