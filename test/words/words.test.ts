// Every string table in every language (issue #20): each language defines every key, with the same
// placeholders as English, and what a customer reads matches a golden text reviewed by a reader of
// that language (test/words/golden/<language>.txt; the templates' own goldens are in test/templates).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CHOSEN_LANGUAGES, chosenText } from '../../src/conversation/language-choice.ts';
import { FLOW_LANGUAGES, flowStrings } from '../../src/flows/strings.ts';
import { menuStrings } from '../../src/messaging/menu-strings.ts';
import { chatStrings } from '../../src/messaging/strings.ts';
import { REPLY_LANGUAGES, replyStrings } from '../../src/reminders/strings.ts';
import { PHONE_LANGUAGES, phoneStrings } from '../../src/web/phone-strings.ts';
import { WAITLIST_STRINGS, waitlistStrings } from '../../src/waitlist/strings.ts';
import { CUSTOMER_LANGUAGES, customerTexts } from './customer-texts.ts';

/** The base languages flowbook writes in (its Flow's, chat's and phone page's). */
const NINE = ['en', 'ar', 'fa', 'es', 'fr', 'pt', 'de', 'tr', 'hi'];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const TABLES: Record<string, { of: (language: string) => object; languages: readonly string[] }> = {
  'Flow (src/flows/strings.ts)': { of: flowStrings, languages: FLOW_LANGUAGES },
  'chat (src/messaging/strings.ts)': { of: chatStrings, languages: FLOW_LANGUAGES },
  'menu (src/messaging/menu-strings.ts)': { of: menuStrings, languages: FLOW_LANGUAGES },
  'reminder replies (src/reminders/strings.ts)': { of: replyStrings, languages: REPLY_LANGUAGES },
  'phone page (src/web/phone-strings.ts)': { of: phoneStrings, languages: PHONE_LANGUAGES },
  'waitlist (src/waitlist/strings.ts)': { of: waitlistStrings, languages: Object.keys(WAITLIST_STRINGS) },
  'language chosen (src/conversation/language-choice.ts)': {
    of: (language) => ({ chosen: chosenText(language) }),
    languages: CHOSEN_LANGUAGES,
  },
};

describe('every string table defines every key in every language', () => {
  it('the tables speak the same nine languages', () => {
    for (const { languages } of Object.values(TABLES)) assert.deepEqual([...languages].sort(), [...NINE].sort());
  });
  for (const [table, { of }] of Object.entries(TABLES)) {
    it(table, () => {
      const english = of('en_GB') as Record<string, unknown>;
      for (const language of [...NINE, ...CUSTOMER_LANGUAGES]) {
        const own = of(language) as Record<string, unknown>;
        // A language of its own, not the English fallback.
        if (!language.startsWith('en')) assert.notDeepEqual(own, english, `${language} falls back to English`);
        assert.deepEqual(Object.keys(own).sort(), Object.keys(english).sort(), language);
        for (const [key, value] of Object.entries(own)) {
          assert.ok(typeof value === 'string' && value.trim() !== '', `${language}.${key} is empty`);
          assert.deepEqual(placeholders(value), placeholders(english[key] as string), `${language}.${key}`);
        }
      }
    });
  }
});

describe('what a customer reads, per language', () => {
  for (const language of CUSTOMER_LANGUAGES) {
    it(language, () => {
      const golden = readFileSync(new URL(`./golden/${language}.txt`, import.meta.url), 'utf8');
      assert.equal(customerTexts(language), golden);
    });
  }
});
