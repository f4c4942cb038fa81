import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SANDBOX_IDS } from '../../src/config.ts';
import { metaJson, signBody } from '../../src/http/signature.ts';
import { waitFor } from '../wait.ts';
import { RESULTS, startHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** A signed change as Meta delivers it, straight to the real POST /webhook. */
async function deliver(field: string, value: Record<string, unknown>): Promise<void> {
  const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field, value }] }] });
  const res = await fetch(`${h.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, 'sandbox-secret') },
    body,
  });
  assert.equal(res.status, 200);
}

test('the agenda tells the operator that Meta blocked the Flow and disabled a template', {
  timeout: 60_000,
}, async () => {
  await deliver('flows', {
    event: 'FLOW_STATUS_CHANGE',
    flow_id: SANDBOX_IDS.flowId,
    old_status: 'PUBLISHED',
    new_status: 'BLOCKED',
    message: 'Flow blocked',
  });
  await deliver('message_template_status_update', {
    event: 'DISABLED',
    message_template_id: 1,
    message_template_name: 'appointment_reminder',
    message_template_language: 'en_US',
    reason: 'NONE',
  });
  await waitFor('both events processed', async () => {
    const { rows } = await h.app.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM flow_health)::int + (SELECT count(*) FROM template_status)::int AS n`,
    );
    return rows[0]!.n === 2;
  });
  const page = await h.page({ width: 1024, height: 900 });
  await page.goto(`${h.url}/agenda`);
  const banner = page.getByTestId('operations').getByRole('alert');
  await banner.waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'operations-agenda.png'), fullPage: true });
  const text = await banner.innerText();
  assert.match(text, new RegExp(`The Flow ${SANDBOX_IDS.flowId} is BLOCKED`));
  assert.match(text, /Template appointment_reminder \(en_US\) is DISABLED/);
});
