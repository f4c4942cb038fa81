import { renderTemplate, TemplateError, type TemplateRegistry } from '../templates/index.ts';
import type { CloudParameter } from '../templates/index.ts';
import { MetaError, metaErrors } from './meta-errors.ts';
import { newWamid, type ChatMessage, type FlowLaunch, type SandboxStore } from './store.ts';

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
  readonly contacts: { input: string; wa_id?: string; user_id?: string }[];
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
    const customer = addressee(deps.store, body);
    const type = typeof body.type === 'string' ? body.type : 'text';
    const now = deps.clock();
    checkRate(now);
    if (FREE_FORM.has(type) && (customer.lastInboundAt === undefined || now - customer.lastInboundAt > WINDOW_MS)) {
      throw metaErrors.outsideWindow();
    }
    if (type === 'interactive' && !isObject(body.interactive))
      throw metaErrors.invalidParameter('interactive is required');
    if (type === 'text' && !isObject(body.text)) throw metaErrors.invalidParameter('text is required');
    const rendered = type === 'template' ? renderSend(deps.templates, body.template) : undefined;
    const flow = flowLaunch(deps.templates, body);
    const message = deps.store.add(customer.waId, {
      wamid: newWamid(),
      direction: 'out',
      at: now,
      body,
      status: 'accepted',
      ...(rendered ? { rendered } : {}),
      ...(flow ? { flow } : {}),
    });
    return {
      answer: {
        messaging_product: 'whatsapp',
        contacts: [
          {
            input: String(body.to ?? body.recipient),
            ...(customer.username ? {} : { wa_id: customer.waId }),
            ...(customer.userId ? { user_id: customer.userId } : {}),
          },
        ],
        messages: [{ id: message.wamid }],
      },
      message,
    };
  }

  return { accept };
}

export type Outbox = ReturnType<typeof createOutbox>;

const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/**
 * Who a send goes to, as the Cloud API reads it (docs/protocol.md §11.1): `to` (a phone number) or
 * `recipient` (a BSUID); with both, the phone number. A number the sandbox has not seen becomes a
 * customer, as a real number would be reached; an unknown BSUID reaches nobody (131026, undeliverable).
 */
function addressee(store: SandboxStore, body: Record<string, unknown>) {
  const to = typeof body.to === 'string' ? body.to.replace(/^\+/, '') : undefined;
  const recipient = typeof body.recipient === 'string' ? body.recipient : undefined;
  if (to !== undefined && !/^\d{5,20}$/.test(to)) throw metaErrors.invalidParameter('to must be a WhatsApp number');
  if (recipient !== undefined && !BSUID.test(recipient))
    throw metaErrors.invalidParameter('recipient must be a business-scoped user id');
  if (to === undefined && recipient === undefined) throw metaErrors.invalidParameter('to or recipient is required');
  const customer = store.addressed(to, recipient);
  if (customer) return customer;
  if (to !== undefined) return store.customer(to);
  throw metaErrors.undeliverable('recipient is not a known WhatsApp user');
}

/**
 * The Flow a send opens, if any: an interactive Flow message names it in its parameters; a template names it in its
 * definition's Flow button, and the send gives that button's flow token (docs/protocol.md §7, §8).
 */
function flowLaunch(templates: TemplateRegistry, body: Record<string, unknown>): FlowLaunch | undefined {
  if (body.type === 'interactive' && isObject(body.interactive) && body.interactive.type === 'flow') {
    const action = isObject(body.interactive.action) ? body.interactive.action : {};
    const p = isObject(action.parameters) ? action.parameters : {};
    const payload = isObject(p.flow_action_payload) ? p.flow_action_payload : {};
    const flow = text(p.flow_id) ?? text(p.flow_name);
    if (!flow) return undefined;
    return {
      flow,
      action: p.flow_action === 'data_exchange' ? 'data_exchange' : 'navigate',
      token: text(p.flow_token) ?? 'unused',
      cta: text(p.flow_cta) ?? '',
      ...(text(payload.screen) ? { screen: text(payload.screen) } : {}),
      ...(isObject(payload.data) ? { data: payload.data } : {}),
    };
  }
  if (body.type !== 'template' || !isObject(body.template) || !isObject(body.template.language)) return undefined;
  const definition = templates.templates.get(String(body.template.name));
  const translation = definition?.languages[String(body.template.language.code)];
  const components = Array.isArray(body.template.components) ? (body.template.components as unknown[]) : [];
  for (const c of components) {
    if (!isObject(c) || c.type !== 'button' || c.sub_type !== 'flow') continue;
    const index = Number(c.index);
    const button = translation?.buttons[index];
    const parameter = Array.isArray(c.parameters) && isObject(c.parameters[0]) ? c.parameters[0] : {};
    const token = isObject(parameter.action) ? text(parameter.action.flow_token) : undefined;
    const flow = button?.type === 'flow' ? (button.flow_id ?? button.flow_name) : undefined;
    if (button?.type !== 'flow' || !flow || !token) continue;
    return {
      flow,
      action: button.flow_action,
      token,
      cta: button.text,
      buttonIndex: index,
      ...(button.navigate_screen ? { screen: button.navigate_screen } : {}),
    };
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

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
