import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { checkSignature } from '../../src/http/signature.ts';
import { generateFlowKeyPair } from '../../src/flows/keys.ts';
import { FLOW_JSON_PATH } from '../../src/sandbox/flow-json.ts';
import { parseFaultSpec } from '../../src/sandbox/faults.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { loadTemplates } from '../../src/templates/index.ts';
import { waitFor } from '../wait.ts';

const SECRET = 'test-secret';
const PHONE = '100000000000001';
let now = Date.parse('2026-03-02T10:00:00Z');
const received: { raw: string; signature: string | undefined; url: string | undefined }[] = [];
let sandbox: Sandbox;
let app: FastifyInstance;
let webhook: ReturnType<typeof createServer>;

/** The emulator's routes on a Fastify instance; a stand-in app on another port records webhook POSTs. */
before(async () => {
  webhook = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        raw: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-hub-signature-256'] as string | undefined,
        url: req.url,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  sandbox = createSandbox({
    publicKeyPem: generateFlowKeyPair().publicPem,
    appSecret: SECRET,
    phoneNumberId: PHONE,
    wabaId: '200',
    flowId: '300',
    flowJsonPath: FLOW_JSON_PATH,
    templates: loadTemplates(),
    faults: parseFaultSpec(''),
    clock: () => now,
    pingEveryMs: 0,
    templateReviewMs: 20,
    statusDelaysMs: [5, 10],
  });
  app = Fastify();
  for (const route of sandbox.routes) await app.register(async (scope) => route(scope));
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The stand-in app is the webhook target: attach to a server listening on its port.
  sandbox.attach({ server: { address: () => webhook.address() as AddressInfo } } as unknown as FastifyInstance);
});
after(async () => {
  sandbox.close();
  await app.close();
  webhook.close();
});

const send = (body: unknown) =>
  app.inject({ method: 'POST', url: `/sandbox/graph/v24.0/${PHONE}/messages`, payload: body as object });
const text = (to: string, body: string) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body },
});

test("a free-form message outside the 24-h window is refused with 131047 in Meta's envelope", async () => {
  const answer = await send(text('447700900100', 'hello'));
  assert.equal(answer.statusCode, 400);
  const body = answer.json() as {
    error: { code: number; type: string; fbtrace_id: string; error_data: { details: string } };
  };
  assert.equal(body.error.code, 131047);
  assert.equal(body.error.type, 'OAuthException');
  assert.ok(body.error.fbtrace_id);
});

test('a customer message is delivered signed, with non-ASCII escaped, and opens the window', async () => {
  received.length = 0;
  const { status } = await sandbox.client.text('447700900101', 'موعد');
  assert.equal(status, 200);
  const delivery = received[0]!;
  assert.equal(delivery.url, '/webhook');
  assert.ok(delivery.raw.includes('\\u0645\\u0648\\u0639\\u062f'), 'Arabic is escaped as \\uXXXX');
  assert.equal(checkSignature(Buffer.from(delivery.raw), delivery.signature, [SECRET]), 'ok');
  const envelope = JSON.parse(delivery.raw) as {
    object: string;
    entry: {
      changes: { value: { messages: { text: { body: string } }[]; metadata: { phone_number_id: string } } }[];
    }[];
  };
  assert.equal(envelope.object, 'whatsapp_business_account');
  assert.equal(envelope.entry[0]!.changes[0]!.value.messages[0]!.text.body, 'موعد');
  assert.equal(envelope.entry[0]!.changes[0]!.value.metadata.phone_number_id, PHONE);

  const answer = await send(text('+447700900101', 'Hi!'));
  assert.equal(answer.statusCode, 200);
  const ok = answer.json() as {
    messaging_product: string;
    contacts: { input: string; wa_id: string }[];
    messages: { id: string }[];
  };
  assert.deepEqual(ok.contacts, [{ input: '+447700900101', wa_id: '447700900101' }]);
  assert.match(ok.messages[0]!.id, /^wamid\./);
  // sent and delivered statuses come back to the webhook, in order of progress
  const statuses = () =>
    received
      .map(
        (r) =>
          JSON.parse(r.raw) as { entry: { changes: { value: { statuses?: { id: string; status: string }[] } }[] }[] },
      )
      .flatMap((e) => e.entry[0]!.changes[0]!.value.statuses ?? [])
      .filter((s) => s.id === ok.messages[0]!.id)
      .map((s) => s.status);
  await waitFor('the sent and delivered statuses at the webhook', () => statuses().length >= 2);
  assert.deepEqual(statuses(), ['sent', 'delivered']);
  now += 25 * 60 * 60 * 1000; // a day later the window is closed again
  assert.equal((await send(text('447700900101', 'late'))).statusCode, 400);
});

