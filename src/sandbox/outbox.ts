import { renderTemplate, TemplateError, type TemplateRegistry } from '../templates/index.ts';
import type { CloudParameter } from '../templates/index.ts';
import { MetaError, metaErrors } from './meta-errors.ts';
import { newWamid, type ChatMessage, type SandboxStore } from './store.ts';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const FREE_FORM = new Set(['text', 'interactive', 'image', 'document', 'audio', 'video', 'location', 'reaction']);

export interface OutboxDeps {
  readonly store: SandboxStore;
  readonly templates: TemplateRegistry;
  readonly clock: () => number;
  /** Messages per second per phone number (docs/protocol.md §9: 80 by default). */
  readonly perSecond: number;
}

/** The Cloud API's answer to an accepted send (docs/protocol.md §7). */
export interface SendAnswer {
  readonly messaging_product: 'whatsapp';
  readonly contacts: { input: string; wa_id: string }[];
  readonly messages: { id: string }[];
}

/**
 * Meta's side of `POST /{PHONE_NUMBER_ID}/messages`: checks a send the way the Cloud API does
 * (rate 130429, 24-h window 131047, template rules 132000/132001) and stores it in the customer's
 * conversation. Throws {@link MetaError}s; returns the accepted message for status simulation.
 */
export function createOutbox(deps: OutboxDeps) {
  const recent: number[] = [];

  function checkRate(now: number): void {
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    if (recent.length >= deps.perSecond) throw metaErrors.rate();
    recent.push(now);
  }

  function accept(body: Record<string, unknown>): { answer: SendAnswer; message: ChatMessage } {
    if (body.messaging_product !== 'whatsapp')
      throw metaErrors.invalidParameter('messaging_product must be "whatsapp"');
    const to = typeof body.to === 'string' ? body.to.replace(/^\+/, '') : '';
    if (!/^\d{5,20}$/.test(to)) throw metaErrors.invalidParameter('to must be a WhatsApp number');
    const type = typeof body.type === 'string' ? body.type : 'text';
    const now = deps.clock();
    checkRate(now);
    const customer = deps.store.customer(to);
    if (FREE_FORM.has(type) && (customer.lastInboundAt === undefined || now - customer.lastInboundAt > WINDOW_MS)) {
      throw metaErrors.outsideWindow();
    }
    if (type === 'interactive' && !isObject(body.interactive))
      throw metaErrors.invalidParameter('interactive is required');
    if (type === 'text' && !isObject(body.text)) throw metaErrors.invalidParameter('text is required');
    const rendered = type === 'template' ? renderSend(deps.templates, body.template) : undefined;
    const message = deps.store.add(to, {
      wamid: newWamid(),
      direction: 'out',
      at: now,
      body,
      status: 'accepted',
      ...(rendered ? { rendered } : {}),
    });
    return {
      answer: {
        messaging_product: 'whatsapp',
        contacts: [{ input: String(body.to), wa_id: to }],
        messages: [{ id: message.wamid }],
      },
      message,
    };
  }

  return { accept };
}

export type Outbox = ReturnType<typeof createOutbox>;

/** Renders a template send as the phone shows it; the template rules become Cloud API codes (docs/protocol.md §8). */
function renderSend(templates: TemplateRegistry, template: unknown): { text: string; direction: 'rtl' | 'ltr' } {
  if (
    !isObject(template) ||
    typeof template.name !== 'string' ||
    !isObject(template.language) ||
    typeof template.language.code !== 'string'
  ) {
    throw metaErrors.invalidParameter('template needs name and language.code');
  }
  const components = Array.isArray(template.components) ? (template.components as unknown[]) : [];
  const bodyComponent = components.find((c) => isObject(c) && c.type === 'body') as
    | { parameters?: unknown }
    | undefined;
  const parameters = Array.isArray(bodyComponent?.parameters) ? (bodyComponent.parameters as CloudParameter[]) : [];
  try {
    const rendered = renderTemplate(templates, { name: template.name, language: template.language.code, parameters });
    return { text: rendered.text, direction: rendered.direction };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    if (error.cloudCode === 132000) throw metaErrors.templateParams(error.message);
    if (error.cloudCode === 132001) throw metaErrors.templateMissing(error.message);
    throw error.cloudCode
      ? metaErrors.templateFormat(error.cloudCode, error.message)
      : new MetaError(400, 100, error.message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
