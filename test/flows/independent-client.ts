import { constants, createCipheriv, createDecipheriv, createHmac, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * A WhatsApp client for the Flow endpoint written from docs/protocol.md §2.1 alone, with node:crypto and
 * nothing from src/: when the app's crypto and its own client half share a mistake (an IV not
 * inverted, the wrong padding), round trips through the app's client still pass; these do not.
 *
 * 1. A fresh 16-byte AES key, wrapped with RSA-OAEP, SHA-256 and MGF1-SHA-256.
 * 2. The payload as UTF-8 JSON under AES-128-GCM with a 16-byte nonce, the 16-byte tag appended.
 * 3. The answer: base64 of AES-128-GCM under the same key, nonce = the request's nonce with every
 *    bit inverted, tag appended.
 */
export interface SealedRequest {
  /** The envelope's bytes, which the signature covers. */
  readonly body: string;
  readonly aesKey: Buffer;
  readonly iv: Buffer;
}

function sealRequest(payload: unknown, publicKeyPem: string): SealedRequest {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const data = Buffer.concat([
    cipher.update(Buffer.from(JSON.stringify(payload), 'utf8')),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const wrapped = publicEncrypt(
    { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    aesKey,
  );
  // Written by hand like a foreign encoder would: spaced, `/` escaped, its own key order.
  const field = (name: string, bytes: Buffer) => `"${name}": "${bytes.toString('base64').replaceAll('/', '\\/')}"`;
  const body = `{${field('encrypted_aes_key', wrapped)}, ${field('initial_vector', iv)}, ${field('encrypted_flow_data', data)}}`;
  return { body, aesKey, iv };
}

/** Opens an answer body; throws when the GCM tag does not verify under the inverted nonce. */
export function openResponse(body: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(body, 'base64');
  const inverted = Buffer.from(iv.map((byte) => byte ^ 0xff));
  const decipher = createDecipheriv('aes-128-gcm', aesKey, inverted);
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return JSON.parse(plaintext.toString('utf8'));
}

/** `X-Hub-Signature-256`: hex HMAC-SHA256 of the raw body under the app secret. */
function hubSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** How the client reaches the endpoint: Fastify's `inject()` or real HTTP, same bytes either way. */
export type Transport = (
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number; contentType: string; text: string }>;

export interface IndependentAnswer {
  readonly status: number;
  readonly contentType: string;
  /** The raw body as received. */
  readonly text: string;
  /** The decrypted answer of a 200 or a 427 (its `{error_msg}`); undefined otherwise. */
  readonly body: any;
}

/** One encrypted, signed request and its decrypted answer. */
export async function callFlow(
  transport: Transport,
  payload: Record<string, unknown>,
  options: { publicKeyPem: string; secret: string },
): Promise<IndependentAnswer & { aesKey: Buffer; iv: Buffer }> {
  const { body, aesKey, iv } = sealRequest(payload, options.publicKeyPem);
  const headers = { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(body, options.secret) };
  const { status, contentType, text } = await transport(body, headers);
  const encrypted = status === 200 || status === 427;
  return { status, contentType, text, body: encrypted ? openResponse(text, aesKey, iv) : undefined, aesKey, iv };
}
