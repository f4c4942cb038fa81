import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ParameterFormatError,
  ParameterMismatchError,
  renderTemplate,
  type CloudParameter,
} from '../../src/templates/index.ts';
import { registry } from './fixtures.ts';

const text = (t: string): CloudParameter => ({ type: 'text', text: t });
const when = (date_time: Record<string, unknown>): CloudParameter =>
  ({ type: 'date_time', date_time: { fallback_value: 'FALLBACK', ...date_time } }) as CloudParameter;
const reminder = (language: string, dateTime: CloudParameter, timeZone?: string) =>
  renderTemplate(registry, {
    name: 'appointment_reminder',
    language,
    parameters: [text('Sam'), text('Home'), text('Soho'), dateTime],
    ...(timeZone ? { timeZone } : {}),
  });
const dateLine = (body: string) =>
  body
    .split('\n')
    .find((l) => /Date and time|التاريخ والوقت|تاریخ و ساعت/.test(l))
    ?.replace(/^[^:]+: /, '');

describe('parameter count and names', () => {
  it('too few positional parameters: 132000 naming expected and given', () => {
    assert.throws(
      () => renderTemplate(registry, { name: 'appointment_reminder', language: 'en_US', parameters: [text('Sam')] }),
      (e: unknown) =>
        e instanceof ParameterMismatchError &&
        e.cloudCode === 132000 &&
        e.expected === 4 &&
        e.given === 1 &&
        /expects 4 parameter\(s\), 1 given/.test(e.message),
    );
  });

  it('too many positional parameters', () => {
    const six = Array.from({ length: 6 }, () => text('x'));
    assert.throws(
      () => renderTemplate(registry, { name: 'appointment_cancelled', language: 'fr', parameters: six }),
      (e: unknown) => e instanceof ParameterMismatchError && e.expected === 5 && e.given === 6,
    );
  });

  it('named template: missing and unexpected names are listed', () => {
    assert.throws(
      () =>
        renderTemplate(registry, {
          name: 'appointment_confirmation',
          language: 'en_US',
          parameters: {
            customer_name: text('A'),
            service: text('B'),
            location: text('C'),
            date_time: text('D'),
            ref: text('E'),
            address: text('F'),
          },
        }),
      (e: unknown) =>
        e instanceof ParameterMismatchError &&
        e.expected === 6 &&
        e.given === 6 &&
        /missing reference; unexpected ref/.test(e.message),
    );
  });

  it('named template accepts the wire form (parameter_name on each)', () => {
    const r = renderTemplate(registry, {
      name: 'appointment_confirmation',
      language: 'en_GB',
      parameters: ['customer_name', 'service', 'location', 'date_time', 'reference', 'address'].map((n) => ({
        ...text(n.toUpperCase()),
        parameter_name: n,
      })),
    });
    assert.match(r.body, /^Hello CUSTOMER_NAME, your appointment is confirmed\.\n\nService: SERVICE\n/);
  });

  it('an object for a positional template, or text with a new line, is a format error', () => {
    assert.throws(
      () => renderTemplate(registry, { name: 'appointment_reminder', language: 'en_US', parameters: { a: text('x') } }),
      ParameterFormatError,
    );
    assert.throws(
      () => reminder('en_US', text('two\nlines')),
      (e: unknown) => e instanceof ParameterFormatError && e.cloudCode === 132018,
    );
  });

  it('components and an epoch together are refused', () => {
    assert.throws(() => reminder('en_US', when({ year: 2025, timestamp: 1 })), ParameterFormatError);
  });
});

