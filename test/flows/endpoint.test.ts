import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decryptFlowResponse, encryptFlowRequest } from '../../src/flows/crypto.ts';
import { signBody } from '../../src/http/signature.ts';
import { APP_SECRET, KEYS, startTestApp, type TestApp } from './helpers.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.dispose());

const post = (payload: string, headers: Record<string, string> = {}) =>
  app.server.inject({
    method: 'POST',
    url: '/flow',
    payload,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('POST /flow status codes (docs/protocol.md §2.2)', () => {
  it('answers ping, encrypted as text/plain, without a flow token', async () => {
    const { status, body } = await app.flow({ version: '3.0', action: 'ping' });
    assert.equal(status, 200);
    assert.deepEqual(body, { data: { status: 'active' } });
    const raw = await app.flow({ version: '3.0', action: 'ping' });
    assert.match(raw.raw, /^[A-Za-z0-9+/]+=*$/);
  });

  it('acknowledges error notifications', async () => {
    const { status, body } = await app.flow({
      version: '3.0',
      action: 'data_exchange',
      screen: 'APPOINTMENT',
      flow_token: app.mint(),
      data: { error: 'payload-schema-error', error_message: 'bad' },
    });
    assert.equal(status, 200);
    assert.deepEqual(body, { data: { acknowledged: true } });
  });

  it('432 for a missing, malformed or wrong signature; 401 never', async () => {
    assert.equal((await app.flow({ version: '3.0', action: 'ping' }, { sign: false })).status, 432);
    assert.equal((await app.flow({ version: '3.0', action: 'ping' }, { sign: 'other-secret' })).status, 432);
    assert.equal((await post('{}', { 'x-hub-signature-256': 'sha256=zz' })).statusCode, 432);
  });

  it('verifies the signature on the bytes as sent: spaces, newlines, `\\/`, any key order', async () => {
    const { envelope, aesKey, iv } = encryptFlowRequest(
      { version: '3.0', action: 'ping' },
      readFileSync(path.join(KEYS, 'public.pem'), 'utf8'),
    );
    const field = (name: keyof typeof envelope) =>
      `"${name}" :  ${JSON.stringify(envelope[name]).replaceAll('/', '\\/')}`;
    const body = `{\n  ${field('initial_vector')},\n  ${field('encrypted_aes_key')} ,${field('encrypted_flow_data')}\n}\n`;
    const signature = signBody(body, APP_SECRET);
    const sent = await post(body, { 'x-hub-signature-256': signature });
    assert.equal(sent.statusCode, 200);
    assert.deepEqual(decryptFlowResponse(sent.body, aesKey, iv), { data: { status: 'active' } });
    // The same envelope re-serialised is other bytes: Meta's signature does not cover them.
    const reserialised = await post(JSON.stringify(JSON.parse(body)), { 'x-hub-signature-256': signature });
    assert.equal(reserialised.statusCode, 432);
  });

  it('400 for a body that is not the envelope, 413 past the cap', async () => {
    const body = JSON.stringify({ hello: 'world' });
    assert.equal((await post(body, { 'x-hub-signature-256': signBody(body, APP_SECRET) })).statusCode, 400);
    const notJson = 'not json at all';
    assert.equal(
      (await post(notJson, { 'x-hub-signature-256': signBody(notJson, APP_SECRET), 'content-type': 'text/plain' }))
        .statusCode,
      400,
    );
    const big = JSON.stringify({
      encrypted_flow_data: 'A'.repeat(100_000),
      encrypted_aes_key: 'A',
      initial_vector: 'A',
    });
    assert.equal((await post(big, { 'x-hub-signature-256': signBody(big, APP_SECRET) })).statusCode, 413);
  });

  it('421 for anything that cannot be decrypted', async () => {
    const body = JSON.stringify({
      encrypted_flow_data: 'AAAAAAAAAAAAAAAAAAAAAAAA',
      encrypted_aes_key: 'AAAA',
      initial_vector: 'AAAAAAAAAAAAAAAAAAAAAA==',
    });
    const response = await post(body, { 'x-hub-signature-256': signBody(body, APP_SECRET) });
    assert.equal(response.statusCode, 421);
  });

  it('427 for a forged, expired or missing flow token, with {error_msg}', async () => {
    const forged = await app.flow({ version: '3.0', action: 'INIT', flow_token: 'unused' });
    assert.equal(forged.status, 427);
    assert.equal(typeof forged.body.error_msg, 'string');
    assert.equal((await app.flow({ version: '3.0', action: 'INIT' })).status, 427);
    const token = app.tokens.mint({ customer: '447700900123', language: 'en_US' }, app.clock(), 1000).token;
    app.setNow(app.clock() + 2000);
    try {
      assert.equal((await app.flow({ version: '3.0', action: 'INIT', flow_token: token })).status, 427);
    } finally {
      app.setNow(app.clock() - 2000);
    }
  });

  it('400 for a decrypted request of the wrong shape', async () => {
    const { status } = await app.flow({ version: '3.0', action: 'explode', flow_token: app.mint() });
    assert.equal(status, 400);
  });
});

/**
 * A compact JWT built here with node:crypto, independently of src/flows/token-signature.ts: Meta's
 * `flow_token_signature` is HS256 keyed with the app secret, its `flow_token` claim the token.
 */
function jwt(claims: Record<string, unknown>, options: { secret?: string; header?: Record<string, unknown> } = {}) {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64(options.header ?? { alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', options.secret ?? APP_SECRET)
    .update(input)
    .digest('base64url')}`;
}

describe('Data API 4.0 flow_token_signature (docs/protocol.md §11.2)', () => {
  const init = (token: string, signature?: string) =>
    app.flow({
      version: '4.0',
      action: 'INIT',
      flow_token: token,
      ...(signature === undefined ? {} : { flow_token_signature: signature }),
    });

  it('accepts a JWT whose flow_token claim is the token, signed with the app secret', async () => {
    const token = app.mint();
    assert.equal((await init(token, jwt({ flow_token: token }))).status, 200);
    const nowSeconds = Math.floor(app.clock() / 1000);
    assert.equal((await init(token, jwt({ flow_token: token, iat: nowSeconds, exp: nowSeconds + 600 }))).status, 200);
  });

  it('432 for a wrong secret, another token, the token under another claim, or no signature part', async () => {
    const token = app.mint();
    assert.equal((await init(token, jwt({ flow_token: token }, { secret: 'other-secret' }))).status, 432);
    assert.equal((await init(token, jwt({ flow_token: app.mint('447700900999') }))).status, 432);
    assert.equal((await init(token, jwt({ token, sub: token }))).status, 432);
    const [header, payload] = jwt({ flow_token: token }).split('.');
    assert.equal((await init(token, `${header}.${payload}.`)).status, 432);
    assert.equal((await init(token, `${header}.${payload}`)).status, 432);
    assert.equal((await init(token, 'not a jwt')).status, 432);
  });

  it('432 for alg none and any algorithm other than HS256, even with a valid HMAC', async () => {
    const token = app.mint();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ flow_token: token })}.`;
    assert.equal((await init(token, none)).status, 432);
    assert.equal((await init(token, jwt({ flow_token: token }, { header: { alg: 'none' } }))).status, 432);
    assert.equal((await init(token, jwt({ flow_token: token }, { header: { alg: 'HS512' } }))).status, 432);
  });

  it('432 once exp has passed (a minute of skew allowed) or before nbf', async () => {
    const token = app.mint();
    const nowSeconds = Math.floor(app.clock() / 1000);
    assert.equal((await init(token, jwt({ flow_token: token, exp: nowSeconds - 30 }))).status, 200);
    assert.equal((await init(token, jwt({ flow_token: token, exp: nowSeconds - 120 }))).status, 432);
    assert.equal((await init(token, jwt({ flow_token: token, nbf: nowSeconds + 120 }))).status, 432);
    assert.equal((await init(token, jwt({ flow_token: token, exp: 'tomorrow' }))).status, 432);
  });

  it('the signature is judged before the token: a forged one is 432, not 427', async () => {
    const expired = app.mint();
    app.setNow(app.clock() + 400 * 24 * 3600 * 1000);
    try {
      assert.equal((await init(expired, jwt({ flow_token: expired }, { secret: 'forger' }))).status, 432);
      assert.equal((await init(expired, jwt({ flow_token: expired }))).status, 427);
    } finally {
      app.setNow(app.clock() - 400 * 24 * 3600 * 1000);
    }
  });

  it('is verified on error notifications that carry one', async () => {
    const token = app.mint();
    const notify = (signature: string) =>
      app.flow({
        version: '4.0',
        action: 'data_exchange',
        screen: 'APPOINTMENT',
        flow_token: token,
        flow_token_signature: signature,
        data: { error: 'payload-schema-error', error_message: 'bad' },
      });
    assert.equal((await notify(jwt({ flow_token: token }))).status, 200);
    assert.equal((await notify(jwt({ flow_token: token }, { secret: 'forger' }))).status, 432);
  });

  it('a previous app secret still verifies during a rotation', async () => {
    const rotating = await startTestApp({ APP_SECRET: 'new-secret', APP_SECRET_PREVIOUS: APP_SECRET });
    try {
      const token = rotating.mint();
      const signed = jwt({ flow_token: token });
      const response = await rotating.flow(
        { version: '4.0', action: 'INIT', flow_token: token, flow_token_signature: signed },
        { sign: 'new-secret' },
      );
      assert.equal(response.status, 200);
    } finally {
      await rotating.dispose();
    }
  });
});

