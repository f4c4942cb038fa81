import type { CustomerDetails } from '../ports.ts';
import type { FlowStrings } from '../strings.ts';

export type DetailsResult = { ok: true; value: CustomerDetails } | { ok: false; error: string };

// Pragmatic address check: one @, a dot in the domain, no spaces; RFC 5321 length cap.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const NOTES_MAX = 600; // the TextArea's max-length (docs/protocol.md §4)

/**
 * Validates the DETAILS form (name, email, phone, optional notes) and normalises it. The first
 * problem found is returned as the customer's snackbar text.
 */
export function readDetails(data: Readonly<Record<string, unknown>>, t: FlowStrings): DetailsResult {
  const name = text(data.name).replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 80 || !/\p{L}/u.test(name)) return { ok: false, error: t.errorName };
  const email = text(data.email).toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return { ok: false, error: t.errorEmail };
  const phone = normalisePhone(text(data.phone));
  if (!phone) return { ok: false, error: t.errorPhone };
  const notes = text(data.more_details).slice(0, NOTES_MAX);
  return { ok: true, value: { name, email, phone, notes } };
}

/**
 * Keeps a leading `+` and the digits; accepts the usual separators. E.164 allows at most 15 digits;
 * fewer than 7 is no reachable number.
 */
function normalisePhone(raw: string): string | undefined {
  if (!/^\+?[\d\s().-]+$/.test(raw)) return undefined;
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  return raw.trim().startsWith('+') ? `+${digits}` : digits;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
