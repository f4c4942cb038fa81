import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { createManagement } from '../../src/sandbox/manage.ts';
import { MetaError } from '../../src/sandbox/meta-errors.ts';
import { waitFor } from '../wait.ts';

const DAY_MS = 86_400_000;

/** The emulator's template side alone, with the webhook values it would deliver. */
function emulator() {
  const webhooks: { field: string; value: Record<string, unknown> }[] = [];
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  const m = createManagement({
    reviewMs: 5,
    clock: () => clock.now,
    onWebhook: (field, value) => webhooks.push({ field, value }),
  });
  const body = (text: string) => [{ type: 'BODY', text }];
  const create = async (language = 'en_US') => {
    const { id } = m.createTemplate({ name: 'reminder', language, category: 'UTILITY', components: body('Hi') });
    await waitFor('the review', () => m.template(id).status === 'APPROVED');
    return id;
  };
  const events = () => webhooks.filter((w) => w.field === 'message_template_status_update').map((w) => w.value.event);
  return { m, webhooks, clock, body, create, events };
}

const metaDetails = (error: unknown) => (error instanceof MetaError ? error.details : String(error));

describe("the Graph emulator's template states", { timeout: 10_000 }, () => {
  it('lists what Meta lists: id, status, category, components, quality_score; only the asked fields', async () => {
    const { m, create } = emulator();
    const id = await create();
    const [full] = m.listTemplates({}).data;
    assert.deepEqual(full, {
      id,
      name: 'reminder',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi' }],
      parameter_format: 'POSITIONAL',
      quality_score: { score: 'UNKNOWN', date: Math.floor(Date.parse('2026-03-02T10:00:00Z') / 1000) },
    });
    assert.deepEqual(m.listTemplates({ fields: 'name,status' }).data, [{ id, name: 'reminder', status: 'APPROVED' }]);
    assert.throws(
      () => m.createTemplate({ name: 'reminder', language: 'en_US', components: [] }),
      (e) => /already exists/.test(metaDetails(e) ?? ''),
    );
  });

  it("Meta's review can reject: the event carries the reason, and a rejected template can be fixed by an edit", async () => {
    const webhooks: Record<string, unknown>[] = [];
    const m = createManagement({
      reviewMs: 5,
      onWebhook: (_field, value) => webhooks.push(value),
      review: (t) =>
        JSON.stringify(t.components).includes('PROMO')
          ? { status: 'REJECTED', reason: 'INCORRECT_CATEGORY' }
          : { status: 'APPROVED' },
    });
    const { id } = m.createTemplate({ name: 'deal', language: 'en_US', components: [{ type: 'BODY', text: 'PROMO' }] });
    await waitFor('the review', () => m.template(id).status === 'REJECTED');
    assert.deepEqual(
      webhooks.map((w) => [w.event, w.reason]),
      [['REJECTED', 'INCORRECT_CATEGORY']],
    );
    m.editTemplate(id, { components: [{ type: 'BODY', text: 'Your booking' }] });
    await waitFor('approved after the fix', () => m.template(id).status === 'APPROVED');
    assert.deepEqual(
      webhooks.map((w) => w.event),
      ['REJECTED', 'PENDING', 'APPROVED'],
    );
  });

  it('an edit sends an approved template back to review; Meta limits how often and refuses a new category', async () => {
    const { m, clock, body, create, events } = emulator();
    const id = await create();
    assert.throws(
      () => m.editTemplate(id, { category: 'MARKETING', components: body('Hi') }),
      (e) => /category cannot be changed/.test(metaDetails(e) ?? ''),
    );
    assert.deepEqual(m.editTemplate(id, { components: body('Hello') }), { success: true });
    assert.equal(m.template(id).status, 'PENDING');
    assert.throws(
      () => m.editTemplate(id, { components: body('Hey') }),
      (e) => /a PENDING template cannot be edited/.test(metaDetails(e) ?? ''),
    );
    await waitFor('approved again', () => m.template(id).status === 'APPROVED');
    assert.deepEqual(events(), ['APPROVED', 'PENDING', 'APPROVED']);
    assert.throws(
      () => m.editTemplate(id, { components: body('Hey') }),
      (e) => /edit limit/.test(metaDetails(e) ?? ''),
    );
    for (let edit = 2; edit <= 10; edit++) {
      clock.now += DAY_MS;
      m.editTemplate(id, { components: body(`edit ${edit}`) });
      await waitFor('approved again', () => m.template(id).status === 'APPROVED');
    }
    clock.now += DAY_MS;
    assert.throws(
      () => m.editTemplate(id, { components: body('eleven') }),
      (e) => /10 in 30 days/.test(metaDetails(e) ?? ''),
      'the eleventh edit within 30 days',
    );
  });

  it('a rejected or paused template may change category and be edited without limit', async () => {
    const { m, body, create } = emulator();
    const id = await create();
    m.setTemplateState(id, 'REJECTED', 'INCORRECT_CATEGORY');
    m.editTemplate(id, { category: 'MARKETING', components: body('Sale') });
    assert.equal(m.template(id).category, 'MARKETING');
    m.setTemplateState(id, 'PAUSED');
    m.editTemplate(id, { components: body('Sale 2') });
    m.setTemplateState(id, 'PAUSED');
    m.editTemplate(id, { components: body('Sale 3') });
    assert.equal(m.template(id).status, 'PENDING');
  });

  it("set states report Meta's events: FLAGGED keeps it approved, UNARCHIVED restores, REINSTATED approves", async () => {
    const { m, webhooks, create } = emulator();
    const id = await create();
    assert.equal(m.setTemplateState(id, 'FLAGGED').status, 'APPROVED');
    m.setTemplateState(id, 'PAUSED', 'LOW_QUALITY');
    assert.equal(m.setTemplateState(id, 'ARCHIVED').status, 'ARCHIVED');
    assert.equal(m.setTemplateState(id, 'UNARCHIVED').status, 'PAUSED');
    assert.equal(m.setTemplateState(id, 'REINSTATED').status, 'APPROVED');
    assert.equal(m.setTemplateState('reminder/en_US', 'DISABLED').status, 'DISABLED');
    assert.throws(() => m.setTemplateState(id, 'UNARCHIVED'), /not archived/);
    assert.throws(
      () => m.editTemplate(id, { components: [] }),
      (e) => /DISABLED template cannot be edited/.test(metaDetails(e) ?? ''),
    );
    const paused = webhooks.find((w) => w.value.event === 'PAUSED')!;
    assert.deepEqual(paused, {
      field: 'message_template_status_update',
      value: {
        event: 'PAUSED',
        message_template_id: id,
        message_template_name: 'reminder',
        message_template_language: 'en_US',
        reason: 'LOW_QUALITY',
        message_template_category: 'UTILITY',
      },
    });
    const disabled = webhooks.find((w) => w.value.event === 'DISABLED')!.value;
    assert.ok((disabled.disable_info as { disable_date: number }).disable_date > 0);
  });

  it('category and quality changes come as template_category_update and message_template_quality_update', async () => {
    const { m, webhooks, create } = emulator();
    const id = await create();
    m.setTemplateCategory(id, 'MARKETING');
    m.setTemplateQuality(id, 'YELLOW');
    m.setTemplateQuality(id, 'RED');
    const names = { message_template_id: id, message_template_name: 'reminder', message_template_language: 'en_US' };
    assert.deepEqual(webhooks.slice(-3), [
      {
        field: 'template_category_update',
        value: { ...names, previous_category: 'UTILITY', new_category: 'MARKETING' },
      },
      {
        field: 'message_template_quality_update',
        value: { previous_quality_score: 'UNKNOWN', new_quality_score: 'YELLOW', ...names },
      },
      {
        field: 'message_template_quality_update',
        value: { previous_quality_score: 'YELLOW', new_quality_score: 'RED', ...names },
      },
    ]);
    assert.deepEqual(m.listTemplates({ fields: 'category,quality_score' }).data[0], {
      id,
      category: 'MARKETING',
      quality_score: { score: 'RED', date: Math.floor(Date.parse('2026-03-02T10:00:00Z') / 1000) },
    });
  });

  it('delete by name removes every language, with hsm_id only that one; deleted ones leave the list', async () => {
    const { m, create, events } = emulator();
    const en = await create('en_US');
    const ar = await create('ar');
    await create('fa');
    m.deleteTemplates('reminder', ar);
    assert.deepEqual(
      m.listTemplates({ name: 'reminder' }).data.map((t) => t.language),
      ['en_US', 'fa'],
    );
    assert.throws(
      () => m.deleteTemplates('reminder', ar),
      (e) => /not found/.test(metaDetails(e) ?? ''),
    );
    m.deleteTemplates('reminder', undefined);
    assert.deepEqual(m.listTemplates({}).data, []);
    assert.equal(m.isTemplate(en), false);
    assert.equal(events().filter((e) => e === 'PENDING_DELETION').length, 3);
  });
});

