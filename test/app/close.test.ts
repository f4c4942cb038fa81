// Shutting down while a request is being answered (the CI hang of stop 30): Node's close() ends only
// the connections idle at that moment, so a keep-alive connection busy then stayed open for its whole
// keep-alive after the answer, and close() waited for it. The answer must arrive and close() not wait.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { waitFor } from '../wait.ts';

test('close() does not wait out the keep-alive of a connection answered while closing', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-close-'));
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      APP_SECRET: 'sandbox-secret',
      LOG_LEVEL: 'silent',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
    });
    const app = await createApp({ config, log: createLogger('silent') });
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const waId = '447700900296';
    await app.sandbox!.client.text(waId, 'appointment');
    const sent = await waitFor('the Flow message', () =>
      app
        .sandbox!.store.customers.get(waId)
        ?.messages.find((m) => m.direction === 'out' && (m.body.interactive as { type?: string })?.type === 'flow'),
    );
    // A status webhook from the phone reaches the server, and the app closes while it is answered.
    const arrived = new Promise((resolve) => app.server.server.once('request', resolve));
    const answered = app.sandbox!.client.status(sent.wamid, 'read');
    await arrived;
    const started = Date.now();
    await app.close();
    const took = Date.now() - started;
    await answered;
    assert.ok(took < 20_000, `close() took ${took} ms: it waited for the keep-alive (60 s)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
