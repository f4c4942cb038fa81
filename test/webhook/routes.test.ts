import assert from 'node:assert/strict';
import { ENGINES } from '../storage/helpers.ts';
import { after, before, describe, test } from 'node:test';
import { metaJson, signBody } from '../../src/http/signature.ts';
import { verifySubscription } from '../../src/webhook/verify.ts';
import { delivery, SECRET, startHarness, textMsg, VERIFY, type Harness } from './harness.ts';

for (const engine of ENGINES)
  describe(`GET /webhook verification [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine, tuning: { runJobs: false } });
    });
    after(() => h.close());
    const get = (query: string) => h.app.server.inject({ method: 'GET', url: `/webhook?${query}` });

    test('echoes hub.challenge when the token matches', async () => {
      const res = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '1158201444');
      assert.match(String(res.headers['content-type']), /^text\/plain/);
    });
    for (const [name, query] of [
      ['wrong token', `hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`],
      ['token prefix', `hub.mode=subscribe&hub.verify_token=${VERIFY.slice(0, -1)}&hub.challenge=1`],
      ['wrong mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`],
      ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY}`],
      ['no token', `hub.mode=subscribe&hub.challenge=1`],
      ['nothing', ''],
      ['repeated token', `hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.verify_token=${VERIFY}&hub.challenge=1`],
    ]) {
      test(`403 for ${name}`, async () => {
        const res = await get(query!);
        assert.equal(res.statusCode, 403);
        assert.doesNotMatch(res.body, /1158201444/);
      });
    }
    test('no VERIFY_TOKEN configured: nothing verifies', () => {
      assert.deepEqual(
        verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': 'x' }, undefined),
        { ok: false },
      );
    });
  });

for (const engine of ENGINES)
  describe(`POST /webhook signatures and storage [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine, env: { APP_SECRET_PREVIOUS: 'old-secret' }, tuning: { runJobs: false } });
    });
    after(() => h.close());
    const stored = async () =>
      (await h.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries')).rows[0]!.n;

    test('a non-ASCII body signed the way Meta does is accepted and stored byte for byte before processing', async () => {
      const body = delivery({ messages: [textMsg('201001234567', 'wamid.AR1', 'أريد موعد — café ☕')] });
      const raw = metaJson(body);
      assert.match(raw, /\\u0645/); // escaped like Meta's payloads
      const before = await stored();
      const res = await h.post(body);
      assert.equal(res.statusCode, 200);
      assert.equal(await stored(), before + 1);
      const { rows } = await h.app.db.query<{ body: Uint8Array }>(
        'SELECT body FROM webhook_deliveries ORDER BY id DESC LIMIT 1',
      );
      assert.equal(Buffer.from(rows[0]!.body).toString('utf8'), raw);
      const jobs = await h.app.db.query<{ name: string; state: string }>(
        `SELECT name, state FROM jobs ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual(jobs.rows[0], { name: 'webhook.delivery', state: 'queued' }); // nothing processed yet
    });

    test('the same text re-serialised without escapes does not verify against the escaped signature', async () => {
      const body = delivery({ messages: [textMsg('201001234567', 'wamid.AR2', 'موعد')] });
      const signature = signBody(metaJson(body), SECRET);
      const res = await h.app.server.inject({
        method: 'POST',
        url: '/webhook',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      });
      assert.equal(res.statusCode, 401);
    });

    test('the previous secret is accepted during a rotation', async () => {
      const res = await h.post(delivery({ messages: [textMsg('15551230000', 'wamid.ROT', 'hi')] }), {
        secret: 'old-secret',
      });
      assert.equal(res.statusCode, 200);
    });

    test('401 for a missing, malformed or wrong signature, and nothing is stored', async () => {
      const before = await stored();
      const payload = metaJson(delivery({ messages: [] }));
      for (const signature of [
        undefined,
        'sha256=zz',
        'sha1=abc',
        signBody(payload, 'other-secret'),
        signBody(`${payload} `, SECRET),
      ]) {
        const res = await h.app.server.inject({
          method: 'POST',
          url: '/webhook',
          payload,
          headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
        });
        assert.equal(res.statusCode, 401, String(signature));
      }
      assert.equal(await stored(), before);
    });

    test('413 past the body cap (test/webhook/limits.test.ts tries both sides of it over a socket)', async () => {
      const raw = JSON.stringify({ object: 'whatsapp_business_account', pad: 'x'.repeat(3 * 1024 * 1024 + 10) });
      const before = await stored();
      const res = await h.post(undefined, { raw });
      assert.equal(res.statusCode, 413);
      assert.equal(JSON.parse(res.body).error.code, 'FB_BODY_TOO_LARGE');
      assert.equal(await stored(), before);
    });
  });

for (const engine of ENGINES)
  describe(`POST /webhook in sandbox mode without APP_SECRET [${engine}]`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ engine, env: { APP_SECRET: '' }, tuning: { runJobs: false } });
    });
    after(() => h.close());

    test('signatures are not checked', async () => {
      const res = await h.app.server.inject({
        method: 'POST',
        url: '/webhook',
        payload: metaJson(delivery({ messages: [] })),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 200);
    });
  });
