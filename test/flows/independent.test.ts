import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contractProblems } from './contract.ts';
import { APP_SECRET, KEYS, startTestApp, type TestApp } from './helpers.ts';
import { callFlow, type Transport } from './independent-client.ts';

/**
 * The real app against a client written from docs/protocol.md §2.1 (independent-client.ts), over inject() and
 * over a real socket. The app's own client half is not involved, so a mistake shared by both halves
 * of src/flows/crypto.ts (e.g. an IV left uninverted) fails here.
 */
let app: TestApp;
let baseUrl: string;
const publicKeyPem = readFileSync(path.join(KEYS, 'public.pem'), 'utf8');
before(async () => {
  app = await startTestApp();
  baseUrl = await app.server.listen({ host: '127.0.0.1', port: 0 });
});
after(() => app.dispose());

const injected: Transport = async (body, headers) => {
  const response = await app.server.inject({ method: 'POST', url: '/flow', headers, payload: body });
  return { status: response.statusCode, contentType: String(response.headers['content-type']), text: response.body };
};
const overHttp: Transport = async (body, headers) => {
  const response = await fetch(`${baseUrl}/flow`, { method: 'POST', headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
};
const call = (payload: Record<string, unknown>, transport = injected) =>
  callFlow(transport, payload, { publicKeyPem, secret: APP_SECRET });

describe('POST /flow with an independent client (docs/protocol.md §2.1)', () => {
  it('ping over a real socket: 200, text/plain, opened under the inverted IV', async () => {
    const answer = await call({ version: '3.0', action: 'ping' }, overHttp);
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.contentType, /^text\/plain/);
    assert.deepEqual(answer.body, { data: { status: 'active' } });
  });

  it('INIT answers the first screen with its departments', async () => {
    const request = { version: '3.0', action: 'INIT', flow_token: app.mint() };
    const answer = await call(request);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.screen, 'APPOINTMENT');
    assert.ok(answer.body.data.department.length > 0);
    assert.deepEqual(contractProblems(request, answer.body), []);
  });

  it("data_exchange answers with the locations of a department, in the customer's language", async () => {
    const request = {
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      flow_token: app.mint('34600111222', 'es'),
      data: { trigger: 'department_selected', department: 'electronics' },
    };
    const answer = await call(request, overHttp);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      answer.body.data.location.map((l: { id: string }) => l.id),
      ['kings-cross', 'piccadilly'],
    );
    assert.equal(answer.body.data.is_location_enabled, true);
    assert.deepEqual(contractProblems(request, answer.body), []);
  });

  it('acknowledges an error notification', async () => {
    const answer = await call({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      flow_token: app.mint(),
      data: { error: 'payload-schema-error', error_message: 'Expected “date” to be an array' },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { data: { acknowledged: true } });
  });

  it("427: {error_msg} encrypted under the request's key and inverted IV, in the session's language", async () => {
    const expired = app.tokens.mint({ customer: '966500000000', language: 'ar' }, app.clock(), 1000).token;
    const now = app.clock();
    app.setNow(now + 2000);
    try {
      const answer = await call({ version: '3.0', action: 'INIT', flow_token: expired }, overHttp);
      assert.equal(answer.status, 427);
      assert.match(answer.contentType, /^text\/plain/);
      assert.throws(() => JSON.parse(answer.text), 'the body is ciphertext, not JSON');
      assert.deepEqual(answer.body, { error_msg: 'انتهت جلسة الحجز هذه. يُرجى بدء جلسة جديدة.' });
    } finally {
      app.setNow(now);
    }
    // A forged token has no language of its own: English.
    const forged = await call({ version: '3.0', action: 'INIT', flow_token: 'unused' }, overHttp);
    assert.equal(forged.status, 427);
    assert.deepEqual(forged.body, { error_msg: 'This booking session has ended. Please start a new one.' });
  });
});
