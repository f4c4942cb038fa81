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
  return formatMoney(language, code, thousandthsToDecimal(exact) as `${number}`);
}

/**
 * An amount in its currency as the language writes it. Persian puts the amount first ("۱۲۵٬۰۰۰٬۰۰۰ ریال"),
 * where ICU's pattern leads with the symbol and a direction mark: the amount keeps ICU's digits and
 * signs (a minus keeps its left-to-right mark, so it stays at the number's left in right-to-left text),
 * then a no-break space and the symbol, so a line never breaks between them.
 */
export function formatMoney(language: string, code: string, amount: number | `${number}`): string {
  const format = new Intl.NumberFormat(intlLocale(language), {
    style: 'currency',
    currency: code,
    signDisplay: 'negative',
  });
  if (language.split('_')[0] !== 'fa') return format.format(amount);
  const parts = format.formatToParts(amount);
  const symbol = parts.find((p) => p.type === 'currency')?.value ?? code;
  const number = parts
    .filter((p) => p.type !== 'currency' && p.type !== 'literal')
    .map((p) => (p.type === 'minusSign' ? `\u200e${p.value}` : p.value))
    .join('');
  return `${number}\u00a0${symbol}`;
}

/** The number of minor digits `Intl` shows for a currency (JPY 0, USD 2, KWD 3). */
export function currencyDigits(code: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
  );
}
