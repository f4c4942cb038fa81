import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRegistry,
  buildTemplateSend,
  ParameterFormatError,
  previewTemplateSend,
  StructureUnavailableError,
  type TemplateDefinition,
} from '../../src/templates/index.ts';
import { goldenValues, registry } from './fixtures.ts';

const reminderValues = () => {
  const { customer_name, service, location, date_time } = goldenValues('ar');
  return { customer_name, service, location, date_time } as Record<
    string,
    NonNullable<ReturnType<typeof goldenValues>[string]>
  >;
};

describe('buildTemplateSend', () => {
  it('builds the Cloud API template object with localized fallback values and quick replies', () => {
    const send = buildTemplateSend(registry, {
      name: 'appointment_reminder',
      language: 'ar',
      values: reminderValues(),
      buttons: { cancel: 'cancel:bk_42' },
    });
    assert.deepEqual(send, {
      name: 'appointment_reminder',
      language: { policy: 'deterministic', code: 'ar' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Amina' },
            { type: 'text', text: 'الإلكترونيات والأجهزة' },
            { type: 'text', text: "King's Cross, London" },
            {
              type: 'date_time',
              date_time: {
                fallback_value: 'الأحد، ١٢ يناير ٢٠٢٥ في ١٠:٣٠ ص',
                day_of_week: 7,
                year: 2025,
                month: 1,
                day_of_month: 12,
                hour: 10,
                minute: 30,
                calendar: 'GREGORIAN',
              },
            },
          ],
        },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'confirm' }] },
        {
          type: 'button',
          sub_type: 'quick_reply',
          index: '1',
          parameters: [{ type: 'payload', payload: 'cancel:bk_42' }],
        },
        {
          type: 'button',
          sub_type: 'quick_reply',
          index: '2',
          parameters: [{ type: 'payload', payload: 'reschedule' }],
        },
      ],
    });
    assert.equal(previewTemplateSend(registry, send).direction, 'rtl');
  });

  it('takes the wall clock in the appointment zone (summer time in London)', () => {
    const send = buildTemplateSend(registry, {
      name: 'appointment_reminder',
      language: 'en_GB',
      values: {
        ...reminderValues(),
        date_time: { kind: 'date_time', at: new Date('2025-07-01T08:00:00Z'), timeZone: 'Europe/London' },
      },
    });
    const body = send.components[0];
    assert.ok(body?.type === 'body');
    assert.deepEqual(body.parameters[3], {
      type: 'date_time',
      date_time: {
        fallback_value: 'Tuesday, 1 July 2025 at 09:00',
        day_of_week: 2,
        year: 2025,
        month: 7,
        day_of_month: 1,
        hour: 9,
        minute: 0,
        calendar: 'GREGORIAN',
      },
    });
  });

  it('named templates carry parameter_name; Persian defaults to Solar Hijri', () => {
    const values = goldenValues('fa');
    delete values.previous_date_time;
    delete values.price;
    const send = buildTemplateSend(registry, {
      name: 'appointment_confirmation',
      language: 'fa',
      values,
      buttons: { reschedule: 'reschedule:b1', ask_cancel: 'ask_cancel:b1', directions: '1%20Pancras%20Square' },
    });
    const body = send.components[0];
    assert.ok(body?.type === 'body');
    assert.deepEqual(
      body.parameters.map((p) => p.parameter_name),
      ['customer_name', 'service', 'location', 'date_time', 'reference', 'address'],
    );
    // Quick replies carry the payloads given; the maps link its suffix (docs/protocol.md §7).
    assert.deepEqual(send.components.slice(1), [
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '0',
        parameters: [{ type: 'payload', payload: 'reschedule:b1' }],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '1',
        parameters: [{ type: 'payload', payload: 'ask_cancel:b1' }],
      },
      { type: 'button', sub_type: 'url', index: '2', parameters: [{ type: 'text', text: '1%20Pancras%20Square' }] },
    ]);
    assert.deepEqual(body.parameters[3], {
      type: 'date_time',
      parameter_name: 'date_time',
      date_time: {
        fallback_value: 'یکشنبه ۲۳ دی ۱۴۰۳ ساعت ۱۰:۳۰',
        day_of_week: 7,
        // The date in the calendar it names: 12 January 2025 is 23 Dey 1403.
        year: 1403,
        month: 10,
        day_of_month: 23,
        hour: 10,
        minute: 30,
        calendar: 'SOLAR_HIJRI',
      },
    });
  });

  it('validates before sending: missing pack, missing or extra values, wrong kinds, bad text, unknown buttons', () => {
    assert.throws(
      () => buildTemplateSend(registry, { name: 'appointment_reminder', language: 'ja', values: reminderValues() }),
      StructureUnavailableError,
    );
    const { date_time: _omitted, ...three } = reminderValues();
    assert.throws(
      () => buildTemplateSend(registry, { name: 'appointment_reminder', language: 'en_US', values: three }),
      (e: unknown) =>
        e instanceof ParameterFormatError && e.cloudCode === 132000 && /missing date_time/.test(e.message),
    );
    assert.throws(
      () =>
        buildTemplateSend(registry, {
          name: 'appointment_reminder',
          language: 'en_US',
          values: { ...reminderValues(), extra: 'x' },
        }),
      /unexpected extra/,
    );
    assert.throws(
      () =>
        buildTemplateSend(registry, {
          name: 'appointment_reminder',
          language: 'en_US',
          values: { ...reminderValues(), date_time: 'tomorrow' },
        }),
      /expects a date_time value, got text/,
    );
    assert.throws(
      () =>
        buildTemplateSend(registry, {
          name: 'appointment_reminder',
          language: 'en_US',
          values: { ...reminderValues(), customer_name: 'A\tB' },
        }),
      (e: unknown) => e instanceof ParameterFormatError && e.cloudCode === 132018,
    );
    assert.throws(
      () =>
        buildTemplateSend(registry, {
          name: 'appointment_reminder',
          language: 'en_US',
          values: reminderValues(),
          buttons: { confrim: 'x' },
        }),
      /no button confrim/,
    );
    assert.throws(
      () =>
        buildTemplateSend(registry, {
          name: 'appointment_reminder',
          language: 'en_US',
          values: { ...reminderValues(), date_time: { kind: 'date_time', at: 'not a date', timeZone: 'UTC' } },
        }),
      ParameterFormatError,
    );
  });

  it('currency, url and flow buttons', () => {
    const definition: TemplateDefinition = {
      name: 'deposit_due',
      category: 'UTILITY',
      parameterFormat: 'positional',
      parameters: [{ name: 'amount', kind: 'currency' }],
      languages: {
        ar: {
          body: 'المبلغ المستحق {{1}} فقط.',
          buttons: [
            { type: 'url', id: 'pay', text: 'ادفع', url: 'https://pay.example/{{1}}' },
            { type: 'flow', id: 'book', text: 'احجز', flow_id: '123', flow_action: 'navigate' },
          ],
        },
      },
      file: 'deposit_due.yaml',
    };
    const reg = buildRegistry([definition]);
    const values = { amount: { kind: 'currency' as const, code: 'KWD', amount_1000: 12500 } };
    const send = buildTemplateSend(reg, {
      name: 'deposit_due',
      language: 'ar',
      values,
      buttons: { pay: 'inv_9', book: 'tok_1' },
    });
    assert.deepEqual(send.components, [
      {
        type: 'body',
        parameters: [
          {
            type: 'currency',
            currency: { fallback_value: '\u200f١٢٫٥٠٠\u00a0د.ك.\u200f', code: 'KWD', amount_1000: 12500 },
          },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'inv_9' }] },
      {
        type: 'button',
        sub_type: 'flow',
        index: '1',
        parameters: [{ type: 'action', action: { flow_token: 'tok_1' } }],
      },
    ]);
    assert.throws(
      () => buildTemplateSend(reg, { name: 'deposit_due', language: 'ar', values, buttons: { pay: 'inv_9' } }),
      /needs a flow_token/,
    );
    assert.throws(
      () =>
        buildTemplateSend(reg, {
          name: 'deposit_due',
          language: 'ar',
          values: { amount: { kind: 'currency', code: 'KWD', amount_1000: 1.5 } },
          buttons: { pay: 'x', book: 'y' },
        }),
      /safe integer/,
    );
  });
});
