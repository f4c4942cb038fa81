import { intlLocale } from './languages.ts';

let known: ReadonlySet<string> | undefined;

/** ISO 4217 codes `Intl` knows; `Intl.NumberFormat` itself accepts any three letters. */
export function isKnownCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[A-Z]{3}$/.test(code) && known.has(code);
}

/**
 * `amount_1000` as an exact decimal string (`230990` → `"230.990"`, `-5` → `"-0.005"`), using
 * integer arithmetic only so large amounts do not drift through binary floating point.
 */
export function thousandthsToDecimal(amount1000: bigint): string {
  const negative = amount1000 < 0n;
  const abs = negative ? -amount1000 : amount1000;
  const whole = abs / 1000n;
  const fraction = (abs % 1000n).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Formats a Cloud API currency parameter for a language, or returns undefined when WhatsApp
 * would fall back to `fallback_value` (unknown ISO code, non-integer or unsafe `amount_1000`).
 * The exact decimal string goes to `Intl`, which rounds half away from zero to the currency's
 * own digits (JPY 0, USD 2, KWD 3); zero and negative amounts are legal, and a negative amount
 * that rounds to zero is shown without a minus sign.
 */
export function formatCurrency(language: string, code: string, amount1000: unknown): string | undefined {
  if (!isKnownCurrency(code)) return undefined;
  let exact: bigint;
  if (typeof amount1000 === 'bigint') exact = amount1000;
  else if (typeof amount1000 === 'number' && Number.isSafeInteger(amount1000)) exact = BigInt(amount1000);
  else return undefined;
  const format = new Intl.NumberFormat(intlLocale(language), {
    style: 'currency',
    currency: code,
    signDisplay: 'negative',
  });
  return format.format(thousandthsToDecimal(exact) as `${number}`);
}

/** The number of minor digits `Intl` shows for a currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(code: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
  );
}
