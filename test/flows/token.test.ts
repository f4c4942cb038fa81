import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parsePrivateKey } from '../../src/config.ts';
import { FlowTokenError } from '../../src/errors.ts';
import { createFlowTokenCodec } from '../../src/flows/token.ts';
import { KEYS } from './helpers.ts';

const codec = createFlowTokenCodec(parsePrivateKey(readFileSync(path.join(KEYS, 'pkcs8.pem'), 'utf8'), undefined));
const other = createFlowTokenCodec(parsePrivateKey(readFileSync(path.join(KEYS, 'other.pem'), 'utf8'), undefined));
const NOW = Date.parse('2026-11-23T08:00:00Z');
const reason = (r: string) => (error: unknown) =>
  error instanceof FlowTokenError && error.status === 427 && error.details?.reason === r;

describe('flow tokens', () => {
  it('carries the customer, language and expiry, sealed', () => {
    const { token, session } = codec.mint({ customer: '447700900123', language: 'ar' }, NOW);
    assert.ok(!token.includes('447700900123'));
    assert.equal(Buffer.from(session.id, 'base64url').length, 16);
    assert.deepEqual(codec.open(token, NOW + 1000), session);
  });

  it('gives each mint a fresh id', () => {
    const ids = new Set(
      Array.from({ length: 100 }, () => codec.mint({ customer: '1', language: 'en' }, NOW).session.id),
    );
    assert.equal(ids.size, 100);
  });

  it('refuses forged, foreign, expired and malformed tokens', () => {
    const { token } = codec.mint({ customer: '447700900123', language: 'en_US' }, NOW, 60_000);
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    assert.throws(() => codec.open(flipped, NOW), reason('forged'));
    assert.throws(() => other.open(token, NOW), reason('forged'));
    assert.throws(() => codec.open(token, NOW + 60_000), reason('expired'));
    assert.throws(() => codec.open('unused', NOW), reason('malformed'));
    assert.throws(() => codec.open(undefined, NOW), reason('malformed'));
    assert.throws(() => codec.open(`fb1.${'A'.repeat(2000)}`, NOW), reason('malformed'));
  });
});
