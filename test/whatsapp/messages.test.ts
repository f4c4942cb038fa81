import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageLimitError } from '../../src/whatsapp/errors.ts';
import { addressOf, customerIdKind, isParentBsuid } from '../../src/whatsapp/recipient.ts';
import {
  buttonsMessage,
  flowMessage,
  listMessage,
  markRead,
  templateMessage,
  textMessage,
  type FlowMessageOptions,
  type ListSection,
  type ReplyButton,
  type Template,
} from '../../src/whatsapp/messages.ts';

const TO = '15551234567';

function throwsLimit(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MessageLimitError, `expected MessageLimitError, got ${String(error)}`);
    assert.equal(error.code, 'FB_WA_MESSAGE_LIMIT');
    assert.equal(error.status, 400);
    assert.equal(error.field, field);
    return true;
  });
}

describe('textMessage', () => {
  it('builds the exact body Meta expects', () => {
    assert.deepEqual(textMessage(TO, 'Hello', { previewUrl: false, replyTo: 'wamid.abc' }), {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      context: { message_id: 'wamid.abc' },
      type: 'text',
      text: { body: 'Hello', preview_url: false },
    });
    assert.deepEqual(textMessage(TO, 'Hi'), {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { body: 'Hi' },
    });
  });

  it('accepts 4096 characters, counting code points, and rejects 4097', () => {
    assert.equal(textMessage(TO, 'a'.repeat(4096)).text.body.length, 4096);
    // 4096 emoji are 8192 UTF-16 units but 4096 characters.
    assert.equal(textMessage(TO, '😀'.repeat(4096)).type, 'text');
    throwsLimit(() => textMessage(TO, 'a'.repeat(4097)), 'text.body');
    throwsLimit(() => textMessage(TO, '   '), 'text.body');
  });

  it('rejects a recipient that is not a phone number without echoing it', () => {
    assert.throws(
      () => textMessage('not a number 555', 'x'),
      (error: unknown) => error instanceof MessageLimitError && !error.message.includes('555'),
    );
    assert.equal(textMessage('+15551234567', 'x').to, '+15551234567');
  });

  it('sends to a BSUID with `recipient` and no `to` (docs/protocol.md §11.1)', () => {
    const body = textMessage('US.13491208655302741918', 'x');
    assert.deepEqual(body, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.13491208655302741918',
      type: 'text',
      text: { body: 'x' },
    });
    const template = { name: 'appointment_reminder', language: { policy: 'deterministic', code: 'en_US' } } as const;
    assert.equal(templateMessage('US.ENT.11815799212886844830', template).recipient, 'US.ENT.11815799212886844830');
    for (const bad of ['us.123', 'US.', 'US.12 3', `US.${'9'.repeat(129)}`, 'USA.1']) {
      assert.throws(
        () => textMessage(bad, 'x'),
        (error: unknown) =>
          error instanceof MessageLimitError && /BSUID/.test(error.message) && !error.message.includes(bad),
        bad,
      );
    }
  });
});

describe('customer ids (docs/protocol.md §11.1)', () => {
  it('tells a phone number from a BSUID and a parent BSUID by shape', () => {
    assert.equal(customerIdKind('447700900123'), 'phone');
    assert.equal(customerIdKind('US.13491208655302741918'), 'bsuid');
    assert.equal(customerIdKind(`BR.${'a'.repeat(128)}`), 'bsuid');
    assert.equal(customerIdKind(`BR.${'a'.repeat(129)}`), undefined);
    assert.equal(isParentBsuid('US.ENT.11815799212886844830'), true);
    assert.equal(isParentBsuid('US.11815799212886844830'), false);
    for (const bad of ['', 'US', 'US.', 'U1.23', 'us.123', 'US.ENT.', 'US-123', 'US.1_2', '+44 7700']) {
      assert.equal(customerIdKind(bad), undefined, bad);
    }
    assert.deepEqual(addressOf('447700900123'), { to: '447700900123' });
    assert.deepEqual(addressOf('US.1'), { recipient: 'US.1' });
  });
});

const FLOW_BASE = { body: 'Book your visit', cta: 'Book now', flowToken: 'tok_1' } as const;

