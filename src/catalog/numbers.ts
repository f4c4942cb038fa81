import type { BusinessNumber, Catalog } from './schema.ts';

/**
 * The business's WhatsApp numbers (the catalog's `numbers`, docs/operations.md "Several numbers"). A
 * customer belongs to no number: whoever writes to a number is answered from it, with its Flow and
 * language, and books among its locations; their booking keeps the number, so its confirmation and
 * reminders come from the number the customer knows.
 */

/** The catalog's entry for a number, if it has one. */
export function numberEntry(catalog: Catalog, phoneNumberId: string | undefined): BusinessNumber | undefined {
  if (phoneNumberId === undefined) return undefined;
  return catalog.numbers.find((n) => n.phoneNumberId === phoneNumberId);
}

/**
 * The ids a webhook may name as the business's (PHONE_NUMBER_ID and the catalog's numbers). Empty
 * when neither says (the sandbox without ids): then every number is the business's.
 */
export function businessNumbers(catalog: Catalog, configured: string | undefined): ReadonlySet<string> {
  const ids = new Set(catalog.numbers.map((n) => n.phoneNumberId));
  if (configured !== undefined) ids.add(configured);
  return ids;
}

/** The Flow a number's customers are sent: its own, else FLOW_ID. */
export function flowIdFor(catalog: Catalog, phoneNumberId: string | undefined, fallback: string | undefined) {
  return numberEntry(catalog, phoneNumberId)?.flowId ?? fallback;
}

/** The language of a number's new customers whose own says nothing: its own, else the business's. */
export function defaultLanguageFor(catalog: Catalog, phoneNumberId: string | undefined): string {
  return numberEntry(catalog, phoneNumberId)?.defaultLanguage ?? catalog.business.defaultLanguage;
}

/** Messages per second from a number: its own limit, else the business-wide one. */
export function sendRateFor(catalog: Catalog, phoneNumberId: string, fallback: number): number {
  return numberEntry(catalog, phoneNumberId)?.sendRatePerSecond ?? fallback;
}

const views = new WeakMap<Catalog, Map<string, Catalog>>();

/**
 * The catalog as a number's customers see it: only its locations, its default language. The same
 * object for the same catalog and number (availability and the booking model remember by identity);
 * the catalog itself when the number restricts nothing.
 */
export function catalogForNumber(catalog: Catalog, phoneNumberId: string | undefined): Catalog {
  const entry = numberEntry(catalog, phoneNumberId);
  if (!entry || (!entry.locations && !entry.defaultLanguage)) return catalog;
  let byNumber = views.get(catalog);
  if (!byNumber) {
    byNumber = new Map();
    views.set(catalog, byNumber);
  }
  let view = byNumber.get(entry.phoneNumberId);
  if (!view) {
    const offered = entry.locations ? new Set(entry.locations) : undefined;
    view = Object.freeze({
      ...catalog,
      business: { ...catalog.business, defaultLanguage: defaultLanguageFor(catalog, entry.phoneNumberId) },
      locations: offered ? catalog.locations.filter((l) => offered.has(l.id)) : catalog.locations,
    });
    byNumber.set(entry.phoneNumberId, view);
  }
  return view;
}
