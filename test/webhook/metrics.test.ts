import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_IDS } from '../../src/config.ts';
import { encryptFlowRequest, envelopeBody } from '../../src/flows/crypto.ts';
import { signBody } from '../../src/http/signature.ts';
import { createLogger } from '../../src/log.ts';
import { KEYS } from '../flows/helpers.ts';
import { ENGINES } from '../storage/helpers.ts';
import { delivery, SECRET, startHarness, textMsg, type Harness } from './harness.ts';

const ADMIN = { authorization: 'Bearer admin-token' };
const FLOW = SANDBOX_IDS.flowId;

/** The sum of the samples of `name` in a Prometheus text body that carry `labels` (0 when none). */
function sample(body: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of body.split('\n')) {
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w))) sum += Number(m[3]);
  }
  return sum;
}

for (const engine of ENGINES)
  describe(`GET /metrics after real requests [${engine}]`, () => {
    let h: Harness;
    let logged = '';
    const publicKey = createPublicKey(readFileSync(path.join(KEYS, 'public.pem')));
    const scrape = async () => {
      const res = await h.app.server.inject({ method: 'GET', url: '/metrics', headers: ADMIN });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return res.body;
    };
    const flow = async (payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const body = envelopeBody(encryptFlowRequest(payload, publicKey).envelope);
      return h.app.server.inject({
        method: 'POST',
        url: '/flow',
        payload: body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET), ...headers },
      });
    };
    before(async () => {
      const sink = new Writable({
        write(chunk, _encoding, done) {
          logged += chunk.toString();
          done();
        },
      });
      h = await startHarness({
        engine,
        env: { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem') },
        // One send a second: the second and third texts below wait for the limiter.
        tuning: { perSecond: 1 },
        log: createLogger('info', sink),
      });
    });
    after(() => h.close());

    test('is refused without the admin token, like /api', async () => {
      const res = await h.app.server.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 401);
    });

    test('Flow endpoint latency by action and status', async () => {
      const before = await scrape();
      assert.equal((await flow({ version: '3.0', action: 'ping' })).statusCode, 200);
      assert.equal((await flow({ version: '3.0', action: 'ping' })).statusCode, 200);
      const bad = await h.app.server.inject({
        method: 'POST',
        url: '/flow',
        payload: '{}',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody('{}', SECRET) },
      });
      assert.equal(bad.statusCode, 400);
      const after = await scrape();
      const count = (body: string, action: string, status: string) =>
        sample(body, 'flowbook_flow_endpoint_duration_seconds_count', { action, status });
      assert.equal(count(after, 'ping', '200') - count(before, 'ping', '200'), 2);
      assert.equal(count(after, 'unknown', '400') - count(before, 'unknown', '400'), 1);
      assert.ok(sample(after, 'flowbook_flow_endpoint_duration_seconds_sum', { action: 'ping', status: '200' }) > 0);
    });

    test('webhook lag, sends by outcome, limiter waits, queue depth and Flow health', async () => {
      const before = await scrape();
      assert.equal(sample(before, 'flowbook_flow_status', { flow_id: FLOW, status: 'PUBLISHED' }), 1);
      assert.equal(sample(before, 'flowbook_flow_sendable', { flow_id: FLOW }), 1);
      const customers = ['447700600001', '447700600002', '447700600003'];
      for (const [i, phone] of customers.entries())
        assert.equal((await h.post(delivery({ messages: [textMsg(phone, `wamid.M${i}`, 'hello')] }))).statusCode, 200);
      const flowsEvent = {
        event: 'FLOW_STATUS_CHANGE',
        message: 'Flow Appointment changed status from PUBLISHED to BLOCKED',
        flow_id: FLOW,
        old_status: 'PUBLISHED',
        new_status: 'BLOCKED',
      };
      const blocked = {
        object: 'whatsapp_business_account',
        entry: [{ id: 'WABA1', time: 1, changes: [{ field: 'flows', value: flowsEvent }] }],
      };
      assert.equal((await h.post(blocked)).statusCode, 200);
      const during = await scrape();
      // One send a second holds the answers back: they are in the queue while this scrape runs.
      const inQueue = ['due', 'scheduled', 'running'].reduce(
        (n, state) => n + sample(during, 'flowbook_jobs', { state }),
        0,
      );
      assert.ok(inQueue > 0, 'queue depth shows the work in flight');
      await h.idle(30_000);
      const after = await scrape();
      const lag = (body: string) => sample(body, 'flowbook_webhook_processing_lag_seconds_count');
      assert.equal(lag(after) - lag(before), 4, 'one lag per delivery');
      const accepted = (body: string) => sample(body, 'flowbook_sends_total', { outcome: 'accepted' });
      const sent = h.graph.requests.filter((r) => r.path.endsWith('/messages')).length;
      assert.ok(sent >= 3, `${sent} sends`);
      assert.equal(accepted(after) - accepted(before), sent, 'every accepted send counted once');
      assert.ok(sample(after, 'flowbook_send_limiter_waits_total', { reason: 'number' }) > 0, 'limiter waits counted');
      assert.equal(sample(after, 'flowbook_jobs', { job: 'outbound.send', state: 'due' }), 0);
      assert.equal(sample(after, 'flowbook_flow_status', { flow_id: FLOW, status: 'BLOCKED' }), 1);
      assert.equal(sample(after, 'flowbook_flow_status', { flow_id: FLOW, status: 'PUBLISHED' }), 0);
      assert.equal(sample(after, 'flowbook_flow_sendable', { flow_id: FLOW }), 0);
      for (const phone of customers) assert.ok(!after.includes(phone), 'no phone number in a metric');
    });

    test('request ids: a well-formed x-request-id is kept, echoed and logged; others are replaced', async () => {
      const given = await h.app.server.inject({
        method: 'GET',
        url: '/api/nothing-here',
        headers: { ...ADMIN, 'x-request-id': 'trace-42.a' },
      });
      assert.equal(given.statusCode, 404);
      assert.equal(given.headers['x-request-id'], 'trace-42.a');
      const line = logged.split('\n').find((l) => l.includes('"reqId":"trace-42.a"'));
      assert.ok(line, 'the 404 log line carries the request id');
      const forged = await h.app.server.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'a b\nc' },
      });
      assert.match(String(forged.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const fresh = await h.app.server.inject({ method: 'GET', url: '/healthz' });
      assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      assert.notEqual(fresh.headers['x-request-id'], forged.headers['x-request-id']);

      // The Flow endpoint logs through the request's logger: its lines carry the id too.
      const refused = await flow(
        { version: '3.0', action: 'INIT', flow_token: 'fb1.forged' },
        { 'x-request-id': 'flow-7' },
      );
      assert.equal(refused.statusCode, 427);
      const flowLine = logged.split('\n').find((l) => l.includes('flow token refused'));
      assert.ok(flowLine?.includes('"reqId":"flow-7"'), flowLine);

      // A webhook delivery keeps its request's id: the worker's lines about it carry it as well.
      const stray = delivery({ messages: [textMsg('447700900777', 'wamid.STRAY1', 'hello')] });
      stray.entry[0]!.changes[0]!.value.metadata.phone_number_id = '999000999';
      const payload = JSON.stringify(stray);
      const posted = await h.app.server.inject({
        method: 'POST',
        url: '/webhook',
        payload,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signBody(payload, SECRET),
          'x-request-id': 'hook-9',
        },
      });
      assert.equal(posted.statusCode, 200);
      await h.idle();
      const workerLine = logged.split('\n').find((l) => l.includes('not configured'));
      assert.ok(workerLine?.includes('"reqId":"hook-9"'), workerLine);
    });
  });
