import { MessageLimitError } from './errors.ts';
import { messageBase, type CommonOptions } from './envelope.ts';
import { MESSAGE_LIMITS, requireCount, requireId, requireText } from './limits.ts';
import type { MarkReadRequest, Template, TemplateMessage, TextMessage } from './message-types.ts';

export type * from './message-types.ts';
export type { CommonOptions } from './envelope.ts';
export { buttonsMessage, flowMessage, listMessage } from './interactive.ts';
export type { ButtonsMessageOptions, FlowMessageOptions, ListMessageOptions } from './interactive.ts';

/**
 * A free-form text message (allowed only inside the 24-h window, docs/protocol.md §7).
 * Throws {@link MessageLimitError} when `body` is empty or longer than 4096 characters.
 */
export function textMessage(
  to: string,
  body: string,
  options: CommonOptions & { readonly previewUrl?: boolean } = {},
): TextMessage {
  const text = requireText('text.body', body, MESSAGE_LIMITS.textBody);
  return {
    ...messageBase(to, options),
    type: 'text',
    text: options.previewUrl === undefined ? { body: text } : { body: text, preview_url: options.previewUrl },
  };
}

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;

/**
 * Wraps an already-built template (name, language, components) in a message. Checks what can be
 * checked without the approved template: the name's shape, the deterministic policy (the only one,
 * docs/protocol.md §8), a language code, and at most 10 button components.
 */
export function templateMessage(to: string, template: Template, options: CommonOptions = {}): TemplateMessage {
  if (typeof template?.name !== 'string' || !TEMPLATE_NAME.test(template.name)) {
    throw new MessageLimitError('template.name', 'must be lowercase letters, digits and underscores');
  }
  if (template.language?.policy !== 'deterministic') {
    throw new MessageLimitError('template.language.policy', "must be 'deterministic'");
  }
  requireText('template.language.code', template.language.code, 16);
  const buttons = (template.components ?? []).filter((c) => c.type === 'button');
  requireCount('template.components[type=button]', buttons, 0, MESSAGE_LIMITS.templateButtons);
  return { ...messageBase(to, options), type: 'template', template };
}

/** The body that marks an incoming message (by wamid) as read. */
export function markRead(messageId: string): MarkReadRequest {
  return { messaging_product: 'whatsapp', status: 'read', message_id: requireId('message_id', messageId) };
}
