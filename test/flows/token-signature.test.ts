import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyFlowTokenSignature } from '../../src/flows/token-signature.ts';
import { signFlowToken } from '../../src/sandbox/client.ts';

const NOW = Date.parse('2026-11-23T08:00:00Z');

describe('the sandbox signs flow tokens as WhatsApp does (docs/protocol.md §11.2)', () => {
  it('an HS256 JWT over {"flow_token"} keyed with the app secret, byte for byte', () => {
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      '{"flow_token":"tok-1"}',
    ).toString('base64url')}`;
    const expected = `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`;
    assert.equal(signFlowToken('tok-1', 'secret'), expected);
  });

  it('which the endpoint accepts for its token and secret only', () => {
    const jwt = signFlowToken('tok-1', 'secret');
    assert.doesNotThrow(() => verifyFlowTokenSignature(jwt, 'tok-1', ['secret'], NOW));
    assert.doesNotThrow(() => verifyFlowTokenSignature(jwt, 'tok-1', ['new', 'secret'], NOW));
    assert.throws(() => verifyFlowTokenSignature(jwt, 'tok-2', ['secret'], NOW), { code: 'FB_SIGNATURE' });
    assert.throws(() => verifyFlowTokenSignature(jwt, 'tok-1', ['other'], NOW), { code: 'FB_SIGNATURE' });
    assert.throws(() => verifyFlowTokenSignature(jwt, 'tok-1', [], NOW), { code: 'FB_SIGNATURE' });
  });
});
