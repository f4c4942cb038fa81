import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startEmulator } from '../../src/sandbox/emulator.ts';
import { APP_SECRET, KEYS } from '../flows/helpers.ts';
import { waitFor } from '../wait.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('flowbook emulator against another backend', () => {
  it("delivers signed messages to the backend's webhook, receives its Graph sends, and pings its endpoint", async () => {
    const port = await freePort();
    const backend = `http://127.0.0.1:${port}`;
    const emulator = await startEmulator({
      webhookUrl: `${backend}/webhook`,
      endpointUrl: `${backend}/flow`,
      publicKeyPem: readFileSync(path.join(KEYS, 'public.pem'), 'utf8'),
      appSecret: APP_SECRET,
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-emu-'));
    // The "other backend" is a flowbook whose Graph base URL points at the standalone emulator.
    const app = await createApp({
      config: loadConfig({
        DATA_DIR: dataDir,
        PORT: String(port),
        APP_SECRET,
        PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem'),
        FLOWBOOK_MODE: 'sandbox',
        GRAPH_API_BASE_URL: `${emulator.url}/sandbox/graph`,
        LOG_LEVEL: 'silent',
      }),
      log: createLogger('silent'),
    });
    await app.server.listen({ host: '127.0.0.1', port });
    try {
      const { status } = await emulator.sandbox.client.text('447700900555', 'Can I book an appointment?');
      assert.equal(status, 200);
      assert.equal(emulator.sandbox.deliveries.at(-1)?.signed, true);
      await waitFor(
        "the backend's Flow message at the emulator's Graph API",
        () =>
          emulator.sandbox.store.customers
            .get('447700900555')
            ?.messages.find(
              (m) => m.direction === 'out' && (m.body.interactive as { type?: string } | undefined)?.type === 'flow',
            ),
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      assert.equal(await emulator.sandbox.client.ping(), 200);
    } finally {
      await app.close();
      await emulator.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
