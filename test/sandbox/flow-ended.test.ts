import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../flows/helpers.ts';
import { waitFor } from '../wait.ts';

/**
 * The sandbox's WhatsApp client reads a 427 the way the real one does: it opens the encrypted
 * `{error_msg}` (docs/protocol.md §2.2) and turns the Flow message's button off.
 */
let app: TestApp;
before(async () => {
  app = await startTestApp();
  await app.server.listen({ host: '127.0.0.1', port: 0 });
});
after(() => app.dispose());

test('an expired Flow: 427 opened to its {error_msg} in the customer language, button disabled', async () => {
  const sandbox = app.sandbox!;
  const waId = '966500000777';
  await sandbox.client.text(waId, 'موعد');
  const flowMessage = await waitFor('the Flow message', () =>
    sandbox.store
      .customer(waId)
      .messages.find(
        (m) => m.direction === 'out' && (m.body.interactive as { type?: string } | undefined)?.type === 'flow',
      ),
  );
  const now = app.clock();
  app.setNow(now + 25 * 60 * 60 * 1000); // the flow token lives 24 hours
  try {
    const result = await sandbox.client.flow(flowMessage.wamid, { action: 'INIT' });
    assert.equal(result.status, 427);
    assert.deepEqual(result.response, { error_msg: 'انتهت جلسة الحجز هذه. يُرجى بدء جلسة جديدة.' });
    assert.equal(flowMessage.flowDisabled, true);
  } finally {
    app.setNow(now);
  }
});