test('templates are rendered and checked: 132000 on a parameter count, 132001 on a missing translation', async () => {
  const template = (code: string, parameters: unknown[]) => ({
    messaging_product: 'whatsapp',
    to: '447700900102',
    type: 'template',
    template: {
      name: 'appointment_cancelled',
      language: { policy: 'deterministic', code },
      components: [{ type: 'body', parameters }],
    },
  });
  const wrongCount = await send(template('en_US', [{ type: 'text', text: 'Jane' }]));
  assert.equal((wrongCount.json() as { error: { code: number } }).error.code, 132000);
  const missing = await send(template('ja', []));
  assert.equal((missing.json() as { error: { code: number } }).error.code, 132001);
});

test('a currency parameter is rendered; one without its code is refused with 132012', async () => {
  const reminder = (currency: Record<string, unknown>) => ({
    messaging_product: 'whatsapp',
    to: '447700900103',
    type: 'template',
    template: {
      name: 'appointment_reminder_priced',
      language: { policy: 'deterministic', code: 'de' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Jane' },
            { type: 'text', text: 'Haarfarbe bei Chloé' },
            { type: 'text', text: 'Oxford Street' },
            { type: 'date_time', date_time: { fallback_value: 'Samstag, 12. Juni 2027 um 11:00' } },
            { type: 'currency', currency },
          ],
        },
      ],
    },
  });
  const good = await send(reminder({ fallback_value: '79,50 £', code: 'GBP', amount_1000: 79_500 }));
  assert.equal(good.statusCode, 200, good.body);
  const bad = await send(reminder({ fallback_value: '79,50 £', amount_1000: 79_500 }));
  assert.equal(bad.statusCode, 400);
  assert.equal((bad.json() as { error: { code: number } }).error.code, 132012);
});

