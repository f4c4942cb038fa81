import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadTemplates } from '../../src/templates/index.ts';
import { DEFAULT_FLOW_NAME } from '../../src/whatsapp/flow-deploy.ts';
import { startTestApp, type TestApp } from '../flows/helpers.ts';
import { waitFor } from '../wait.ts';

/**
 * Outside the 24-hour window the booking Flow goes as the `appointment_booking` template (docs/protocol.md §11.4).
 * The sandbox phone opens a template's Flow button like a Flow message: the Flow its definition names, with the flow
 * token the send put on the button.
 */
let app: TestApp;
before(async () => {
  app = await startTestApp();
  await app.server.listen({ host: '127.0.0.1', port: 0 });
});
after(() => app.dispose());

test("the template's Flow button names the Flow that `flow deploy` and the sandbox create, in every language", async () => {
  const registry = loadTemplates(path.resolve(import.meta.dirname, '../../templates'));
  const template = registry.templates.get('appointment_booking');
  assert.ok(template);
  for (const [language, translation] of Object.entries(template.languages)) {
    const flowButtons = translation.buttons.filter((b) => b.type === 'flow');
    assert.equal(flowButtons.length, 1, language);
    assert.equal(flowButtons[0]!.type === 'flow' && flowButtons[0]!.flow_name, DEFAULT_FLOW_NAME, language);
  }
  const sandboxFlow = [...app.sandbox!.management.flows.values()].find((f) => f.name === DEFAULT_FLOW_NAME);
  assert.ok(sandboxFlow, 'the sandbox publishes its Flow under the name the template uses');
});

test('a late "appointment" gets the template; its Flow button opens the Flow with the token it carries', async () => {
  const sandbox = app.sandbox!;
  const waId = '447700900555';
  const writtenAt = Math.floor(app.clock() / 1000) - 25 * 60 * 60;
  await sandbox.client.inbound(waId, { type: 'text', text: { body: 'appointment' }, timestamp: String(writtenAt) });
  const sent = await waitFor('the Flow template', () =>
    sandbox.store.customer(waId).messages.find((m) => m.direction === 'out' && m.body.type === 'template'),
  );
  assert.equal((sent.body.template as { name: string }).name, 'appointment_booking');
  assert.ok(sent.flow, 'the phone knows which Flow the button opens');
  assert.equal(sent.flow.flow, DEFAULT_FLOW_NAME);
  assert.equal(sent.flow.action, 'data_exchange');
  assert.equal(sent.flow.buttonIndex, 0);
  assert.equal(app.tokens.open(sent.flow.token, app.clock()).customer, waId);

  const page = await app.server.inject({
    method: 'GET',
    url: `/sandbox/api/flows/${encodeURIComponent(sent.flow.flow)}`,
  });
  assert.equal(page.statusCode, 200, 'the player can fetch the Flow JSON by that name');

  const init = await sandbox.client.flow(sent.wamid, { action: 'INIT' });
  assert.equal(init.status, 200);
  assert.equal((init.response as { screen?: string }).screen, 'APPOINTMENT');
});
