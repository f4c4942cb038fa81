import { constants, createCipheriv, createDecipheriv, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { DecryptionError } from '../errors.ts';
import { metaJson } from '../http/signature.ts';
import { createRsaPool, type RsaPool } from './rsa-pool.ts';

/** The envelope WhatsApp posts to the Flow endpoint (docs/protocol.md §2.1). */
export interface FlowEnvelope {
  readonly encrypted_flow_data: string;
  readonly encrypted_aes_key: string;
  readonly initial_vector: string;
}

/** A decrypted request with what is needed to encrypt its answer. */
export interface DecryptedFlowRequest {
  readonly payload: unknown;
  readonly aesKey: Buffer;
  readonly iv: Buffer;
}

/**
 * The private key, parsed once at start-up and held by a pool of RSA threads (one per core), so
 * concurrent requests use every core for the RSA unwrap while the event loop stays free.
 */
export type FlowPrivateKey = RsaPool;

const AES_KEY_BYTES = 16;
const IV_BYTES = 16; // Meta uses a 16-byte GCM nonce, not the usual 12 (docs/protocol.md §2.1)
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Starts the RSA threads for the parsed private key. Call once at start-up; `close()` stops them. */
export function openFlowPrivateKey(privateKey: KeyObject, threads?: number): FlowPrivateKey {
  return createRsaPool(privateKey, threads);
}

/**
 * Decrypts a Flow request: RSA-OAEP unwraps the AES-128 key, AES-128-GCM (tag appended) opens the
 * JSON payload. Any failure — bad base64, wrong key, wrong tag, not JSON — is a {@link DecryptionError},
 * which the endpoint answers with 421 so the client re-fetches the public key.
 */
export async function decryptFlowRequest(envelope: FlowEnvelope, key: FlowPrivateKey): Promise<DecryptedFlowRequest> {
  const wrappedKey = decodeBase64(envelope.encrypted_aes_key, 'encrypted_aes_key');
  const iv = decodeBase64(envelope.initial_vector, 'initial_vector');
  const data = decodeBase64(envelope.encrypted_flow_data, 'encrypted_flow_data');
  if (iv.length !== IV_BYTES) throw new DecryptionError(`initial_vector must be ${IV_BYTES} bytes`);
  if (data.length < TAG_BYTES) throw new DecryptionError('encrypted_flow_data is shorter than the GCM tag');

  const aesKey = await key.unwrap(wrappedKey);
  if (aesKey === null) throw new DecryptionError('the AES key does not unwrap with this private key');
  if (aesKey.length !== AES_KEY_BYTES) throw new DecryptionError('the AES key is not 128 bits');

  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new DecryptionError('the GCM tag does not verify', error);
  }
  try {
    return { payload: JSON.parse(plaintext.toString('utf8')), aesKey, iv };
  } catch (error) {
    throw new DecryptionError('the decrypted payload is not JSON', error);
  }
}

/**
 * Encrypts a response: AES-128-GCM with the request's key and the request's IV with every bit
 * inverted (docs/protocol.md §2.1), tag appended, base64. The endpoint sends it as a text/plain body.
 */
export function encryptFlowResponse(response: unknown, aesKey: Buffer, iv: Buffer): string {
  const cipher = createCipheriv('aes-128-gcm', aesKey, invert(iv));
  const body = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return body.toString('base64');
}

/**
 * The WhatsApp client's half: encrypts a request for the business's public key. Used by the
 * sandbox's client simulator, the benchmarks and the tests; `aesKey`/`iv` may be fixed for
 * known-answer tests.
 */
export function encryptFlowRequest(
  payload: unknown,
  publicKey: KeyObject | string,
  aesKey: Buffer = randomBytes(AES_KEY_BYTES),
  iv: Buffer = randomBytes(IV_BYTES),
): { envelope: FlowEnvelope; aesKey: Buffer; iv: Buffer } {
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrapped = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    aesKey,
  );
  return {
    envelope: {
      encrypted_flow_data: data.toString('base64'),
      encrypted_aes_key: wrapped.toString('base64'),
      initial_vector: iv.toString('base64'),
    },
    aesKey,
    iv,
  };
}

/**
 * The WhatsApp client's half: the envelope's bytes as Meta might write them — spaced, `/` escaped
 * and in another key order than ours. The signature covers these exact bytes (docs/protocol.md §2.1), so an
 * endpoint that re-serialises the body before verifying fails on what the sandbox, benches and tests send.
 */
export function envelopeBody(envelope: FlowEnvelope): string {
  const { initial_vector, encrypted_flow_data, encrypted_aes_key } = envelope;
  return metaJson({ initial_vector, encrypted_aes_key, encrypted_flow_data }, { spaced: true });
}

/** The WhatsApp client's half: opens an encrypted response body. Throws when the tag does not verify. */
export function decryptFlowResponse(body: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(body, 'base64');
  const decipher = createDecipheriv('aes-128-gcm', aesKey, invert(iv));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  return JSON.parse(plaintext.toString('utf8'));
}

function invert(iv: Buffer): Buffer {
  const flipped = Buffer.allocUnsafe(iv.length);
  for (let i = 0; i < iv.length; i++) flipped[i] = ~iv[i]! & 0xff;
  return flipped;
}

function decodeBase64(value: string, field: string): Buffer {
  // Buffer.from silently skips invalid characters; a corrupted field must fail as 421, not decrypt garbage.
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new DecryptionError(`${field} is not base64`);
  }
  return Buffer.from(compact, 'base64');
}