describe('flowMessage', () => {
  it('builds a data_exchange Flow message by id', () => {
    const message = flowMessage(TO, {
      ...FLOW_BASE,
      header: 'Appointments',
      footer: 'Takes a minute',
      flowId: '1234',
      flowAction: 'data_exchange',
      mode: 'draft',
    });
    assert.deepEqual(message, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'interactive',
      interactive: {
        type: 'flow',
        header: { type: 'text', text: 'Appointments' },
        body: { text: 'Book your visit' },
        footer: { text: 'Takes a minute' },
        action: {
          name: 'flow',
          parameters: {
            flow_message_version: '3',
            flow_token: 'tok_1',
            flow_id: '1234',
            flow_cta: 'Book now',
            flow_action: 'data_exchange',
            mode: 'draft',
          },
        },
      },
    });
  });

  it('builds a navigate Flow message by name with a payload', () => {
    const message = flowMessage(TO, {
      ...FLOW_BASE,
      flowName: 'appointments',
      flowAction: 'navigate',
      screen: 'APPOINTMENT',
      data: { is_location_enabled: false },
    });
    assert.deepEqual(message.interactive.action.parameters, {
      flow_message_version: '3',
      flow_token: 'tok_1',
      flow_name: 'appointments',
      flow_cta: 'Book now',
      flow_action: 'navigate',
      flow_action_payload: { screen: 'APPOINTMENT', data: { is_location_enabled: false } },
    });
    assert.equal('header' in message.interactive, false);
  });

  it('enforces every limit', () => {
    const ok: FlowMessageOptions = { ...FLOW_BASE, flowId: '1', flowAction: 'data_exchange' };
    throwsLimit(() => flowMessage(TO, { ...ok, cta: 'x'.repeat(31) }), 'flow_cta');
    assert.equal(flowMessage(TO, { ...ok, cta: 'x'.repeat(30) }).type, 'interactive');
    throwsLimit(() => flowMessage(TO, { ...ok, cta: 'Book 📅' }), 'flow_cta');
    throwsLimit(() => flowMessage(TO, { ...ok, cta: 'Book ❤️' }), 'flow_cta');
    throwsLimit(() => flowMessage(TO, { ...ok, body: 'b'.repeat(1025) }), 'interactive.body.text');
    throwsLimit(() => flowMessage(TO, { ...ok, footer: 'f'.repeat(61) }), 'interactive.footer.text');
    throwsLimit(() => flowMessage(TO, { ...ok, header: 'h'.repeat(61) }), 'interactive.header.text');
    throwsLimit(() => flowMessage(TO, { ...ok, flowToken: '' }), 'flow_token');
  });

  it('rejects invalid combinations at run time too (JavaScript callers, casts)', () => {
    const both = {
      ...FLOW_BASE,
      flowId: '1',
      flowName: 'n',
      flowAction: 'data_exchange',
    } as unknown as FlowMessageOptions;
    throwsLimit(() => flowMessage(TO, both), 'flow_id|flow_name');
    const neither = { ...FLOW_BASE, flowAction: 'data_exchange' } as unknown as FlowMessageOptions;
    throwsLimit(() => flowMessage(TO, neither), 'flow_id|flow_name');
    const payloadOnExchange = {
      ...FLOW_BASE,
      flowId: '1',
      flowAction: 'data_exchange',
      screen: 'X',
    } as unknown as FlowMessageOptions;
    throwsLimit(() => flowMessage(TO, payloadOnExchange), 'flow_action_payload');
    throwsLimit(
      () => flowMessage(TO, { ...FLOW_BASE, flowId: '1', flowAction: 'navigate', screen: 'A', data: {} }),
      'flow_action_payload.data',
    );
  });

  it('rejects invalid combinations at compile time', () => {
    // @ts-expect-error flowId and flowName together
    const both: FlowMessageOptions = { ...FLOW_BASE, flowId: '1', flowName: 'n', flowAction: 'data_exchange' };
    // @ts-expect-error a payload screen with data_exchange
    const exchange: FlowMessageOptions = { ...FLOW_BASE, flowId: '1', flowAction: 'data_exchange', screen: 'A' };
    // @ts-expect-error navigate needs a screen
    const navigate: FlowMessageOptions = { ...FLOW_BASE, flowId: '1', flowAction: 'navigate' };
    assert.ok(both && exchange && navigate);
  });
});

function rows(n: number, prefix = 'r') {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
}

