/**
 * Who a message goes to (docs/protocol.md §11.1). A WhatsApp user is reached by their phone number
 * (`wa_id`), by their business-scoped user id (BSUID), or both: a customer id is either kind, and its
 * shape says which, because a phone number is digits only and a BSUID starts with a country code and
 * a period.
 */

/**
 * A BSUID: two-letter country code, a period, `ENT.` for a parent BSUID, then 1–128 letters and digits
 * (`US.13491208655302741918`, `US.ENT.11815799212886844830`).
 */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
/** A WhatsApp number as the webhook writes it (`wa_id`): digits, international format, no `+`. */
const WA_NUMBER = /^[0-9]{5,20}$/;

/** True for a business-scoped user id or a parent BSUID. */
export function isBsuid(value: unknown): value is string {
  return typeof value === 'string' && BSUID.test(value);
}

/** True for a parent BSUID (the `ENT` form shared by a managed business's portfolios). */
export function isParentBsuid(value: unknown): value is string {
  return isBsuid(value) && value.slice(3, 7) === 'ENT.';
}

/** True for a WhatsApp number in the webhook's form (digits only). */
export function isWhatsAppNumber(value: unknown): value is string {
  return typeof value === 'string' && WA_NUMBER.test(value);
}

/** What a customer id is, or undefined when it is neither form. The value itself is never put in an error. */
export function customerIdKind(value: unknown): 'phone' | 'bsuid' | undefined {
  if (isWhatsAppNumber(value)) return 'phone';
  return isBsuid(value) ? 'bsuid' : undefined;
}

/** Said to a caller who sent something that is neither a WhatsApp number nor a BSUID. */
export const CUSTOMER_ID_RULE =
  'expected a WhatsApp number (digits, optional leading +) or a BSUID (two-letter country code, a period, ' +
  'optional ENT., then up to 128 letters and digits)';

/**
 * The send API's address fields for a customer id: `to` for a phone number, `recipient` for a BSUID
 * (docs/protocol.md §11.1). Undefined when the id is neither.
 */
export function addressOf(id: string): { readonly to: string } | { readonly recipient: string } | undefined {
  if (isWhatsAppNumber(id.replace(/^\+/, ''))) return { to: id };
  return isBsuid(id) ? { recipient: id } : undefined;
}
