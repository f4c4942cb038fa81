import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertOneLineError, freshDir, runCli } from '../run-cli.ts';

describe('the flowbook command: emulator', () => {
  const cwd = freshDir();
  const PUBLIC_KEY = path.join(import.meta.dirname, '../fixtures/keys/public.pem');
  const emulator = (...args: string[]) =>
    runCli(cwd, [
      'emulator',
      '--webhook-url',
      'http://127.0.0.1:1/webhook',
      '--endpoint-url',
      'http://127.0.0.1:1/flow',
      ...args,
    ]);

  it('refuses a missing or unusable public key in one line', { timeout: 60_000 }, async () => {
    assertOneLineError(await emulator('--public-key', 'nope.pem'), /cannot read nope\.pem: no such file or folder/);
    writeFileSync(path.join(cwd, 'not-a-key.pem'), '{"hello":1}');
    assertOneLineError(await emulator('--public-key', 'not-a-key.pem'), /not-a-key\.pem is not a PEM public key/);
  });

  it('refuses a bad port, URL, fault list or Flow JSON path before it starts', { timeout: 60_000 }, async () => {
    assertOneLineError(
      await emulator('--public-key', PUBLIC_KEY, '--port', 'abc'),
      /--port .*'abc' is invalid\. Use a port number from 0 to 65535/,
    );
    assertOneLineError(
      await emulator('--public-key', PUBLIC_KEY, '--faults', 'bogus'),
      /--faults .*'bogus' is invalid\. Use duplicate, reorder/,
    );
    assertOneLineError(
      await emulator('--public-key', PUBLIC_KEY, '--flow-json', 'missing.json'),
      /cannot read missing\.json/,
    );
    const badUrl = await runCli(cwd, [
      'emulator',
      '--webhook-url',
      'localhost:8080',
      '--endpoint-url',
      'http://127.0.0.1:1/flow',
      '--public-key',
      PUBLIC_KEY,
    ]);
    assertOneLineError(badUrl, /--webhook-url .* is invalid\. Use an http:\/\/ or https:\/\/ URL/);
  });
});