describe('listMessage', () => {
  it('builds the exact body Meta expects', () => {
    const message = listMessage(TO, {
      body: 'Pick a time',
      button: 'Times',
      sections: [{ title: 'Morning', rows: [{ id: 't1', title: '09:00', description: 'Dr. Ali' }] }],
      replyTo: 'wamid.q',
    });
    assert.deepEqual(message, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      context: { message_id: 'wamid.q' },
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a time' },
        action: {
          button: 'Times',
          sections: [{ title: 'Morning', rows: [{ id: 't1', title: '09:00', description: 'Dr. Ali' }] }],
        },
      },
    });
  });

  it('enforces every limit', () => {
    const base = { body: 'b', button: 'Open' };
    const one: [ListSection] = [{ rows: rows(1) }];
    throwsLimit(() => listMessage(TO, { ...base, button: 'x'.repeat(21), sections: one }), 'action.button');
    throwsLimit(() => listMessage(TO, { ...base, sections: [{ rows: rows(11) }] }), 'action.sections[0].rows');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) }));
    throwsLimit(() => listMessage(TO, { ...base, sections: eleven as unknown as [ListSection] }), 'action.sections');
    const twoBySix: [ListSection, ListSection] = [
      { title: 'A', rows: rows(6, 'a') },
      { title: 'B', rows: rows(6, 'b') },
    ];
    throwsLimit(() => listMessage(TO, { ...base, sections: twoBySix }), 'action.sections[*].rows');
    throwsLimit(
      () => listMessage(TO, { ...base, sections: [{ rows: [{ id: 'a', title: 't'.repeat(25) }] }] }),
      'action.sections[0].rows[0].title',
    );
    throwsLimit(
      () => listMessage(TO, { ...base, sections: [{ rows: [{ id: 'a', title: 't', description: 'd'.repeat(73) }] }] }),
      'action.sections[0].rows[0].description',
    );
    throwsLimit(
      () => listMessage(TO, { ...base, sections: [{ rows: [{ id: 'i'.repeat(201), title: 't' }] }] }),
      'action.sections[0].rows[0].id',
    );
    throwsLimit(() => listMessage(TO, { ...base, sections: [{ rows: [] }] }), 'action.sections[0].rows');
    throwsLimit(
      () => listMessage(TO, { ...base, sections: [{ rows: rows(2) }, { title: 'B', rows: rows(1, 'b') }] }),
      'action.sections[0].title',
    );
    throwsLimit(
      () =>
        listMessage(TO, {
          ...base,
          sections: [
            { title: 'A', rows: rows(1) },
            { title: 'B', rows: rows(1) },
          ],
        }),
      'action.sections[*].rows[*].id',
    );
    // Exactly at the limits.
    const atLimit = listMessage(TO, {
      ...base,
      button: 'x'.repeat(20),
      sections: [
        { title: 'A', rows: rows(5, 'a') },
        { title: 'B', rows: rows(5, 'b') },
      ],
    });
    assert.equal(atLimit.interactive.action.sections.length, 2);
  });
});

describe('buttonsMessage', () => {
  it('builds the exact body Meta expects', () => {
    const message = buttonsMessage(TO, {
      body: 'Confirm?',
      footer: 'flowbook',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    });
    assert.deepEqual(message.interactive, {
      type: 'button',
      body: { text: 'Confirm?' },
      footer: { text: 'flowbook' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
          { type: 'reply', reply: { id: 'no', title: 'No' } },
        ],
      },
    });
  });

  it('enforces every limit', () => {
    const b = (i: number): ReplyButton => ({ id: `b${i}`, title: `B${i}` });
    const none = [] as unknown as [ReplyButton];
    throwsLimit(() => buttonsMessage(TO, { body: 'x', buttons: none }), 'action.buttons');
    const four = [b(1), b(2), b(3), b(4)] as unknown as [ReplyButton];
    throwsLimit(() => buttonsMessage(TO, { body: 'x', buttons: four }), 'action.buttons');
    throwsLimit(
      () => buttonsMessage(TO, { body: 'x', buttons: [{ id: 'a', title: 't'.repeat(21) }] }),
      'action.buttons[0].reply.title',
    );
    throwsLimit(
      () => buttonsMessage(TO, { body: 'x', buttons: [{ id: 'i'.repeat(257), title: 't' }] }),
      'action.buttons[0].reply.id',
    );
    throwsLimit(
      () =>
        buttonsMessage(TO, {
          body: 'x',
          buttons: [
            { id: 'a', title: 'Same' },
            { id: 'b', title: 'Same' },
          ],
        }),
      'action.buttons[*].reply.title',
    );
    // @ts-expect-error four buttons do not compile
    assert.ok(() => buttonsMessage(TO, { body: 'x', buttons: [b(1), b(2), b(3), b(4)] }));
  });
});

describe('templateMessage and markRead', () => {
  const template: Template = {
    name: 'appointment_confirmation',
    language: { policy: 'deterministic', code: 'ar' },
    components: [
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Sara' },
          {
            type: 'date_time',
            date_time: { fallback_value: 'الاثنين 3 مارس 10:00', year: 2025, month: 3, day_of_month: 3 },
          },
        ],
      },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'cancel:1' }] },
    ],
  };

  it('wraps the template unchanged', () => {
    assert.deepEqual(templateMessage(TO, template), {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'template',
      template,
    });
  });

  it('rejects a bad name, policy, language or too many buttons', () => {
    throwsLimit(() => templateMessage(TO, { ...template, name: 'Bad Name' }), 'template.name');
    const fallback = { ...template, language: { policy: 'fallback', code: 'ar' } } as unknown as Template;
    throwsLimit(() => templateMessage(TO, fallback), 'template.language.policy');
    throwsLimit(
      () => templateMessage(TO, { ...template, language: { policy: 'deterministic', code: '' } }),
      'template.language.code',
    );
    const button = { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [] } as const;
    throwsLimit(
      () => templateMessage(TO, { ...template, components: Array.from({ length: 11 }, () => button) }),
      'template.components[type=button]',
    );
  });

  it('builds a mark-read body', () => {
    assert.deepEqual(markRead('wamid.x'), { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.x' });
    throwsLimit(() => markRead(''), 'message_id');
  });
});
