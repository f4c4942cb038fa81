import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { metaJson, signBody } from '../../src/http/signature.ts';
import { DEFAULT_WEBHOOK_BODY_LIMIT } from '../../src/webhook/routes.ts';
import { ENGINES } from '../storage/helpers.ts';
import { PHONE_NUMBER_ID, SECRET, startHarness, statusOf, textMsg, type Harness } from './harness.ts';

/** POSTs `body` signed like Meta over a real socket; the answer's status and JSON body. */
function postOverHttp(port: number, body: Buffer): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhook',
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'x-hub-signature-256': signBody(body.toString('utf8'), SECRET),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    // The server may answer 413 from the Content-Length alone and close before the upload ends.
    req.on('error', reject);
    req.end(body);
  });
}

/** One entry of the batch: three long Arabic texts (escaped as \uXXXX, like Meta) and three statuses. */
function entry(i: number) {
  const from = `20100${String(i % 4).padStart(7, '0')}`;
  const text = 'موعد '.repeat(800).slice(0, 4000);
  return {
    id: 'WABA1',
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001111', phone_number_id: PHONE_NUMBER_ID },
          contacts: [{ profile: { name: 'Amina' }, wa_id: from }],
          messages: [0, 1, 2].map((k) => textMsg(from, `wamid.BIG${i}.${k}`, `${k} ${text}`)),
          statuses: [0, 1, 2].map((k) => statusOf(`wamid.OUTBIG${i}.${k}`, 'delivered', from)),
        },
      },
    ],
  };
}

/** A valid delivery padded with JSON whitespace to exactly `size` bytes. */
function paddedTo(size: number): Buffer {
  const raw = metaJson({ object: 'whatsapp_business_account', entry: [entry(999)] });
  assert.ok(raw.length < size);
  return Buffer.from(`${raw}${' '.repeat(size - raw.length)}`, 'utf8');
}

for (const engine of ENGINES)
  describe(`POST /webhook body size over a real socket [${engine}]`, () => {
    let h: Harness;
    let port: number;
    before(async () => {
      h = await startHarness({ engine });
      await h.app.server.listen({ port: 0, host: '127.0.0.1' });
      port = (h.app.server.server.address() as AddressInfo).port;
    });
    after(() => h.close());
    const count = async (sql: string) => (await h.app.db.query<{ n: number }>(sql)).rows[0]!.n;

    test('a 2.9 MB delivery of many entries, messages and statuses is stored and every part processed', async () => {
      const entries = [];
      while (metaJson({ object: 'whatsapp_business_account', entry: entries }).length < 2_900_000)
        entries.push(entry(entries.length));
      const body = Buffer.from(metaJson({ object: 'whatsapp_business_account', entry: entries }), 'utf8');
      assert.ok(body.length > 2_900_000 && body.length < DEFAULT_WEBHOOK_BODY_LIMIT, String(body.length));
      const answer = await postOverHttp(port, body);
      assert.equal(answer.status, 200);
      await h.idle(60_000);
      assert.equal(
        await count(`SELECT count(*)::int AS n FROM inbound_messages WHERE wamid LIKE 'wamid.BIG%'`),
        3 * entries.length,
      );
      assert.equal(
        await count(`SELECT count(*)::int AS n FROM message_statuses WHERE wamid LIKE 'wamid.OUTBIG%'`),
        3 * entries.length,
      );
      assert.equal(await count(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`), 0);
    });

    test('exactly 3 MiB is accepted; one byte more is 413 with FB_BODY_TOO_LARGE and nothing is stored', async () => {
      const at = await postOverHttp(port, paddedTo(DEFAULT_WEBHOOK_BODY_LIMIT));
      assert.equal(at.status, 200);
      // The earlier test's deliveries queue more work as they are handled: let it finish before counting.
      await h.idle(60_000);
      const stored = await count('SELECT count(*)::int AS n FROM webhook_deliveries');
      const jobs = await count(`SELECT count(*)::int AS n FROM jobs WHERE name = 'webhook.delivery'`);
      const over = await postOverHttp(port, paddedTo(DEFAULT_WEBHOOK_BODY_LIMIT + 1));
      assert.equal(over.status, 413);
      assert.equal(over.json.error.code, 'FB_BODY_TOO_LARGE');
      assert.equal(over.json.error.details.limitBytes, DEFAULT_WEBHOOK_BODY_LIMIT);
      assert.equal(await count('SELECT count(*)::int AS n FROM webhook_deliveries'), stored);
      assert.equal(await count(`SELECT count(*)::int AS n FROM jobs WHERE name = 'webhook.delivery'`), jobs);
    });
  });
