import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bookingMessage, describeService, priceOf } from '../../src/messaging/render.ts';
import { reminderTemplate } from '../../src/reminders/message.ts';
import { buildRegistry, formatCurrency } from '../../src/templates/index.ts';
import {
  BOOKING_CASES,
  BOOKING_TEMPLATES,
  demoCatalog,
  departmentBooking,
  renderBooking,
  stylistBooking,
} from './bookings.ts';
import { registry, SHIPPED_LANGUAGES } from './fixtures.ts';

// Reviewed by eye: service with the person in each language's word order, the price in the reader's format
// (Arabic-Indic digits for ar, Persian for fa; Intl adds a direction mark before Arabic and Persian amounts and
// no-break spaces where the locale puts a space), Solar Hijri 22 Khordad 1406 for Persian. Regenerate only
// after re-reading.
const golden = (file: string) =>
  readFileSync(new URL(`./golden/bookings/${file}.txt`, import.meta.url), 'utf8').replace(/\n$/, '');

type Param = { type: string; parameter_name?: string; text?: string; currency?: Record<string, unknown> };
const bodyOf = (template: unknown): Param[] =>
  (template as { components: Array<{ type: string; parameters: Param[] }> }).components.find((c) => c.type === 'body')!
    .parameters;

describe('golden renders of bookings, through the code that sends them', () => {
  for (const [kase, booking] of Object.entries(BOOKING_CASES)) {
    for (const which of BOOKING_TEMPLATES) {
      for (const language of SHIPPED_LANGUAGES) {
        it(`${kase} booking, ${which}, ${language}`, () => {
          const shown = renderBooking(booking, which, language);
          assert.equal(shown.name, `appointment_${which}${kase === 'stylist' ? '_priced' : ''}`);
          assert.equal(shown.text, golden(`${kase}.${which}.${language}`));
        });
      }
    }
  }
});

describe('the service line names who takes it', () => {
  it('a person in the language, a resource in parentheses, nobody on an anonymous unit or one the catalog lost', () => {
    assert.equal(describeService(demoCatalog, stylistBooking, 'en_US'), 'Hair colour with Chloé');
    assert.equal(describeService(demoCatalog, stylistBooking, 'de'), 'Haarfarbe bei Chloé');
    assert.equal(describeService(demoCatalog, stylistBooking, 'hi'), 'Chloé के साथ बालों में रंग');
    assert.equal(describeService(demoCatalog, departmentBooking, 'fr'), 'Électronique et électroménager');
    assert.equal(describeService(demoCatalog, { ...stylistBooking, staffId: 'gone' }, 'en_US'), 'Hair colour');
    const staff = demoCatalog.staff.map((m) => (m.id === 'chloe' ? { ...m, kind: 'resource' as const } : m));
    assert.equal(describeService({ ...demoCatalog, staff }, stylistBooking, 'en_US'), 'Hair colour (Chloé)');
  });
});

describe('the price goes as a currency parameter', () => {
  const priceParam = (booking: typeof stylistBooking, language: string) =>
    bodyOf(reminderTemplate(registry, demoCatalog, booking, language).template).find((p) => p.type === 'currency');

  it('amount_1000 is the booking snapshot, exactly; code is its ISO 4217 currency', () => {
    assert.deepEqual(priceOf(stylistBooking), { kind: 'currency', code: 'GBP', amount_1000: 79_500 });
    assert.deepEqual(priceParam(stylistBooking, 'en_GB')?.currency, {
      fallback_value: '£79.50',
      code: 'GBP',
      amount_1000: 79_500,
    });
    // An eighth of a pound stays 125 thousandths on the wire; only the fallback rounds (half away from zero).
    const eighth = { ...stylistBooking, priceAmount1000: 125 };
    assert.deepEqual(priceParam(eighth, 'en_US')?.currency, { fallback_value: '£0.13', code: 'GBP', amount_1000: 125 });
  });

  it('fallback_value is localized in the template language, digits by intlLocale', () => {
    assert.equal(priceParam(stylistBooking, 'de')?.currency?.fallback_value, '79,50\u00a0£');
    assert.equal(priceParam(stylistBooking, 'fr')?.currency?.fallback_value, '79,50\u00a0£GB');
    assert.equal(priceParam(stylistBooking, 'ar')?.currency?.fallback_value, '\u200f٧٩٫٥٠\u00a0UK£');
    assert.equal(priceParam(stylistBooking, 'fa')?.currency?.fallback_value, '۷۹٫۵۰\u00a0£');
    // Regional Arabic follows the region's digits (src/templates/languages.ts): Latin for ar_AE, Arabic-Indic for ar_EG.
    assert.match(formatCurrency('ar_AE', 'GBP', 79_500) ?? '', /79[.,٫]50/);
    assert.match(formatCurrency('ar_EG', 'GBP', 79_500) ?? '', /٧٩٫٥٠/);
  });

  it('named templates name it `price`; a booking without a price sends no currency parameter', () => {
    const m = bookingMessage('appointment_confirmation', registry, demoCatalog, stylistBooking, 'en_US', 'Amina');
    assert.equal(bodyOf(m.template).find((p) => p.type === 'currency')?.parameter_name, 'price');
    const plain = bookingMessage('appointment_confirmation', registry, demoCatalog, departmentBooking, 'en_US', 'A');
    assert.equal(
      bodyOf(plain.template).some((p) => p.type === 'currency'),
      false,
    );
  });

  it('without the priced variant in that language, the base template goes (no price) rather than nothing', () => {
    const withoutPriced = buildRegistry([...registry.templates.values()].filter((t) => !t.name.endsWith('_priced')));
    const built = reminderTemplate(withoutPriced, demoCatalog, stylistBooking, 'en_US');
    assert.equal(built.template.name, 'appointment_reminder');
    assert.match(built.text, /Service: Hair colour with Chloé/);
  });

  it("the confirmation's own text (when no template can be built) names the price too", () => {
    const none = buildRegistry([]);
    const m = bookingMessage('appointment_confirmation', none, demoCatalog, stylistBooking, 'en_GB', undefined);
    assert.equal(m.template, undefined);
    assert.match(m.text, /Hair colour with Chloé, £79\.50, Oxford Street, London/);
  });
});
