import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { ClientSimulator } from './client.ts';
import type { DeliveryResult } from './deliveries.ts';
import { faultsSchema, type Faults } from './faults.ts';
import type { Management } from './manage.ts';
import type { SandboxStore } from './store.ts';

export interface SandboxApiDeps {
  readonly store: SandboxStore;
  readonly client: ClientSimulator;
  readonly management: Management;
  readonly faults: { current: Faults };
  readonly deliveries: readonly DeliveryResult[];
  readonly fastForward?: FastForward | undefined;
}

/**
 * The clock control: what the app would do in the next `hours` (reminders due then) is run now,
 * as if that time had passed; answers how many of each job were brought forward.
 */
export type FastForward = (hours: number) => Promise<Readonly<Record<string, number>>>;

const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
const bsuid = z
  .string()
  .regex(BSUID, 'expected a BSUID: two-letter country code, a period, optional ENT., up to 128 letters and digits');
// A customer is named by their phone number, or by their BSUID when they have a username (docs/protocol.md §11.1).
const waId = z.union([z.string().regex(/^\d{5,20}$/, 'expected digits'), bsuid]);
const customerBody = z.union([
  z.strictObject({
    waId: z.string().regex(/^\d{5,20}$/, 'expected digits'),
    userId: bsuid.optional(),
    name: z.string().max(60).optional(),
    language: z.string().max(10).optional(),
  }),
  // Username-only: the webhooks carry the BSUID and the username, never a phone number.
  z.strictObject({
    username: z.string().regex(/^@?[a-z0-9._]{3,35}$/i, 'expected a username: 3–35 letters, digits, . or _'),
    userId: bsuid.optional(),
    name: z.string().max(60).optional(),
    language: z.string().max(10).optional(),
  }),
]);
const messageBody = z.union([
  z.strictObject({ text: z.string().min(1).max(4096), contextId: z.string().optional() }),
  z.strictObject({
    reply: z.strictObject({ type: z.enum(['button_reply', 'list_reply']), id: z.string(), title: z.string() }),
    contextId: z.string(),
  }),
  z.strictObject({ button: z.strictObject({ payload: z.string(), text: z.string() }), contextId: z.string() }),
]);
const flowBody = z.strictObject({
  wamid: z.string(),
  action: z.enum(['INIT', 'BACK', 'data_exchange']),
  screen: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const completeBody = z.strictObject({ wamid: z.string(), params: z.record(z.string(), z.unknown()) });
const flowStatusBody = z.strictObject({ status: z.enum(['PUBLISHED', 'THROTTLED', 'BLOCKED']) });
const clockBody = z.strictObject({
  hours: z
    .number()
    .positive()
    .max(24 * 31),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new BadRequestError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

/** The page's API under `/sandbox/api`: the phone's state, the customer's actions, the Flow player's calls. */
export function sandboxApiRoutes(deps: SandboxApiDeps) {
  const { store, client } = deps;
  return (app: FastifyInstance): void => {
    app.get('/sandbox/api/state', async () => ({
      version: store.version,
      customers: [...store.customers.values()],
      exchanges: store.exchanges.slice(-40),
      alerts: store.alerts,
      faults: deps.faults.current,
      deliveries: deps.deliveries.slice(-20),
    }));
    app.post('/sandbox/api/customers', async (request) => {
      const body = parse(customerBody, request.body);
      const key = 'waId' in body ? body.waId : (body.userId ?? newBsuid());
      const customer = store.customer(key, {
        ...body,
        userId: body.userId ?? ('waId' in body ? undefined : key),
        username: 'username' in body ? `@${body.username.replace(/^@/, '')}` : undefined,
      });
      if (body.name) customer.name = body.name;
      if (body.language) customer.language = body.language;
      store.touch();
      return { customer };
    });
    app.post('/sandbox/api/customers/:waId/messages', async (request) => {
      const id = parse(waId, (request.params as { waId: string }).waId);
      const body = parse(messageBody, request.body);
      if ('text' in body) return summary(await client.text(id, body.text, body.contextId));
      const context = { context: { id: body.contextId } };
      if ('reply' in body) {
        return summary(
          await client.inbound(id, {
            type: 'interactive',
            ...context,
            interactive: { type: body.reply.type, [body.reply.type]: { id: body.reply.id, title: body.reply.title } },
          }),
        );
      }
      return summary(await client.inbound(id, { type: 'button', ...context, button: body.button }));
    });
    app.post('/sandbox/api/customers/:waId/read', async (request) => {
      const customer = store.customers.get(parse(waId, (request.params as { waId: string }).waId));
      if (!customer) throw new NotFoundError('Customer');
      const unread = customer.messages.filter(
        (m) => m.direction === 'out' && m.status !== 'read' && m.status !== 'failed',
      );
      for (const m of unread) await client.status(m.wamid, 'read');
      return { read: unread.length };
    });
    app.get('/sandbox/api/flows/:id', async (request) => {
      const flow =
        deps.management.flows.get((request.params as { id: string }).id) ??
        [...deps.management.flows.values()].find((f) => f.name === (request.params as { id: string }).id);
      if (!flow?.json) throw new NotFoundError('Flow');
      return { id: flow.id, name: flow.name, json: JSON.parse(flow.json) as unknown };
    });
    // What Meta does to the Flow's health; the app hears of it by the `flows` webhook.
    app.post('/sandbox/api/flows/:id/status', async (request) => {
      const { status } = parse(flowStatusBody, request.body);
      const result = deps.management.setFlowStatus((request.params as { id: string }).id, status);
      store.touch();
      return result;
    });
    app.post('/sandbox/api/flow', async (request) => {
      const { wamid, ...call } = parse(flowBody, request.body);
      if (!store.find(wamid)) throw new NotFoundError('Flow message');
      return client.flow(wamid, call);
    });
    app.post('/sandbox/api/flow/complete', async (request) => {
      const body = parse(completeBody, request.body);
      if (!store.find(body.wamid)) throw new NotFoundError('Flow message');
      return summary(await client.complete(body.wamid, body.params));
    });
    app.get('/sandbox/api/faults', async () => deps.faults.current);
    app.put('/sandbox/api/faults', async (request) => {
      deps.faults.current = parse(faultsSchema, request.body);
      store.touch();
      return deps.faults.current;
    });
    app.get('/sandbox/api/alerts', async () => ({ alerts: store.alerts }));
    app.post('/sandbox/api/clock', async (request) => {
      const { hours } = parse(clockBody, request.body);
      if (!deps.fastForward) throw new NotFoundError('Clock');
      const ran = await deps.fastForward(hours);
      store.touch();
      return { hours, ran };
    });
  };
}

/** A BSUID as Meta mints them: country code, period, digits (the sandbox plays a US user). */
function newBsuid(): string {
  return `US.${randomInt(1e9, 1e10 - 1)}${randomInt(1e9, 1e10 - 1)}`;
}

function summary(result: { message: { wamid: string }; status: number }) {
  return { wamid: result.message.wamid, webhookStatus: result.status };
}
