import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { goldenText, registry, SHIPPED_LANGUAGES } from './fixtures.ts';

// Golden files were reviewed by eye: translation, date (Sunday 12 January 2025 10:30 London,
// Solar Hijri 23 Dey 1403 for Persian), digits and direction. Regenerate only after re-reading.
const golden = (name: string, language: string) =>
  readFileSync(new URL(`./golden/${name}.${language}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');

describe('golden renders of the built-in templates', () => {
  it('ships the nine templates (three with a priced variant) in the ten required languages', () => {
    assert.deepEqual([...registry.templates.keys()].sort(), [
      'appointment_booking',
      'appointment_cancelled',
      'appointment_confirmation',
      'appointment_confirmation_priced',
      'appointment_reminder',
      'appointment_reminder_priced',
      'appointment_rescheduled',
      'appointment_rescheduled_priced',
      'waitlist_offer',
    ]);
    for (const template of registry.templates.values()) {
      for (const language of SHIPPED_LANGUAGES) assert.ok(template.languages[language], `${template.name} ${language}`);
    }
  });

  for (const name of [
    'appointment_confirmation',
    'appointment_confirmation_priced',
    'appointment_reminder',
    'appointment_reminder_priced',
    'appointment_cancelled',
    'appointment_rescheduled',
    'appointment_rescheduled_priced',
    'appointment_booking',
    'waitlist_offer',
  ]) {
    for (const language of SHIPPED_LANGUAGES) {
      it(`${name} in ${language}`, () => assert.equal(goldenText(name, language), golden(name, language)));
    }
  }
});

describe('the appointment date line, written out per language', () => {
  const expected: Record<string, string> = {
    en_US: 'Date and time: Sunday, January 12, 2025 at 10:30 AM',
    en_GB: 'Date and time: Sunday, 12 January 2025 at 10:30',
    ar: 'التاريخ والوقت: الأحد، ١٢ يناير ٢٠٢٥ في ١٠:٣٠ ص',
    fa: 'تاریخ و ساعت: یکشنبه ۲۳ دی ۱۴۰۳ ساعت ۱۰:۳۰',
    es: 'Fecha y hora: domingo, 12 de enero de 2025, 10:30',
    fr: 'Date et heure : dimanche 12 janvier 2025 à 10:30',
    pt_BR: 'Data e hora: domingo, 12 de janeiro de 2025 às 10:30',
    de: 'Datum und Uhrzeit: Sonntag, 12. Januar 2025 um 10:30 Uhr',
    tr: 'Tarih ve saat: 12 Ocak 2025 Pazar 10:30',
    hi: 'तारीख और समय: रविवार, 12 जनवरी 2025 को सुबह 10:30 बजे',
  };
  for (const language of SHIPPED_LANGUAGES) {
    it(language, () => {
      const lines = goldenText('appointment_confirmation', language).split('\n');
      assert.ok(lines.includes(expected[language] as string), lines.join('\n'));
    });
  }

  it('reminder buttons are Confirm / Cancel / Reschedule in every language', () => {
    const labels = Object.fromEntries(
      SHIPPED_LANGUAGES.map((l) => [
        l,
        registry.templates.get('appointment_reminder')?.languages[l]?.buttons.map((b) => b.text),
      ]),
    );
    assert.deepEqual(labels.en_US, ['Confirm', 'Cancel', 'Reschedule']);
    assert.deepEqual(labels.ar, ['تأكيد', 'إلغاء', 'تغيير الموعد']);
    assert.deepEqual(labels.de, ['Bestätigen', 'Absagen', 'Verschieben']);
    for (const l of SHIPPED_LANGUAGES) {
      assert.deepEqual(
        registry.templates.get('appointment_reminder')?.languages[l]?.buttons.map((b) => b.id),
        ['confirm', 'cancel', 'reschedule'],
      );
    }
  });
});
