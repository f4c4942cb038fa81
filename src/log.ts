import { createHash } from 'node:crypto';
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
 * A short, stable, non-reversible tag for a phone number, so log lines about one customer can be
 * correlated without the number itself.
 */
export function customerTag(phone: string): string {
  return `c_${createHash('sha256').update(`flowbook:${phone}`).digest('base64url').slice(0, 10)}`;
}
