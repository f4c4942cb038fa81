import { MessageLimitError } from './errors.ts';
import { addressOf, CUSTOMER_ID_RULE } from './recipient.ts';

/** WhatsApp's limits for outgoing messages (docs/protocol.md §7), in characters (Unicode code points). */
export const MESSAGE_LIMITS = Object.freeze({
  textBody: 4096,
  interactiveBody: 1024,
  header: 60,
  footer: 60,
  flowCta: 30,
  listButton: 20,
  listSections: 10,
  listRows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  replyButtons: 3,
  buttonTitle: 20,
  buttonId: 256,
  templateButtons: 10,
});

/** Length as a reader counts it: an emoji or an Arabic letter is one character, not two UTF-16 units. */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Throws unless `value` is a non-blank string of at most `max` characters. */
export function requireText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MessageLimitError(field, 'must be a non-empty string');
  }
  const length = charLength(value);
  if (length > max) {
    throw new MessageLimitError(field, `must be at most ${max} characters`, { limit: max, length });
  }
  return value;
}

/** Like {@link requireText} but `undefined` passes through. */
export function optionalText(field: string, value: unknown, max: number): string | undefined {
  return value === undefined ? undefined : requireText(field, value, max);
}

/** Throws unless the array has between `min` and `max` entries. */
export function requireCount(field: string, items: readonly unknown[] | undefined, min: number, max: number): void {
  const count = Array.isArray(items) ? items.length : 0;
  if (count < min || count > max) {
    throw new MessageLimitError(field, `must have ${min}–${max} entries`, { min, max, count });
  }
}

/** Throws when two entries share `key`: Meta rejects duplicate row ids and button ids/titles. */
export function requireUnique(field: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new MessageLimitError(field, 'must be unique', { duplicate: value });
    seen.add(value);
  }
}

// Extended_Pictographic covers emoji; variation selector 16 and keycap combiners turn plain
// characters into emoji, so they count too (docs/protocol.md §7: flow_cta has no emoji).
// biome-ignore lint/suspicious/noMisleadingCharacterClass: FE0F and 20E3 count as emoji parts alone.
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{20E3}\u{1F1E6}-\u{1F1FF}]/u;

/** Throws when `value` contains an emoji. */
export function requireNoEmoji(field: string, value: string): void {
  if (EMOJI.test(value)) throw new MessageLimitError(field, 'must not contain emoji');
}

/**
 * The address fields for a customer id: a WhatsApp number in international format (digits, a leading +
 * allowed) goes in `to`, a BSUID in `recipient` (docs/protocol.md §11.1).
 */
export function requireRecipient(to: unknown): { readonly to: string } | { readonly recipient: string } {
  const address = typeof to === 'string' ? addressOf(to) : undefined;
  // The value itself is a phone number or a BSUID: never put it in the error.
  if (!address) throw new MessageLimitError('to', CUSTOMER_ID_RULE);
  return address;
}

/** Throws unless `value` is a non-empty string (ids, tokens). */
export function requireId(field: string, value: unknown, max = 4096): string {
  return requireText(field, value, max);
}
