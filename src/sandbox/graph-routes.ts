import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Faults } from './faults.ts';
import type { Management } from './manage.ts';
import { MetaError, metaErrors } from './meta-errors.ts';
import type { Outbox } from './outbox.ts';
import type { ChatMessage, SandboxStore } from './store.ts';

export interface GraphEmulatorDeps {
  readonly store: SandboxStore;
  readonly outbox: Outbox;
  readonly management: Management;
  /** Mutable: Graph bursts count down as they are served. */
  readonly faults: { current: Faults };
  /** Called for each accepted send: the client answers with statuses (sent, delivered). */
  readonly onSent: (message: ChatMessage) => void;
}

type Body = Record<string, unknown>;

/**
 * Meta's Graph API, in process, under `/sandbox/graph/<version>/…` (docs/protocol.md §2.6, §5, §7): answers in
 * the Cloud API's shapes and with its error envelope, so the app's real Graph client talks to it.
 */
export function graphEmulatorRoutes(deps: GraphEmulatorDeps) {
  return (app: FastifyInstance): void => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
      app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 11 * 1024 * 1024 }, (request, body, done) => {
        parseForm(body as Buffer, String(request.headers['content-type'])).then(
          (form) => done(null, form),
          (error: Error) => done(error),
        );
      });
    }
    app.setErrorHandler((error, _request, reply) => {
      const meta = error instanceof MetaError ? error : metaErrors.invalidParameter((error as Error).message);
      return reply.status(meta.httpStatus).send(meta.body());
    });
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (!request.url.startsWith('/sandbox/graph/')) return;
      const faults = deps.faults.current;
      if (faults.graph5xx > 0) {
        deps.faults.current = { ...faults, graph5xx: faults.graph5xx - 1 };
        throw metaErrors.unavailable();
      }
      if (faults.graph429 > 0) {
        deps.faults.current = { ...faults, graph429: faults.graph429 - 1 };
        throw metaErrors.rate();
      }
    });

    const m = deps.management;
    app.post('/sandbox/graph/:version/:node/:edge', async (request, reply) => {
      const { node, edge } = request.params as { node: string; edge: string };
      const body = (request.body ?? {}) as Body;
      switch (edge) {
        case 'messages':
          return reply.send(sendOrMarkRead(deps, body));
        case 'whatsapp_business_encryption':
          return reply.send(m.uploadKey(node, str(body.business_public_key)));
        case 'flows':
          return reply.send(m.createFlow(body));
        case 'assets':
          return reply.send(m.uploadAsset(node, str(body.file)));
        case 'publish':
          return reply.send(m.publish(node));
        case 'deprecate':
          return reply.send(m.deprecate(node));
        case 'message_templates':
          return reply.send(m.createTemplate(body));
        default:
          throw metaErrors.notFound(`edge ${edge}`);
      }
    });
    app.get('/sandbox/graph/:version/:node/:edge', async (request, reply) => {
      const { node, edge } = request.params as { node: string; edge: string };
      if (edge === 'whatsapp_business_encryption') return reply.send(m.keyStatus(node));
      if (edge === 'message_templates') {
        const query = request.query as Body;
        return reply.send(m.listTemplates({ name: str(query.name), fields: str(query.fields) }));
      }
      throw metaErrors.notFound(`edge ${edge}`);
    });
    app.get('/sandbox/graph/:version/:node', async (request: FastifyRequest, reply: FastifyReply) =>
      reply.send(m.describe((request.params as { node: string }).node)),
    );
    app.delete('/sandbox/graph/:version/:node/:edge', async (request, reply) => {
      const { edge } = request.params as { node: string; edge: string };
      if (edge !== 'message_templates') throw metaErrors.notFound(`edge ${edge}`);
      const query = request.query as Body;
      return reply.send(m.deleteTemplates(str(query.name), str(query.hsm_id)));
    });
    // `POST /{id}` edits a message template (docs/protocol.md §8) or updates a Flow (§5).
    app.post('/sandbox/graph/:version/:node', async (request, reply) => {
      const { node } = request.params as { node: string };
      const body = (request.body ?? {}) as Body;
      return reply.send(m.isTemplate(node) ? m.editTemplate(node, body) : m.update(node, body));
    });
  };
}

function sendOrMarkRead(deps: GraphEmulatorDeps, body: Body) {
  if (body.status === 'read') {
    const wamid = str(body.message_id);
    const found = wamid ? deps.store.find(wamid) : undefined;
    if (found?.message.direction !== 'in') throw metaErrors.invalidParameter('message_id is not a received message');
    deps.store.setStatus(found.message.wamid, 'read');
    return { success: true };
  }
  const interactive = body.interactive as
    | { type?: unknown; action?: { parameters?: Record<string, unknown> } }
    | undefined;
  if (body.type === 'interactive' && interactive?.type === 'flow') {
    const flow = str(interactive.action?.parameters?.flow_id) ?? str(interactive.action?.parameters?.flow_name);
    if (flow) deps.management.acceptFlowSend(flow, Date.now());
  }
  const { answer, message } = deps.outbox.accept(body);
  deps.onSent(message);
  return answer;
}

async function parseForm(body: Buffer, contentType: string): Promise<Body> {
  const form = await new Request('http://sandbox.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  }).formData();
  const fields: Promise<[string, string]>[] = [];
  form.forEach((value, key) => {
    fields.push(typeof value === 'string' ? Promise.resolve([key, value]) : value.text().then((text) => [key, text]));
  });
  return Object.fromEntries(await Promise.all(fields));
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
