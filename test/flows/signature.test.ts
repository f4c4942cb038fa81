import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSignature, metaJson, signBody } from '../../src/http/signature.ts';

// Computed with `openssl dgst -sha256 -hmac test-app-secret` over these exact bytes.
const BODY =
  '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"text":{"body":"\\u0645\\u0648\\u0639\\u062f caf\\u00e9"}}]}}]}]}';
const HEX = '7be7ddc6c1180c9bb1c0ffde2b857607df1e9f845d6beef08437d2e981e950f9';

describe('X-Hub-Signature-256', () => {
  it('matches an independent HMAC over a body with escaped non-ASCII text', () => {
    assert.equal(signBody(BODY, 'test-app-secret'), `sha256=${HEX}`);
    assert.equal(checkSignature(Buffer.from(BODY), `sha256=${HEX}`, ['test-app-secret']), 'ok');
  });

  it('escapes non-ASCII as Meta does, so the escaped bytes are what gets signed', () => {
    const value = {
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ value: { messages: [{ text: { body: 'موعد café' } }] } }] }],
    };
    assert.equal(metaJson(value), BODY);
    // The same JSON re-serialised with raw UTF-8 is different bytes: verifying it must fail.
    assert.equal(checkSignature(Buffer.from(JSON.stringify(value)), `sha256=${HEX}`, ['test-app-secret']), 'mismatch');
  });

  it('writes `/` as `\\/` and, spaced, a space after every `:` and `,`, as the test clients send', () => {
    // HMAC computed with `openssl dgst -sha256 -hmac test-app-secret` over these exact bytes.
    const spaced = '{"object": "whatsapp_business_account", "entry": [{"text": "10\\/12 caf\\u00e9", "tags": []}]}';
    const value = { object: 'whatsapp_business_account', entry: [{ text: '10/12 café', tags: [] }] };
    assert.equal(metaJson(value, { spaced: true }), spaced);
    assert.equal(metaJson(value), spaced.replaceAll(': ', ':').replaceAll(', ', ','));
    const hex = '1a5527ae373f6364b67427f738fdabc41e39947cd4fe60785fb80202fbb7d45a';
    assert.equal(checkSignature(Buffer.from(spaced), `sha256=${hex}`, ['test-app-secret']), 'ok');
    assert.equal(checkSignature(Buffer.from(JSON.stringify(value)), `sha256=${hex}`, ['test-app-secret']), 'mismatch');
  });

  it('accepts the previous secret during a rotation', () => {
    assert.equal(checkSignature(Buffer.from(BODY), `sha256=${HEX}`, ['new-secret', 'test-app-secret']), 'ok');
  });

  it('reports missing, malformed and wrong headers without throwing', () => {
    const body = Buffer.from(BODY);
    assert.equal(checkSignature(body, undefined, ['s']), 'missing');
    assert.equal(checkSignature(body, '', ['s']), 'missing');
    assert.equal(checkSignature(body, 'sha1=abc', ['s']), 'malformed');
    assert.equal(checkSignature(body, `sha256=${HEX.slice(2)}`, ['s']), 'malformed');
    assert.equal(checkSignature(body, `sha256=${'0'.repeat(64)}`, ['test-app-secret']), 'mismatch');
    assert.equal(checkSignature(body, `SHA256=${HEX}`, ['test-app-secret']), 'malformed');
  });
});