test('mark read, public key upload and status, Flow create/assets/publish/get', async () => {
  const read = await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' });
  assert.equal(read.statusCode, 400);
  const pem = generateFlowKeyPair().publicPem;
  const upload = await app.inject({
    method: 'POST',
    url: `/sandbox/graph/v24.0/${PHONE}/whatsapp_business_encryption`,
    payload: new URLSearchParams({ business_public_key: pem }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual(upload.json(), { success: true });
  const status = (
    await app.inject({ method: 'GET', url: `/sandbox/graph/v24.0/${PHONE}/whatsapp_business_encryption` })
  ).json() as { data: { business_public_key: string; business_public_key_signature_status: string }[] };
  assert.equal(status.data[0]!.business_public_key, pem);
  assert.equal(status.data[0]!.business_public_key_signature_status, 'VALID');

  const created = (
    await app.inject({
      method: 'POST',
      url: '/sandbox/graph/v24.0/200/flows',
      payload: { name: 'test', categories: ['APPOINTMENT_BOOKING'] },
    })
  ).json() as { id: string; success: boolean };
  assert.equal(created.success, true);
  const form = new FormData();
  form.set('file', new Blob(['{"version": "7.2", "screens": []}'], { type: 'application/json' }), 'flow.json');
  form.set('name', 'flow.json');
  form.set('asset_type', 'FLOW_JSON');
  const request = new Request('http://x/', { method: 'POST', body: form });
  const assets = await app.inject({
    method: 'POST',
    url: `/sandbox/graph/v24.0/${created.id}/assets`,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  });
  const errors = (assets.json() as { validation_errors: { error: string; line_start: number }[] }).validation_errors;
  assert.ok(errors.some((e) => e.error === 'EMPTY_SCREENS'));
  const publish = await app.inject({ method: 'POST', url: `/sandbox/graph/v24.0/${created.id}/publish` });
  assert.equal(publish.statusCode, 400);
  const shipped = (
    await app.inject({ method: 'GET', url: '/sandbox/graph/v24.0/300?fields=id,name,status,validation_errors' })
  ).json() as { status: string; validation_errors: unknown[]; json_version: string };
  assert.equal(shipped.status, 'PUBLISHED');
  assert.deepEqual(shipped.validation_errors, []);
  assert.equal(shipped.json_version, '7.3');
});

test('message templates are approved after the simulated review and announced to the webhook', async () => {
  received.length = 0;
  const created = (
    await app.inject({
      method: 'POST',
      url: '/sandbox/graph/v24.0/200/message_templates',
      payload: { name: 'hello_world', language: 'en_US', category: 'UTILITY', components: [] },
    })
  ).json() as { id: string; status: string };
  assert.equal(created.status, 'PENDING');
  await waitFor('the APPROVED status update at the webhook', () =>
    received.some((r) => r.raw.includes('message_template_status_update') && r.raw.includes('APPROVED')),
  );
  const list = (
    await app.inject({ method: 'GET', url: '/sandbox/graph/v24.0/200/message_templates?name=hello_world' })
  ).json() as { data: { status: string }[] };
  assert.equal(list.data[0]!.status, 'APPROVED');
});

test('faults: Graph 5xx and 429 bursts, then normal; duplicates deliver twice', async () => {
  sandbox.faults.current = parseFaultSpec('5xx=1,429=1,duplicate');
  const first = await send(text('447700900101', 'x'));
  assert.equal(first.statusCode, 503);
  assert.equal((first.json() as { error: { code: number } }).error.code, 2);
  const second = await send(text('447700900101', 'x'));
  assert.equal((second.json() as { error: { code: number } }).error.code, 130429);
  received.length = 0;
  await sandbox.client.text('447700900103', 'twice');
  assert.equal(received.length, 2);
  assert.equal(received[0]!.raw, received[1]!.raw);
  sandbox.faults.current = parseFaultSpec('');
  assert.throws(() => parseFaultSpec('explode'), /unknown sandbox fault/);
});

test('past 80 messages a second the Cloud API answers 130429', async () => {
  now += 2000; // a fresh one-second window
  await sandbox.client.text('447700900104', 'open');
  const answers = await Promise.all(Array.from({ length: 81 }, () => send(text('447700900104', 'burst'))));
  const codes = answers.map((a) => a.statusCode);
  assert.equal(codes.filter((c) => c === 200).length, 80);
  assert.equal((answers.find((a) => a.statusCode === 429)!.json() as { error: { code: number } }).error.code, 130429);
});

test('a username-only customer writes with from_user_id and no phone number; sends to them go by recipient', async () => {
  now += 60_000; // past the rate window of the tests before
  const added = await app.inject({
    method: 'POST',
    url: '/sandbox/api/customers',
    payload: { username: '@ana.books', name: 'Ana' },
  });
  assert.equal(added.statusCode, 200, added.body);
  const customer = (added.json() as { customer: { waId: string; userId: string; username: string } }).customer;
  assert.match(customer.waId, /^US\.\d{20}$/);
  assert.equal(customer.userId, customer.waId);
  received.length = 0;
  await app.inject({
    method: 'POST',
    url: `/sandbox/api/customers/${customer.waId}/messages`,
    payload: { text: 'book' },
  });
  const inbound = received.find((r) => r.raw.includes('"contacts"'))!;
  const value = (JSON.parse(inbound.raw) as { entry: { changes: { value: Record<string, any> }[] }[] }).entry[0]!
    .changes[0]!.value;
  assert.equal(value.messages[0].from, undefined, 'the phone number is withheld');
  assert.equal(value.messages[0].from_user_id, customer.userId);
  assert.deepEqual(value.contacts, [{ profile: { name: 'Ana', username: '@ana.books' }, user_id: customer.userId }]);

  const { to: _none, ...byRecipient } = { ...text('', 'hello'), recipient: customer.userId };
  const answer = await send(byRecipient);
  assert.equal(answer.statusCode, 200, answer.body);
  assert.deepEqual((answer.json() as { contacts: unknown[] }).contacts, [
    { input: customer.userId, user_id: customer.userId },
  ]);
  const wamid = (answer.json() as { messages: { id: string }[] }).messages[0]!.id;
  assert.equal(sandbox.store.find(wamid)?.customer.waId, customer.waId);
  await waitFor('the delivered status', () =>
    received.some((r) => r.raw.includes(wamid) && r.raw.includes('"delivered"')),
  );
  const status = received.find((r) => r.raw.includes(wamid))!.raw;
  assert.ok(status.includes('"recipient_user_id"') && !status.includes('"recipient_id"'));

  const unknown = await send({ ...byRecipient, recipient: 'US.1' });
  assert.equal((unknown.json() as { error: { code: number } }).error.code, 131026);
  const malformed = await send({ ...byRecipient, recipient: 'us.1' });
  assert.equal((malformed.json() as { error: { code: number } }).error.code, 100);
  const badName = await app.inject({ method: 'POST', url: '/sandbox/api/customers', payload: { username: 'a b' } });
  assert.equal(badName.statusCode, 400);
});
