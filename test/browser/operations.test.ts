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

/** The Flow's status as the app recorded it from Meta's webhooks. */
async function flowStatus(): Promise<string | undefined> {
  const { rows } = await h.app.db.query<{ status: string }>('SELECT status FROM flow_health WHERE flow_id = $1', [
    SANDBOX_IDS.flowId,
  ]);
  return rows[0]?.status;
}

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

test('the console tells the owner that Meta blocked the Flow and disabled a template', {
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
  await page.goto(`${h.url}/console`);
  const banner = page.getByTestId('operations').getByRole('alert');
  await banner.waitFor();
  await page.screenshot({ path: path.join(RESULTS, 'operations-agenda.png'), fullPage: true });
  const text = await banner.innerText();
  assert.match(text, new RegExp(`The Flow ${SANDBOX_IDS.flowId} is BLOCKED`));
  assert.match(text, /Template appointment_reminder \(en_US\) is DISABLED/);
});

test('the sandbox plays Meta blocking the Flow: the customer is told how else to book, and told again once it is back', {
  timeout: 60_000,
}, async () => {
  const api = (method: string, url: string, body?: unknown) =>
    fetch(`${h.url}${url}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const customer = '447700900555';
  await api('POST', '/sandbox/api/customers', { waId: customer, name: 'Sam' });
  const outgoing = async () => {
    const state = (await (await api('GET', '/sandbox/api/state')).json()) as {
      customers: { waId: string; messages: { direction: string; body: Record<string, any> }[] }[];
    };
    return (state.customers.find((c) => c.waId === customer)?.messages ?? []).filter((m) => m.direction === 'out');
  };
  assert.equal(
    (await api('POST', `/sandbox/api/flows/${SANDBOX_IDS.flowId}/status`, { status: 'BLOCKED' })).status,
    200,
  );
  await waitFor('the app hears that the Flow is blocked', async () => (await flowStatus()) === 'BLOCKED');
  await api('POST', `/sandbox/api/customers/${customer}/messages`, { text: 'appointment' });
  const [paused] = await waitFor('an answer', async () => {
    const out = await outgoing();
    return out.length > 0 ? out : undefined;
  });
  assert.equal(paused!.body.type, 'text');
  assert.match(paused!.body.text.body, /paused/);

  assert.equal(
    (await api('POST', `/sandbox/api/flows/${SANDBOX_IDS.flowId}/status`, { status: 'PUBLISHED' })).status,
    200,
  );
  await waitFor('the app hears that the Flow is back', async () => (await flowStatus()) === 'PUBLISHED');
  await api('POST', `/sandbox/api/customers/${customer}/messages`, { text: 'appointment please' });
  const flow = await waitFor('a Flow message', async () =>
    (await outgoing()).find((m) => m.body.type === 'interactive'),
  );
  assert.equal(flow.body.interactive.type, 'flow');
});
