import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino removes from every log line. Secrets, keys, tokens, phone numbers and BSUIDs never reach
 * the logs; code that needs to correlate a customer logs {@link customerTag} instead.
 */
const REDACT_PATHS = [
  'phone',
  'to',
  'from',
  'wa_id',
  'user_id',
  'recipient',
  'username',
  'flow_token',
  'flowToken',
  'token',
  'email',
  'name',
  '*.phone',
  '*.to',
  '*.from',
  '*.wa_id',
  '*.user_id',
  '*.recipient',
  '*.username',
  '*.flow_token',
  '*.flowToken',
  '*.token',
  '*.email',
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'req.headers.cookie',
];

/** Creates the process logger. `destination` lets tests capture the lines. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'flowbook' },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/**
 * The key of {@link customerTag}. Until the composition root sets one (src/app.ts), a random key per
 * process: tags are never computed without a key.
 */
let tagKey: Buffer | undefined;

/** Where a sandbox without APP_SECRET or LOG_TAG_KEY keeps its random tag seed, so tags survive restarts. */
const TAG_SEED_FILE = path.join('keys', 'log-tag.key');

/**
 * The tag key for this process: HKDF-SHA256 of `secret` (LOG_TAG_KEY or APP_SECRET), or, without one, of a
 * random seed kept in `dataDir` (created on first use, readable by its owner only).
 */
export function deriveCustomerTagKey(secret: string | undefined, dataDir: string): Buffer {
  let material: Buffer;
  if (secret !== undefined) material = Buffer.from(secret, 'utf8');
  else {
    const file = path.join(dataDir, TAG_SEED_FILE);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    material = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
  return Buffer.from(hkdfSync('sha256', material, 'flowbook', 'customer-tag-v1', 32));
}

/** Sets the key every later {@link customerTag} uses (the composition root, once). */
export function useCustomerTagKey(key: Buffer): void {
  tagKey = key;
}

/**
 * A short, stable tag for a customer id (phone number or BSUID), so log lines about one customer can be
 * correlated without the id itself. Keyed (HMAC-SHA256): phone numbers are few enough that an unkeyed hash
 * is reversed by trying them all (issue #21 measured 1.3 s for a UK number); without the key, the tag
 * says nothing.
 */
export function customerTag(id: string): string {
  tagKey ??= randomBytes(32);
  return `c_${createHmac('sha256', tagKey).update(id).digest('base64url').slice(0, 10)}`;
}