describe('date_time rendering', () => {
  it("seed 003's example (docs/protocol.md §8): the date's own weekday (Sunday) wins over day_of_week Saturday", () => {
    const r = reminder(
      'en_US',
      when({ day_of_week: 'Saturday', day_of_month: 25, year: 2020, month: 10, hour: 12, minute: 0 }),
    );
    assert.equal(dateLine(r.body), 'Sunday, October 25, 2020 at 12:00 PM');
  });

  it('the Arabic example: Arabic-Indic digits and ص, no year when none is given', () => {
    const r = reminder('ar', when({ day_of_week: 7, month: 1, day_of_month: 12, hour: 10, minute: 30 }));
    assert.equal(dateLine(r.body), 'الأحد، ١٢ يناير في ١٠:٣٠ ص');
    assert.equal(r.direction, 'rtl');
  });

  it('the Persian example in the Solar Hijri calendar (Sunday 23 Dey 1403 is 12 Jan 2025)', () => {
    const r = reminder(
      'fa',
      when({ year: 1403, month: 10, day_of_month: 23, day_of_week: 7, calendar: 'SOLAR_HIJRI' }),
    );
    assert.equal(dateLine(r.body), 'یکشنبه ۲۳ دی ۱۴۰۳');
    assert.equal(r.direction, 'rtl');
  });

  it('renders only what is given', () => {
    assert.equal(dateLine(reminder('en_US', when({ hour: 9 })).body), '9:00 AM');
    assert.equal(dateLine(reminder('en_GB', when({ year: 2025, month: 3 })).body), 'March 2025');
    assert.equal(dateLine(reminder('en_US', when({ day_of_week: 'wednesday' })).body), 'Wednesday');
    assert.equal(dateLine(reminder('en_US', when({ month: 2, day_of_month: 29 })).body), 'February 29');
  });

  it('impossible or unusable values show fallback_value', () => {
    for (const bad of [
      { year: 2025, month: 2, day_of_month: 30 },
      { year: 2023, month: 2, day_of_month: 29 },
      { month: 13, day_of_month: 1 },
      { hour: 24 },
      { minute: 30 },
      { day_of_month: 4 },
      { year: 2025.5 },
      { day_of_week: 'Funday' },
      { year: 2025, month: 1, day_of_month: 1, calendar: 'LUNAR' },
      { month: 1, day_of_month: 12, calendar: 'SOLAR_HIJRI' },
      {},
    ]) {
      assert.equal(dateLine(reminder('en_US', when(bad)).body), 'FALLBACK', JSON.stringify(bad));
    }
  });

  it('epoch: shown in the customer zone, with a deprecation warning returned', () => {
    const at = Date.UTC(2025, 2, 30, 0, 30) / 1000; // 00:30 UTC on the day London moves to BST
    const london = reminder('en_GB', when({ unix_epoch: { timestamp: at } }), 'Europe/London');
    assert.equal(dateLine(london.body), 'Sunday, 30 March 2025 at 00:30');
    assert.equal(london.warnings.length, 1);
    assert.match(london.warnings[0] as string, /^\{\{4\}\}: date_time\.unix_epoch .*deprecated/);
    const later = reminder('en_GB', when({ timestamp: at + 3600 }), 'Europe/London');
    assert.equal(dateLine(later.body), 'Sunday, 30 March 2025 at 02:30');
    const tehran = reminder('fa', when({ timestamp: at }), 'Asia/Tehran');
    assert.equal(dateLine(tehran.body), 'یکشنبه ۳۰ مارس ۲۰۲۵ ساعت ۴:۰۰');
    assert.equal(dateLine(reminder('en_US', when({ timestamp: 1.5 })).body), 'FALLBACK');
  });

  it('an unknown time zone is refused', () => {
    assert.throws(() => reminder('en_US', when({ timestamp: 0 }), 'Mars/Olympus'), ParameterFormatError);
  });
});

describe('whole message', () => {
  it('text joins header, body, footer and buttons; left-to-right for German', () => {
    const r = reminder('de', text('Fr. 10.01.'));
    assert.equal(r.direction, 'ltr');
    assert.deepEqual(r.buttons, ['Bestätigen', 'Absagen', 'Verschieben']);
    assert.ok(r.text.startsWith('Terminerinnerung\nHallo Sam,'));
    assert.ok(r.text.endsWith('Tippen Sie unten auf eine Schaltfläche\n[Bestätigen]\n[Absagen]\n[Verschieben]'));
    assert.match(r.body, /Datum und Uhrzeit: Fr\. 10\.01\.\n/);
  });

  it('currency parameters are localized too (through a hand-made registry)', async () => {
    const { buildRegistry } = await import('../../src/templates/index.ts');
    const reg = buildRegistry([
      {
        name: 'deposit',
        category: 'UTILITY',
        parameterFormat: 'positional',
        parameters: [{ name: 'amount', kind: 'currency' }],
        languages: { de: { body: 'Anzahlung: {{1}}.', buttons: [] } },
        file: 'deposit.yaml',
      },
    ]);
    const r = renderTemplate(reg, {
      name: 'deposit',
      language: 'de',
      parameters: [{ type: 'currency', currency: { fallback_value: '€12.50', code: 'EUR', amount_1000: 12500 } }],
    });
    assert.equal(r.body, 'Anzahlung: 12,50\u00a0€.');
    const bad = renderTemplate(reg, {
      name: 'deposit',
      language: 'de',
      parameters: [{ type: 'currency', currency: { fallback_value: '€12.50', code: 'XXY', amount_1000: 12500 } }],
    });
    assert.equal(bad.body, 'Anzahlung: €12.50.');
    // code and amount_1000 are required beside fallback_value: without one, the send is refused (132012).
    for (const currency of [
      { fallback_value: '€12.50', amount_1000: 12500 },
      { fallback_value: '€12.50', code: 'EUR' },
    ]) {
      assert.throws(
        () =>
          renderTemplate(reg, {
            name: 'deposit',
            language: 'de',
            parameters: [{ type: 'currency', currency } as unknown as CloudParameter],
          }),
        (e: unknown) => e instanceof ParameterFormatError && e.cloudCode === 132012,
      );
    }
  });
});
