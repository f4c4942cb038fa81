import { createHash, timingSafeEqual } from 'node:crypto';

export type VerifyResult = { readonly ok: true; readonly challenge: string } | { readonly ok: false };

const MAX_CHALLENGE = 256;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Meta's subscription handshake (docs/protocol.md §6): `hub.mode=subscribe`, a `hub.verify_token` equal to
 * VERIFY_TOKEN (compared in constant time, over digests so lengths do not leak) and a challenge to
 * echo. No configured token means nothing verifies.
 */
export function verifySubscription(query: unknown, verifyToken: string | undefined): VerifyResult {
  if (verifyToken === undefined || query === null || typeof query !== 'object') return { ok: false };
  const q = query as Record<string, unknown>;
  const mode = q['hub.mode'];
  const token = q['hub.verify_token'];
  const challenge = q['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return { ok: false };
  if (challenge === '' || challenge.length > MAX_CHALLENGE) return { ok: false };
  if (!timingSafeEqual(digest(token), digest(verifyToken))) return { ok: false };
  return { ok: true, challenge };
}
