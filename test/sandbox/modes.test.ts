import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { generateFlowKeyPair } from '../../src/flows/keys.ts';
import { createLogger } from '../../src/log.ts';

test('sandbox mode defaults the Graph base URL to the emulator; live mode keeps Meta', () => {
  assert.equal(loadConfig({ HOST: '127.0.0.1', PORT: '3000' }).graph.baseUrl, 'http://127.0.0.1:3000/sandbox/graph');
  assert.equal(
    loadConfig({ GRAPH_API_TOKEN: 't' }, { requireLiveSettings: false }).graph.baseUrl,
    'https://graph.facebook.com',
  );
  assert.equal(loadConfig({ GRAPH_API_BASE_URL: 'http://127.0.0.1:9/' }).graph.baseUrl, 'http://127.0.0.1:9');
});

test('in live mode none of /sandbox or the phone page is mounted; /console is', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowbook-live-'));
  const config = loadConfig({
    FLOWBOOK_MODE: 'live',
    DATA_DIR: dataDir,
    APP_SECRET: '9f86d081884c7d659a2feaa0c55ad015',
    VERIFY_TOKEN: 'v',
    GRAPH_API_TOKEN: 'g',
    PHONE_NUMBER_ID: '1',
    FLOW_ID: '2',
    PRIVATE_KEY: generateFlowKeyPair().privatePem,
    ADMIN_TOKEN: 'a-live-admin-token-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp({ config, log: createLogger('silent') });
  try {
    assert.equal(app.sandbox, undefined);
    for (const url of ['/', '/sandbox/api/state', '/sandbox/graph/v24.0/1/messages']) {
      assert.equal((await app.server.inject({ method: 'GET', url })).statusCode, 404, url);
    }
    const agenda = await app.server.inject({ method: 'GET', url: '/console' });
    assert.equal(agenda.statusCode, 200);
    const js = await app.server.inject({ method: 'GET', url: '/assets/app.js' });
    assert.equal(js.statusCode, 200);
    assert.ok(js.body.length > 1000);
    assert.equal((await app.server.inject({ method: 'GET', url: '/api/bookings' })).statusCode, 401);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
