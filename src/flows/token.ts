import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { FlowTokenError } from '../errors.ts';

/** What a flow token carries. The token is sealed, so the client can read none of it. */
export interface FlowSession {
  /** 128 random bits, base64url: the session's identity (used-up tokens are recorded by it). */
  readonly id: string;
  /** The customer id the token was minted for: a phone number or a BSUID (docs/protocol.md §11.1). */
  readonly customer: string;
  /** The customer's language code (`en_US`, `ar`, …): the Flow speaks it. */
  readonly language: string;
  /** Expiry, ms since the epoch. */
  readonly expiresAt: number;
  /** Set when the Flow reschedules an existing booking instead of creating one. */
  readonly rescheduleOf?: string;
  /**
   * The business number the Flow was sent from (its `phone_number_id`), when known: the Flow offers
   * that number's locations, and the booking keeps it (src/catalog/numbers.ts).
   */
  readonly number?: string;
}

export interface FlowTokenCodec {
  mint(
    input: Omit<FlowSession, 'id' | 'expiresAt'>,
    now: number,
    ttlMs?: number,
  ): { token: string; session: FlowSession };
  open(token: unknown, now: number): FlowSession;
}

const PREFIX = 'fb1.';
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_TOKEN_LENGTH = 1024;

/**
 * Flow tokens sealed with AES-256-GCM under a key derived from the Flow private key: authenticity
 * and expiry are checked without a database round trip (docs/protocol.md §2.5), every instance that holds the
 * private key accepts every other instance's tokens, and rotating the key retires old tokens.
 */
export function createFlowTokenCodec(privateKey: KeyObject): FlowTokenCodec {
  const secret = privateKey.export({ format: 'der', type: 'pkcs8' });
  const key = Buffer.from(hkdfSync('sha256', secret, 'flowbook', 'flow-token v1', 32));

  return {
    mint(input, now, ttlMs = DEFAULT_TTL_MS) {
      const session: FlowSession = {
        ...input,
        id: randomBytes(16).toString('base64url'),
        expiresAt: now + ttlMs,
      };
      const plain = JSON.stringify([
        session.id,
        session.customer,
        session.language,
        session.expiresAt,
        session.rescheduleOf ?? null,
        session.number ?? null,
      ]);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return { token: PREFIX + sealed.toString('base64url'), session };
    },

    open(token, now) {
      if (typeof token !== 'string' || !token.startsWith(PREFIX) || token.length > MAX_TOKEN_LENGTH) {
        throw new FlowTokenError('malformed');
      }
      const sealed = Buffer.from(token.slice(PREFIX.length), 'base64url');
      if (sealed.length < 12 + 16 + 2) throw new FlowTokenError('malformed');
      let fields: unknown;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(sealed.length - 16));
        const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
        fields = JSON.parse(plain.toString('utf8'));
      } catch (error) {
        throw new FlowTokenError('forged', error);
      }
      const session = toSession(fields);
      if (!session) throw new FlowTokenError('forged');
      if (session.expiresAt <= now) throw new FlowTokenError('expired');
      return session;
    },
  };
}

/** Five fields before tokens named their number (still open while they last, a day); six since. */
function toSession(fields: unknown): FlowSession | undefined {
  if (!Array.isArray(fields) || (fields.length !== 5 && fields.length !== 6)) return undefined;
  const [id, customer, language, expiresAt, rescheduleOf, number] = fields as unknown[];
  if (
    typeof id !== 'string' ||
    typeof customer !== 'string' ||
    typeof language !== 'string' ||
    typeof expiresAt !== 'number'
  ) {
    return undefined;
  }
  return {
    id,
    customer,
    language,
    expiresAt,
    ...(typeof rescheduleOf === 'string' ? { rescheduleOf } : {}),
    ...(typeof number === 'string' ? { number } : {}),
  };
}
