/**
 * The language codes WhatsApp accepts in `template.language.code` (docs/protocol.md §8): 71, case-sensitive,
 * with an underscore before the region. Seed 003's table lists 68 of them (docs/protocol.md §8).
 */
export const SUPPORTED_LANGUAGES = [
  'af',
  'sq',
  'ar',
  'az',
  'bn',
  'bg',
  'ca',
  'zh_CN',
  'zh_HK',
  'zh_TW',
  'hr',
  'cs',
  'da',
  'nl',
  'en',
  'en_GB',
  'en_US',
  'et',
  'fil',
  'fi',
  'fr',
  'ka',
  'de',
  'el',
  'gu',
  'ha',
  'he',
  'hi',
  'hu',
  'id',
  'ga',
  'it',
  'ja',
  'kn',
  'kk',
  'rw_RW',
  'ko',
  'ky_KG',
  'lo',
  'lv',
  'lt',
  'mk',
  'ms',
  'ml',
  'mr',
  'nb',
  'fa',
  'pl',
  'pt_BR',
  'pt_PT',
  'pa',
  'ro',
  'ru',
  'sr',
  'sk',
  'sl',
  'es',
  'es_AR',
  'es_ES',
  'es_MX',
  'sw',
  'sv',
  'ta',
  'te',
  'th',
  'tr',
  'uk',
  'ur',
  'uz',
  'vi',
  'zu',
] as const;

export type LanguageCode = (typeof SUPPORTED_LANGUAGES)[number];

const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGES);

/** True when `code` is exactly one of the 71 codes (case and underscore matter). */
export function isSupportedLanguage(code: string): code is LanguageCode {
  return SUPPORTED.has(code);
}

/** Old or alternative ISO codes people reach for, and the code WhatsApp uses instead. */
const ALIASES: Readonly<Record<string, string>> = {
  iw: 'he',
  in: 'id',
  tl: 'fil',
  no: 'nb',
  nn: 'nb',
  jw: 'id',
  zh: 'zh_CN',
  pt: 'pt_BR',
  rw: 'rw_RW',
  ky: 'ky_KG',
};

const BY_FOLDED = new Map(SUPPORTED_LANGUAGES.map((c) => [fold(c), c]));

function fold(code: string): string {
  return code.trim().replace(/-/g, '_').toLowerCase();
}

/**
 * Explains why `code` is not supported and what to use, or undefined when it is supported or
 * nothing is close. `ar_AR` is seed 003's mislabelled English (US) row, not Arabic (docs/protocol.md §8).
 */
export function languageHint(code: string): string | undefined {
  if (isSupportedLanguage(code)) return undefined;
  if (code === 'ar_AR') {
    return 'the seed labels English (US) ar_AR: a translation slip for en_US (use en_US for English (US), ar for Arabic)';
  }
  const folded = fold(code);
  const exact = BY_FOLDED.get(folded);
  if (exact) return `codes are case-sensitive with an underscore: use ${exact}`;
  const [base = folded] = folded.split('_');
  const alias = ALIASES[folded] ?? ALIASES[base];
  if (alias) return `WhatsApp uses ${alias} for this language`;
  const sameBase = SUPPORTED_LANGUAGES.filter((c) => c.toLowerCase().split('_')[0] === base);
  if (sameBase.length > 0) {
    return `${code} is not one of the 71 supported codes; for this language use ${sameBase.join(' or ')}`;
  }
  return undefined;
}

const RTL: ReadonlySet<string> = new Set(['ar', 'fa', 'he', 'ur']);

/** Writing direction of the language's script: right-to-left for Arabic, Persian, Hebrew and Urdu. */
export function textDirection(code: string): 'rtl' | 'ltr' {
  return RTL.has(code.split('_')[0] ?? code) ? 'rtl' : 'ltr';
}

/**
 * Locale for `Intl` per WhatsApp code. Mostly the code with a hyphen; Arabic asks for Arabic-Indic
 * digits explicitly because ICU's plain `ar` now uses Latin ones, and customers in the Gulf and
 * Egypt read ١٢ rather than 12.
 */
const INTL_LOCALE_OVERRIDES: Readonly<Record<string, string>> = { ar: 'ar-u-nu-arab' };

/** The BCP-47 locale `Intl` should use for a WhatsApp language code (`pt_BR` → `pt-BR`). */
export function intlLocale(code: string): string {
  return INTL_LOCALE_OVERRIDES[code] ?? code.replace(/_/g, '-');
}

/** `intlLocale` for every supported code, as a table. */
export const INTL_LOCALES: Readonly<Record<LanguageCode, string>> = Object.freeze(
  Object.fromEntries(SUPPORTED_LANGUAGES.map((code) => [code, intlLocale(code)])) as Record<LanguageCode, string>,
);
