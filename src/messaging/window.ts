/**
 * The 24-hour customer-service window (docs/protocol.md §7, §11.4): free-form messages only within 24 hours of the
 * customer's latest message, counted from that message's own `timestamp` (src/customers/customers.ts records it).
 * Past it, what needs a Flow goes as the approved template whose Flow button opens the same Flow.
 */
import { insideWindow } from '../customers/customers.ts';
import { buildTemplateSend, TemplateError } from '../templates/index.ts';
import { templateMessage } from '../whatsapp/messages.ts';
import type { InteractiveMessage, Template, TemplateMessage } from '../whatsapp/message-types.ts';
import type { ConversationDeps } from './context.ts';

export const SERVICE_WINDOW_MS = 24 * 60 * 60_000;

/** The template with a Flow button (`templates/appointment_booking.yaml`, button id `book`). */
export const FLOW_TEMPLATE = { name: 'appointment_booking', button: 'book' } as const;

/** What to send for a Flow: the Flow message itself, or the Flow template when the window has closed. */
export type FlowInvitation =
  | { readonly kind: 'flow'; readonly body: InteractiveMessage }
  | { readonly kind: 'template'; readonly body: TemplateMessage };

/**
 * The Flow message `flow` inside the customer's window; outside it, `appointment_booking` in `language` with the
 * same flow token on its Flow button. A business without that template in the language gets the Flow message (Meta
 * then answers 131047, which the outbox records).
 */
export async function flowInvitation(
  deps: ConversationDeps,
  customer: string,
  language: string,
  flowToken: string,
  flow: InteractiveMessage,
): Promise<FlowInvitation> {
  if (await insideWindow(deps.db, customer, SERVICE_WINDOW_MS, deps.clock())) return { kind: 'flow', body: flow };
  try {
    const send = buildTemplateSend(deps.templates, {
      name: FLOW_TEMPLATE.name,
      language,
      values: {},
      buttons: { [FLOW_TEMPLATE.button]: flowToken },
    });
    // The templates module and the message builders type the same wire object separately (docs/protocol.md §7).
    return { kind: 'template', body: templateMessage(customer, send as unknown as Template) };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    deps.log.warn(
      { template: FLOW_TEMPLATE.name, language, code: error.code },
      'no Flow template to send outside 24 h',
    );
    return { kind: 'flow', body: flow };
  }
}
