import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureError } from '../errors.ts';

/** Clock skew tolerated on a JWT's `exp` and `nbf`, in seconds (docs/protocol.md §11.2). */
const LEEWAY_SECONDS = 60;

/** The parts of a compact JWT, still encoded, and its decoded header and claims. */
interface DecodedJwt {
  readonly signingInput: string;
  readonly signature: Buffer;
  readonly claims: Record<string, unknown>;
}

/**
 * Verifies Data API 4.0's `flow_token_signature` (docs/protocol.md §2.3, §11.2): a compact JWT,
 * HS256 with the Meta app secret, whose `flow_token` claim is the request's flow token. Any of
 * `secrets` may have signed it (app secret rotation). `exp` and `nbf`, when present, are honoured
 * with {@link LEEWAY_SECONDS} of skew. Throws a 432 {@link SignatureError}: `malformed` when it is
 * not such a JWT (or names another algorithm, `none` included), `mismatch` when no secret signed it,
 * the claim is absent or another token, or it is outside its validity window.
 */
export function verifyFlowTokenSignature(
  jwt: string,
  flowToken: string,
  secrets: readonly string[],
  nowMs: number,
): void {
  const decoded = decodeJwt(jwt);
  const signed = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(decoded.signingInput).digest();
    return expected.length === decoded.signature.length && timingSafeEqual(expected, decoded.signature);
  });
  if (!signed) throw new SignatureError('mismatch');
  const claims = decoded.claims;
  if (typeof claims.flow_token !== 'string' || !sameText(claims.flow_token, flowToken)) {
    throw new SignatureError('mismatch');
  }
  checkTimes(claims, nowMs / 1000);
}

function decodeJwt(jwt: string): DecodedJwt {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw new SignatureError('malformed');
  const [header, payload, signature] = parts as [string, string, string];
  const headerJson = parseSegment(header);
  // Only the algorithm Meta documents: anything else (alg "none", RS256 with the secret as a key) is refused.
  if (headerJson.alg !== 'HS256') throw new SignatureError('malformed');
  return {
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
    claims: parseSegment(payload),
  };
}

function parseSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new SignatureError('malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SignatureError('malformed');
  return value as Record<string, unknown>;
}

/** RFC 7519 `exp`/`nbf` are NumericDates (seconds); another type makes the token malformed. */
function checkTimes(claims: Record<string, unknown>, nowSeconds: number): void {
  for (const name of ['exp', 'nbf'] as const) {
    const value = claims[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new SignatureError('malformed');
    }
  }
  const { exp, nbf } = claims as { exp?: number; nbf?: number };
  if (exp !== undefined && nowSeconds > exp + LEEWAY_SECONDS) throw new SignatureError('mismatch');
  if (nbf !== undefined && nowSeconds < nbf - LEEWAY_SECONDS) throw new SignatureError('mismatch');
}

/** Constant-time string equality (the token is a secret-bearing value). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
