import { isSupportedLanguage } from './languages.ts';

/**
 * Default language per country calling code (ITU E.164 prefixes, longest match wins). A guess for
 * customers who never told us: the main language of the country, as a Meta template code. Where
 * Meta's list has the country's own variant of that language it is used (+20 ar_EG, +43 de_AT,
 * +61 en_AU, +93 prs_AF for Dari); chooseLanguage falls back to the plain language when a business
 * has no pack for the variant. +1 stays en_US: the US, Canada and the Caribbean share it.
 */
export const CALLING_CODE_LANGUAGES: Readonly<Record<string, string>> = {
  1: 'en_US',
  7: 'ru',
  20: 'ar_EG',
  27: 'en_ZA',
  30: 'el',
  31: 'nl',
  32: 'nl_BE',
  33: 'fr',
  34: 'es',
  36: 'hu',
  39: 'it',
  40: 'ro',
  41: 'de_CH',
  43: 'de_AT',
  44: 'en_GB',
  45: 'da',
  46: 'sv',
  47: 'nb',
  48: 'pl',
  49: 'de',
  51: 'es_PE',
  52: 'es_MX',
  53: 'es',
  54: 'es_AR',
  55: 'pt_BR',
  56: 'es_CL',
  57: 'es_CO',
  58: 'es_VE',
  60: 'ms',
  61: 'en_AU',
  62: 'id',
  63: 'fil',
  64: 'en_NZ',
  65: 'en_SG',
  66: 'th',
  81: 'ja',
  82: 'ko',
  84: 'vi',
  86: 'zh_CN',
  90: 'tr',
  91: 'hi',
  92: 'ur',
  93: 'prs_AF',
  98: 'fa',
  212: 'ar_MA',
  213: 'ar',
  216: 'ar',
  218: 'ar',
  225: 'fr_CI',
  233: 'en_GH',
  234: 'en_GB',
  249: 'ar',
  250: 'rw_RW',
  254: 'sw',
  255: 'sw',
  256: 'en_UG',
  351: 'pt_PT',
  352: 'fr',
  353: 'en_IE',
  355: 'sq',
  358: 'fi',
  359: 'bg',
  370: 'lt',
  371: 'lv',
  372: 'et',
  380: 'uk',
  381: 'sr',
  385: 'hr',
  386: 'sl',
  389: 'mk',
  420: 'cs',
  421: 'sk',
  502: 'es',
  503: 'es',
  504: 'es',
  505: 'es',
  506: 'es',
  507: 'es',
  591: 'es',
  593: 'es',
  595: 'es',
  598: 'es',
  852: 'zh_HK',
  853: 'zh_HK',
  856: 'lo',
  880: 'bn',
  886: 'zh_TW',
  961: 'ar_LB',
  962: 'ar',
  963: 'ar',
  964: 'ar',
  965: 'ar',
  966: 'ar',
  967: 'ar',
  968: 'ar',
  970: 'ar',
  971: 'ar_AE',
  972: 'he',
  973: 'ar',
  974: 'ar_QA',
  994: 'az',
  995: 'ka',
  996: 'ky_KG',
  998: 'uz',
};

/** The calling-code language for an E.164 number (`+447700900123`, `447700900123`), if known. */
export function languageForPhone(phone: string): string | undefined {
  const digits = phone.replace(/[\s()+-]/g, '').replace(/^00/, '');
  if (!/^\d{4,15}$/.test(digits)) return undefined;
  for (const length of [3, 2, 1]) {
    const language = CALLING_CODE_LANGUAGES[digits.slice(0, length)];
    if (language) return language;
  }
  return undefined;
}

export interface LanguageChoiceInput {
  /** What the customer chose, e.g. in the Flow or by replying "English". */
  readonly explicit?: string | undefined;
  /** The language of the booking keyword they wrote ("موعد" → `ar`). */
  readonly keyword?: string | undefined;
  /** Their WhatsApp number (E.164); only its calling code is used, never logged. */
  readonly phone?: string | undefined;
  readonly businessDefault: string;
  /** Languages the business has packs for; with the deterministic policy nothing else can be sent. */
  readonly available: readonly string[];
}

export interface LanguageChoice {
  readonly code: string;
  readonly source: 'explicit' | 'keyword' | 'calling_code' | 'default';
  /** The wish this came from, when a sibling was used (`es_MX` wished, `es` chosen). */
  readonly wanted: string;
}

/**
 * Chooses the customer's template language: explicit choice, then the keyword's language, then
 * the calling code's, then the business default. Each wish is met by the exact pack, else a nearer
 * variant (`en_GB` for `en_AU`), else the base language (`es` for `es_MX`), else a sibling (`pt_BR`
 * for `pt_PT`), else the same steps for its macrolanguage (`fa` for Dari, `prs_AF`); a wish no pack
 * can meet passes to the next. When nothing fits, the business default is returned as given.
 */
export function chooseLanguage(input: LanguageChoiceInput): LanguageChoice {
  const wishes: Array<[LanguageChoice['source'], string | undefined]> = [
    ['explicit', input.explicit],
    ['keyword', input.keyword],
    ['calling_code', input.phone ? languageForPhone(input.phone) : undefined],
    ['default', input.businessDefault],
  ];
  for (const [source, wanted] of wishes) {
    if (!wanted) continue;
    const code = bestAvailable(wanted, input.available);
    if (code) return { code, source, wanted };
  }
  return { code: input.businessDefault, source: 'default', wanted: input.businessDefault };
}

/**
 * Languages whose written standard is read by speakers of a wider one: ISO 639-3 counts Dari (prs)
 * as an individual language of the macrolanguage Persian (fa).
 */
const MACROLANGUAGES: Readonly<Record<string, string>> = { prs: 'fa' };

/**
 * A nearer variant, tried before the plain language and its other variants: Commonwealth English
 * spells as British English does (and +61, +64, +353 … chose en_GB before Meta listed en_AU, en_NZ,
 * en_IE …).
 */
const NEAREST_VARIANT: Readonly<Record<string, string>> = Object.fromEntries(
  ['en_AU', 'en_GH', 'en_IE', 'en_IN', 'en_JM', 'en_MY', 'en_NZ', 'en_SG', 'en_UG', 'en_ZA'].map((c) => [c, 'en_GB']),
);

function bestAvailable(wanted: string, available: readonly string[]): string | undefined {
  if (available.includes(wanted)) return wanted;
  const nearest = NEAREST_VARIANT[wanted];
  if (nearest && available.includes(nearest)) return nearest;
  const base = wanted.split('_')[0] ?? wanted;
  const macro = MACROLANGUAGES[base];
  return sameLanguage(base, available) ?? (macro ? sameLanguage(macro, available) : undefined);
}

/** The plain language if there is a pack for it, else a sibling (`pt_BR` for `pt_PT`). */
function sameLanguage(base: string, available: readonly string[]): string | undefined {
  if (available.includes(base)) return base;
  return available.find((code) => code.split('_')[0] === base && isSupportedLanguage(code));
}
