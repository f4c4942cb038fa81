// The sandbox's conversations on disk (src/sandbox/store.ts): kept across a new store, a file that
// cannot be read back set aside (never a crash, never silently overwritten), a failed write reported
// and retried with the next change; and the clock control's input checked (src/sandbox/api-routes.ts).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { newWamid, SandboxStore } from '../../src/sandbox/store.ts';
import { waitFor } from '../wait.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowbook-chats-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const message = (text: string) => ({
  wamid: newWamid(),
  direction: 'in' as const,
  at: Date.now(),
  body: { type: 'text', text: { body: text } },
  status: 'accepted' as const,
});

test('conversations written on flush come back in a new store; a first start has nothing to restore', {
  timeout: 10_000,
}, () => {
  const file = path.join(tempDir(), 'sandbox', 'chats.json');
  const first = new SandboxStore({ file });
  assert.equal(first.restored, false);
  first.customer('447700900001', { name: 'Ana', language: 'es' });
  first.add('447700900001', message('hola'));
  first.flush();
  const second = new SandboxStore({ file });
  assert.equal(second.restored, true);
  const ana = second.customers.get('447700900001')!;
  assert.equal(ana.language, 'es');
  assert.deepEqual(
    ana.messages.map((m) => m.body),
    [{ type: 'text', text: { body: 'hola' } }],
  );
});

test('a change is written by itself a moment later, readable by the owner only; nothing after close', {
  timeout: 10_000,
}, async () => {
  const file = path.join(tempDir(), 'chats.json');
  const store = new SandboxStore({ file });
  store.customer('447700900002');
  assert.equal(existsSync(file), false, 'not at once: changes come in bursts');
  await waitFor('the file written', () => existsSync(file));
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).customers.length, 1);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  store.close();
  rmSync(file);
  store.customer('447700900003');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(existsSync(file), false, 'a closed store writes nothing more');
});

test('a file that cannot be read back is set aside, not lost and not fatal', { timeout: 10_000 }, () => {
  const file = path.join(tempDir(), 'chats.json');
  for (const text of [
    '{"version":1,"customers":[{"waId":',
    '{"version":2,"customers":[]}',
    '{"customers":[{"waId":1}]}',
  ]) {
    writeFileSync(file, text);
    const store = new SandboxStore({ file });
    // Not a first start: no demo customer goes over what was there.
    assert.equal(store.restored, true, text);
    assert.equal(store.customers.size, 0);
    assert.equal(readFileSync(`${file}.unreadable`, 'utf8'), text);
    assert.equal(existsSync(file), false);
  }
});

test('a write that fails is reported and tried again with the next change; the store goes on', {
  timeout: 10_000,
}, async () => {
  const dir = tempDir();
  // The file's folder is a file: every write fails.
  writeFileSync(path.join(dir, 'blocked'), '');
  const errors: unknown[] = [];
  const store = new SandboxStore({ file: path.join(dir, 'blocked', 'chats.json'), onSaveError: (e) => errors.push(e) });
  store.customer('447700900003');
  await waitFor('the first failure reported', () => errors.length === 1);
  store.add('447700900003', message('still here'));
  await waitFor('the second failure reported', () => errors.length === 2);
  assert.equal(store.customers.get('447700900003')!.messages.length, 1);
  // Once the folder can be made, the next change is written.
  rmSync(path.join(dir, 'blocked'));
  mkdirSync(path.join(dir, 'blocked'));
  store.add('447700900003', message('written'));
  const written = path.join(dir, 'blocked', 'chats.json');
  await waitFor('the next change written', () => existsSync(written));
  assert.equal(JSON.parse(readFileSync(written, 'utf8')).customers[0].messages.length, 2);
  assert.equal(errors.length, 2);
});

test('erasing a customer drops their conversation from the sandbox phone and its file', {
  timeout: 60_000,
}, async () => {
  const dataDir = tempDir();
  const config = loadConfig({ DATA_DIR: dataDir, APP_SECRET: 'sandbox-secret', LOG_LEVEL: 'silent' });
  const app = await createApp({ config, log: createLogger('silent') });
  const file = path.join(dataDir, 'sandbox', 'chats.json');
  try {
    const store = app.sandbox!.store;
    store.customer('447700900444', { name: 'Erin Erase' });
    store.add('447700900444', message('my email is erin@example.com'));
    store.customer('447700900445', { name: 'Kept' });
    store.flush();
    assert.match(readFileSync(file, 'utf8'), /erin@example\.com/);
    const res = await app.server.inject({ method: 'DELETE', url: '/api/customers/+447700900444' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(store.customers.has('447700900444'), false);
    assert.equal(store.customers.has('447700900445'), true);
    await waitFor('the file rewritten', () => !readFileSync(file, 'utf8').includes('erin'));
    assert.doesNotMatch(readFileSync(file, 'utf8'), /Erin|447700900444/);
  } finally {
    await app.close();
  }
});

test('the clock control refuses hours that are not a positive number of at most a month', {
  timeout: 60_000,
}, async () => {
  const config = loadConfig({ DATA_DIR: tempDir(), APP_SECRET: 'sandbox-secret', LOG_LEVEL: 'silent' });
  const app = await createApp({ config, log: createLogger('silent') });
  try {
    for (const payload of [
      {},
      { hours: 0 },
      { hours: -1 },
      { hours: 'soon' },
      { hours: 24 * 32 },
      { hours: 1, x: 1 },
    ]) {
      const res = await app.server.inject({ method: 'POST', url: '/sandbox/api/clock', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    const ok = await app.server.inject({ method: 'POST', url: '/sandbox/api/clock', payload: { hours: 24 } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { hours: 24, ran: {} });
  } finally {
    await app.close();
  }
});
