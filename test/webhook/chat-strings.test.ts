import assert from 'node:assert/strict';
import { test } from 'node:test';
import { menuStrings, type MenuStrings } from '../../src/messaging/menu-strings.ts';
import { chatStrings, type ChatStrings } from '../../src/messaging/strings.ts';
import { MESSAGE_LIMITS } from '../../src/whatsapp/limits.ts';

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

test('every menu and handoff string exists in every language, within WhatsApp limits', () => {
  const en = menuStrings('en');
  for (const language of LANGUAGES) {
    const t = menuStrings(language);
    if (language !== 'en') assert.notEqual(t, en, `${language} has its own menu strings`);
    for (const key of Object.keys(en) as (keyof MenuStrings)[])
      assert.ok(t[key]?.trim(), `${language}.${key} is empty`);
    // docs/protocol.md §7: row titles ≤ 24, list button and reply buttons ≤ 20, interactive bodies ≤ 1024.
    for (const key of ['menuBook', 'menuMine', 'menuReschedule', 'menuLanguage', 'menuHuman'] as const)
      assert.ok([...t[key]].length <= MESSAGE_LIMITS.rowTitle, `${language}.${key}: ${[...t[key]].length}`);
    for (const key of ['menuButton', 'rescheduleButton', 'handoffBack'] as const)
      assert.ok([...t[key]].length <= MESSAGE_LIMITS.buttonTitle, `${language}.${key}: ${[...t[key]].length}`);
    for (const key of ['menuBody', 'rescheduleBody', 'handoffOpened'] as const)
      assert.ok([...t[key]].length <= MESSAGE_LIMITS.interactiveBody, `${language}.${key}`);
    const rows = [t.menuBook, t.menuMine, t.menuReschedule, t.menuLanguage, t.menuHuman];
    assert.equal(new Set(rows).size, rows.length, `${language}: the menu's rows differ`);
  }
});