describe('REQUIRE_FLOW_TOKEN_SIGNATURE', () => {
  let strict: TestApp;
  before(async () => {
    strict = await startTestApp({ REQUIRE_FLOW_TOKEN_SIGNATURE: 'true' });
  });
  after(() => strict.dispose());

  it('432 for a data exchange without flow_token_signature; 200 with a valid one', async () => {
    const token = strict.mint();
    assert.equal((await strict.flow({ version: '4.0', action: 'INIT', flow_token: token })).status, 432);
    const back = await strict.flow({ version: '4.0', action: 'BACK', screen: 'DETAILS', flow_token: token });
    assert.equal(back.status, 432);
    const signed = await strict.flow({
      version: '4.0',
      action: 'INIT',
      flow_token: token,
      flow_token_signature: jwt({ flow_token: token }),
    });
    assert.equal(signed.status, 200);
  });

  it('still answers ping and error notifications, which Meta sends without one', async () => {
    assert.equal((await strict.flow({ version: '4.0', action: 'ping' })).status, 200);
    const notification = await strict.flow({
      version: '4.0',
      action: 'INIT',
      flow_token: strict.mint(),
      data: { error: 'payload-schema-error', error_message: 'bad' },
    });
    assert.equal(notification.status, 200);
  });
});

describe('sandbox mode without APP_SECRET', () => {
  it('does not require a signature', async () => {
    const open = await startTestApp({ APP_SECRET: '' });
    try {
      assert.equal((await open.flow({ version: '3.0', action: 'ping' }, { sign: false })).status, 200);
    } finally {
      await open.dispose();
    }
  });
});
