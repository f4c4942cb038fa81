import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatStrings, type ChatStrings } from '../../src/messaging/strings.ts';

const LANGUAGES = ['en', 'ar', 'fa', 'es', 'fr', 'pt', 'de', 'tr', 'hi'];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every chat string exists in every language, with the English placeholders and within WhatsApp limits', () => {
  const en = chatStrings('en');
  for (const language of LANGUAGES) {
    const t = chatStrings(language);
    if (language !== 'en') assert.notEqual(t, en, `${language} has its own strings`);
    for (const key of Object.keys(en) as (keyof ChatStrings)[]) {
      assert.ok(t[key]?.trim(), `${language}.${key} is empty`);
      assert.deepEqual(placeholders(t[key]), placeholders(en[key]), `${language}.${key} placeholders`);
    }
    // docs/protocol.md §7: Flow CTA ≤ 30, list button and reply buttons ≤ 20 characters.
    assert.ok([...t.flowCta].length <= 30, `${language}.flowCta`);
    for (const key of ['listButton', 'cancelIt', 'keepIt', 'rescheduleIt'] as const)
      assert.ok([...t[key]].length <= 20, `${language}.${key}`);
  }
});
