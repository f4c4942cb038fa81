import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALLING_CODE_LANGUAGES,
  chooseLanguage,
  INTL_LOCALES,
  intlLocale,
  isSupportedLanguage,
  languageForPhone,
  languageHint,
  SUPPORTED_LANGUAGES,
  textDirection,
} from '../../src/templates/index.ts';

describe('supported language codes', () => {
  it('are the 71 codes of docs/protocol.md §8, exact and case-sensitive', () => {
    assert.equal(SUPPORTED_LANGUAGES.length, 71);
    assert.equal(new Set(SUPPORTED_LANGUAGES).size, 71);
    for (const code of ['af', 'en', 'en_US', 'fil', 'rw_RW', 'ky_KG', 'zh_HK', 'pt_PT', 'es_MX', 'zu'])
      assert.ok(isSupportedLanguage(code), code);
    for (const code of ['ar_AR', 'en-US', 'en_us', 'EN_US', 'pt', 'zh', 'ar_EG', 'no', 'tl', ''])
      assert.ok(!isSupportedLanguage(code), code);
  });

  it('near misses get a hint', () => {
    assert.match(languageHint('ar_AR') ?? '', /the seed labels English \(US\) ar_AR: a translation slip for en_US/);
    assert.match(languageHint('en-US') ?? '', /use en_US/);
    assert.match(languageHint('en_us') ?? '', /use en_US/);
    assert.match(languageHint('PT-br') ?? '', /use pt_BR/);
    assert.match(languageHint('iw') ?? '', /he/);
    assert.match(languageHint('tl') ?? '', /fil/);
    assert.match(languageHint('pt') ?? '', /pt_BR/);
    assert.match(languageHint('ar_EG') ?? '', /use ar\b/);
    assert.match(languageHint('en_AU') ?? '', /en or en_GB or en_US/);
    assert.equal(languageHint('en_US'), undefined);
    assert.equal(languageHint('xx'), undefined);
  });

  it('direction: right-to-left for ar, fa, he, ur', () => {
    assert.deepEqual(
      SUPPORTED_LANGUAGES.filter((c) => textDirection(c) === 'rtl'),
      ['ar', 'he', 'fa', 'ur'],
    );
  });

  it('Intl locales: BCP-47 with a hyphen; Arabic-Indic digits for Arabic; every one known to Intl', () => {
    assert.equal(intlLocale('pt_BR'), 'pt-BR');
    assert.equal(intlLocale('fil'), 'fil');
    assert.equal(intlLocale('zh_HK'), 'zh-HK');
    assert.equal(INTL_LOCALES.ar, 'ar-u-nu-arab');
    for (const code of SUPPORTED_LANGUAGES) {
      const resolved = new Intl.DateTimeFormat(INTL_LOCALES[code]).resolvedOptions().locale;
      assert.equal(resolved.split('-')[0], code.split('_')[0], `${code} → ${resolved}`);
    }
  });
});

describe('choosing the customer language', () => {
  const available = ['en_US', 'en_GB', 'ar', 'fa', 'es', 'fr', 'pt_BR', 'de', 'tr', 'hi'];

  it('calling codes map to supported codes', () => {
    for (const [prefix, code] of Object.entries(CALLING_CODE_LANGUAGES))
      assert.ok(isSupportedLanguage(code), `${prefix} → ${code}`);
    assert.equal(languageForPhone('+44 7700 900123'), 'en_GB');
    assert.equal(languageForPhone('15551234567'), 'en_US');
    assert.equal(languageForPhone('+966501234567'), 'ar');
    assert.equal(languageForPhone('00989121234567'), 'fa');
    assert.equal(languageForPhone('+351912345678'), 'pt_PT', '351 before 35/3');
    assert.equal(languageForPhone('+525512345678'), 'es_MX');
    assert.equal(languageForPhone('not a phone'), undefined);
  });

  it('explicit choice wins, then keyword, then calling code, then the default', () => {
    const phone = '+4915112345678';
    assert.deepEqual(chooseLanguage({ explicit: 'fr', keyword: 'ar', phone, businessDefault: 'en_US', available }), {
      code: 'fr',
      source: 'explicit',
      wanted: 'fr',
    });
    assert.deepEqual(chooseLanguage({ keyword: 'ar', phone, businessDefault: 'en_US', available }), {
      code: 'ar',
      source: 'keyword',
      wanted: 'ar',
    });
    assert.deepEqual(chooseLanguage({ phone, businessDefault: 'en_US', available }), {
      code: 'de',
      source: 'calling_code',
      wanted: 'de',
    });
    assert.deepEqual(chooseLanguage({ businessDefault: 'en_US', available }), {
      code: 'en_US',
      source: 'default',
      wanted: 'en_US',
    });
  });

  it('a wish is met by the base language or a sibling, and skipped when nothing fits', () => {
    assert.deepEqual(chooseLanguage({ phone: '+525512345678', businessDefault: 'en_US', available }), {
      code: 'es',
      source: 'calling_code',
      wanted: 'es_MX',
    });
    assert.deepEqual(chooseLanguage({ phone: '+351912345678', businessDefault: 'en_US', available }), {
      code: 'pt_BR',
      source: 'calling_code',
      wanted: 'pt_PT',
    });
    assert.deepEqual(chooseLanguage({ explicit: 'ja', phone: '+81312345678', businessDefault: 'en_GB', available }), {
      code: 'en_GB',
      source: 'default',
      wanted: 'en_GB',
    });
  });
});
