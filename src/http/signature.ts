import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'mismatch';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * `sha256=<hex>`: the `X-Hub-Signature-256` value Meta sends for `body` under `secret` (docs/protocol.md §2.1, §6).
 */
export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Verifies `X-Hub-Signature-256` over the exact bytes received, in constant time, against each
 * accepted secret (current first, then the previous one during a rotation). A missing or malformed
 * header is reported, never thrown.
 */
export function checkSignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secrets: readonly string[],
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = HEADER.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!match) return 'malformed';
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // No early exit: every secret is checked, so timing does not tell which one matched.
    ok = timingSafeEqual(expected, given) || ok;
  }
  return ok ? 'ok' : 'mismatch';
}

/**
 * Serialises JSON the way Meta signs its payloads: every non-ASCII character escaped as `\uXXXX`
 * (docs/protocol.md §6) and `/` as `\/` (as PHP-family encoders write it); `spaced` puts a space after each `:`
 * and `,`. That these bytes differ from `JSON.stringify` is the point: a receiver that re-serialises
 * before verifying fails on them. Used by the sandbox's client simulator, the benchmarks and the tests.
 */
export function metaJson(value: unknown, options: { spaced?: boolean } = {}): string {
  // Newlines and indentation occur only between tokens (inside strings they are escaped), so
  // collapsing them leaves `{"a": 1, "b": [2]}`.
  const json = options.spaced
    ? JSON.stringify(value, null, 1)
        .replace(/([[{])\n */g, '$1')
        .replace(/\n *([\]}])/g, '$1')
        .replace(/\n */g, ' ')
    : JSON.stringify(value);
  return json.replace(/[\u007f-\uffff/]/g, (c) =>
    c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
