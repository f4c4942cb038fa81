import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canonicalCustomerId, insideWindow } from '../customers/customers.ts';
import { NotFoundError } from '../errors.ts';
import { guardAdminRoutes } from '../http/bearer.ts';
import { parseInput } from '../http/parse.ts';
import type { ConversationDeps } from '../messaging/context.ts';
import { SERVICE_WINDOW_MS } from '../messaging/window.ts';
import { MESSAGE_LIMITS } from '../whatsapp/limits.ts';
import { CUSTOMER_ID_RULE, customerIdKind } from '../whatsapp/recipient.ts';
import { closeByStaff, sendStaffMessage } from './chat.ts';
import { latestHandoff, listHandoffs, type Handoff } from './handoffs.ts';
import { conversationOf } from './view.ts';

export interface HandoffAdminDeps {
  /** What answering a customer needs (the same as the conversation's). */
  readonly conversation: ConversationDeps;
  readonly adminToken: string | undefined;
  readonly mode: 'sandbox' | 'live';
  /** Called after a staff message is queued so the worker sends it at once. */
  readonly onQueued?: () => void;
}

const listQuery = z.strictObject({
  state: z.enum(['open', 'closed']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const viewQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });
// A customer is named by a WhatsApp number or a BSUID (docs/protocol.md §11.1); the value is never echoed.
const customerParams = z.object({
  customer: z.string().refine((v) => customerIdKind(v.replace(/^\+(?=\d)/, '')) !== undefined, CUSTOMER_ID_RULE),
});
const messageBody = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((v) => [...v].length <= MESSAGE_LIMITS.textBody, `must be at most ${MESSAGE_LIMITS.textBody} characters`),
});

function view(h: Handoff) {
  return {
    id: h.id,
    customer: h.customer,
    state: h.state,
    openedBy: h.openedBy,
    openedAt: h.openedAt.toISOString(),
    lastActivityAt: h.lastActivityAt.toISOString(),
    expiresAt: h.expiresAt.toISOString(),
    closedAt: h.closedAt?.toISOString() ?? null,
    closedBy: h.closedBy,
  };
}

/**
 * Conversations with a person, behind the admin bearer token: `GET /api/conversations?state=open`,
 * `GET /api/conversations/:customer` (the handoff, the 24-hour window, the messages both ways),
 * `POST /api/conversations/:customer/messages {text}` (staff answer; 409 FB_SERVICE_WINDOW outside the
 * window) and `POST /api/conversations/:customer/close` (the assistant answers again).
 */
export function handoffAdminRoutes(deps: HandoffAdminDeps) {
  const { db } = deps.conversation;
  const customerOf = async (params: unknown): Promise<string> => {
    const { customer } = parseInput(customerParams, params, 'customer id');
    const id = await canonicalCustomerId(db, customer.replace(/^\+(?=\d)/, ''));
    if (!id) throw new NotFoundError('Customer');
    return id;
  };
  // logLevel warn: Fastify's per-request info lines would print the URL, i.e. the phone number or BSUID.
  const quiet = { logLevel: 'warn' as const };
  return (app: FastifyInstance): void => {
    if (!guardAdminRoutes(app, deps)) return;
    app.get('/api/conversations', async (request) => {
      const q = parseInput(listQuery, request.query, 'query');
      return { conversations: (await listHandoffs(db, q.state, q.limit)).map(view) };
    });
    app.get('/api/conversations/:customer', quiet, async (request) => {
      const customer = await customerOf(request.params);
      const q = parseInput(viewQuery, request.query, 'query');
      const handoff = await latestHandoff(db, customer);
      return {
        customer,
        handoff: handoff ? view(handoff) : null,
        insideWindow: await insideWindow(db, customer, SERVICE_WINDOW_MS, deps.conversation.clock()),
        messages: await conversationOf(db, customer, q.limit),
      };
    });
    app.post('/api/conversations/:customer/messages', quiet, async (request, reply) => {
      const customer = await customerOf(request.params);
      const { text } = parseInput(messageBody, request.body, 'body');
      const { outboundId, handoff } = await sendStaffMessage(deps.conversation, customer, text);
      deps.onQueued?.();
      return reply.status(202).send({ message: { id: outboundId, state: 'pending' }, handoff: view(handoff) });
    });
    app.post('/api/conversations/:customer/close', quiet, async (request) => {
      const customer = await customerOf(request.params);
      const handoff = await closeByStaff(deps.conversation, customer);
      deps.onQueued?.();
      return { handoff: view(handoff) };
    });
  };
}
