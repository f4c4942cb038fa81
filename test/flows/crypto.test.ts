import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parsePrivateKey } from '../../src/config.ts';
import {
  decryptFlowRequest,
  decryptFlowResponse,
  encryptFlowRequest,
  encryptFlowResponse,
  openFlowPrivateKey,
} from '../../src/flows/crypto.ts';
import { DecryptionError } from '../../src/errors.ts';
import { KEYS } from './helpers.ts';

const pem = (name: string) => readFileSync(path.join(KEYS, name), 'utf8');
const vector = JSON.parse(pem('vector.json')) as {
  aes_key_hex: string;
  iv_hex: string;
  request_plaintext: string;
  response_plaintext: string;
  envelope: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  response_base64: string;
};
const key = openFlowPrivateKey(parsePrivateKey(pem('pkcs8.pem'), undefined));
after(() => key.close());

describe('Flow crypto, known answers made with pyca/cryptography', () => {
  it('unwraps the AES key and opens the request', async () => {
    const { payload, aesKey, iv } = await decryptFlowRequest(vector.envelope, key);
    assert.equal(aesKey.toString('hex'), vector.aes_key_hex);
    assert.equal(iv.toString('hex'), vector.iv_hex);
    assert.deepEqual(payload, JSON.parse(vector.request_plaintext));
  });

  it('encrypts the response under the inverted IV to the exact ciphertext', () => {
    const body = encryptFlowResponse(
      JSON.parse(vector.response_plaintext),
      Buffer.from(vector.aes_key_hex, 'hex'),
      Buffer.from(vector.iv_hex, 'hex'),
    );
    assert.equal(body, vector.response_base64);
  });

  it('round-trips through the client half', async () => {
    const publicKey = pem('public.pem');
    const { envelope, aesKey, iv } = encryptFlowRequest({ action: 'ping', text: 'موعد' }, publicKey);
    const opened = await decryptFlowRequest(envelope, key);
    assert.deepEqual(opened.payload, { action: 'ping', text: 'موعد' });
    assert.deepEqual(decryptFlowResponse(encryptFlowResponse({ ok: 1 }, opened.aesKey, opened.iv), aesKey, iv), {
      ok: 1,
    });
  });
});

describe('Flow crypto, failures are 421 DecryptionErrors', () => {
  const cases: Array<[string, () => Record<string, string>]> = [
    [
      'a key wrapped for another public key',
      () => {
        const other = parsePrivateKey(pem('other.pem'), undefined);
        return { ...encryptFlowRequest({ a: 1 }, other).envelope } as Record<string, string>;
      },
    ],
    [
      'a flipped ciphertext byte (GCM tag)',
      () => {
        const data = Buffer.from(vector.envelope.encrypted_flow_data, 'base64');
        data[0] = data[0]! ^ 1;
        return { ...vector.envelope, encrypted_flow_data: data.toString('base64') };
      },
    ],
    ['an IV that is not 16 bytes', () => ({ ...vector.envelope, initial_vector: Buffer.alloc(12).toString('base64') })],
    ['a field that is not base64', () => ({ ...vector.envelope, encrypted_aes_key: '***not base64***' })],
    ['data shorter than the tag', () => ({ ...vector.envelope, encrypted_flow_data: 'AAAA' })],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const envelope = make() as unknown as typeof vector.envelope;
      await assert.rejects(
        decryptFlowRequest(envelope, key),
        (error: unknown) => error instanceof DecryptionError && error.status === 421,
      );
    });
  }
});

describe('private key formats (docs/protocol.md §2.6)', () => {
  const decrypts = async (k: ReturnType<typeof parsePrivateKey>) => {
    const opened = openFlowPrivateKey(k, 1);
    try {
      const { payload } = await decryptFlowRequest(vector.envelope, opened);
      assert.deepEqual(payload, JSON.parse(vector.request_plaintext));
    } finally {
      await opened.close();
    }
  };
  it("accepts PKCS#1 plain and encrypted (des-ede3-cbc, as Meta's sample writes)", async () => {
    await decrypts(parsePrivateKey(pem('pkcs1.pem'), undefined));
    await decrypts(parsePrivateKey(pem('pkcs1-encrypted.pem'), 'flowbook-test'));
  });
  it('accepts PKCS#8 plain and encrypted (PBES2)', async () => {
    await decrypts(parsePrivateKey(pem('pkcs8.pem'), undefined));
    await decrypts(parsePrivateKey(pem('pkcs8-encrypted.pem'), 'flowbook-test'));
  });
  it('refuses a wrong passphrase and a missing one', () => {
    assert.throws(() => parsePrivateKey(pem('pkcs8-encrypted.pem'), 'wrong'));
    assert.throws(() => parsePrivateKey(pem('pkcs1-encrypted.pem'), undefined));
  });
});