test('the emulated Meta refuses a blocked Flow (132068) and a throttled one past ten sends an hour (132069)', () => {
  const events: Record<string, unknown>[] = [];
  const m = createManagement({ reviewMs: 0, onWebhook: () => undefined, onFlowWebhook: (v) => events.push(v) });
  const { id } = m.createFlow({ name: 'appointment' });
  m.flows.get(id)!.status = 'PUBLISHED';
  m.setFlowStatus(id, 'BLOCKED');
  assert.deepEqual(events.at(-1), {
    event: 'FLOW_STATUS_CHANGE',
    message: 'Flow appointment changed status from PUBLISHED to BLOCKED',
    flow_id: id,
    old_status: 'PUBLISHED',
    new_status: 'BLOCKED',
  });
  assert.throws(
    () => m.acceptFlowSend(id, 0),
    (e: any) => e.metaCode === 132068,
  );
  m.setFlowStatus(id, 'THROTTLED');
  for (let i = 0; i < 10; i++) m.acceptFlowSend('appointment', i * 1000);
  assert.throws(
    () => m.acceptFlowSend(id, 20_000),
    (e: any) => e.metaCode === 132069,
  );
  m.acceptFlowSend(id, 3_600_001); // an hour after the first: the allowance is back
  m.setFlowStatus(id, 'PUBLISHED');
  for (let i = 0; i < 20; i++) m.acceptFlowSend(id, 4_000_000);
  assert.equal(events.length, 3);
});
