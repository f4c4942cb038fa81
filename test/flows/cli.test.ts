import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { parsePrivateKey } from '../../src/config.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { registerKeyCommands, registerTokenCommand } from '../../src/flows/cli.ts';
import { createFlowTokenCodec } from '../../src/flows/token.ts';
import { assertOneLineError, freshDir, madeDataDir, runCli } from '../run-cli.ts';
import { KEYS } from './helpers.ts';

async function run(register: (program: Command, out: (line: string) => void) => void, ...args: string[]) {
  const lines: string[] = [];
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
  register(program, (line) => lines.push(line));
  await program.parseAsync(['node', 'flowbook', ...args]);
  return lines;
}

describe('flowbook keys generate', () => {
  it('writes an encrypted 2048-bit pair, private key mode 600, and says what to set', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'flowbook-keys-'));
    const lines = await run(
      (p, o) => registerKeyCommands(p, o),
      'keys',
      'generate',
      '--passphrase',
      's3cret',
      '--out',
      out,
    );
    const privateFile = path.join(out, 'private.pem');
    assert.equal(statSync(privateFile).mode & 0o777, 0o600);
    const pem = readFileSync(privateFile, 'utf8');
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.equal(parsePrivateKey(pem, 's3cret').asymmetricKeyDetails?.modulusLength, 2048);
    assert.ok(lines.includes(`  PRIVATE_KEY_FILE=${privateFile}`));
    assert.ok(lines.some((l) => l.includes('PASSPHRASE')));
    assert.match(readFileSync(path.join(out, 'public.pem'), 'utf8'), /BEGIN PUBLIC KEY/);
  });
});

describe('flowbook flow token', () => {
  const key = parsePrivateKey(readFileSync(path.join(KEYS, 'pkcs8.pem'), 'utf8'), undefined);
  const now = Date.parse('2026-11-23T08:00:00Z');
  const register = (p: Command, o: (line: string) => void) =>
    registerTokenCommand(
      p,
      { privateKey: () => key, catalog: () => loadCatalog(), languages: () => ['en_US', 'fa'], clock: () => now },
      o,
    );

  it('mints a token the endpoint accepts, bound to the number and language', async () => {
    const [token] = await run(register, 'flow', 'token', '--phone', '+447700900123', '--lang', 'fa');
    const session = createFlowTokenCodec(key).open(token, now + 1000);
    assert.equal(session.customer, '447700900123');
    assert.equal(session.language, 'fa');
    assert.equal(session.expiresAt, now + 24 * 3_600_000);
  });

  it('refuses a number that is not one', async () => {
    await assert.rejects(run(register, 'flow', 'token', '--phone', 'abc'), /7 to 15 digits/);
  });
});

describe('the flowbook command: keys and flow token', () => {
  const cwd = freshDir();
  const withKey = { PRIVATE_KEY_FILE: path.join(KEYS, 'pkcs8.pem') };

  it('flow token refuses a short number in one line and leaves no data folder', { timeout: 60_000 }, async () => {
    assertOneLineError(
      await runCli(cwd, ['flow', 'token', '--phone', '12']),
      /--phone .*'12' is invalid\. Use 7 to 15 digits with the country code/,
    );
    assert.equal(madeDataDir(cwd), false);
  });

  it('flow token --lang names the template languages it accepts', { timeout: 60_000 }, async () => {
    const r = await runCli(cwd, ['flow', 'token', '--phone', '447700900123', '--lang', 'xx'], withKey);
    assertOneLineError(r, /--lang .*'xx' is invalid\. Accepted: ar, de, en_GB, en_US, es, fa, fr, hi, pt_BR, tr\.$/);
  });

  it('flow token --ttl-hours must be a number of hours', { timeout: 60_000 }, async () => {
    assertOneLineError(
      await runCli(cwd, ['flow', 'token', '--phone', '447700900123', '--ttl-hours', 'abc'], withKey),
      /at most 720/,
    );
  });

  it('flow token without any key says how to get one instead of creating ./data', { timeout: 60_000 }, async () => {
    assertOneLineError(
      await runCli(cwd, ['flow', 'token', '--phone', '447700900123']),
      /no Flow private key: .*keys generate.*npm start/,
    );
    assert.equal(madeDataDir(cwd), false);
  });

  it('flow token with PRIVATE_KEY_FILE prints a token for an accepted language, still no data folder', {
    timeout: 60_000,
  }, async () => {
    const r = await runCli(cwd, ['flow', 'token', '--phone', '+447700900123', '--lang', 'pt_BR'], withKey);
    assert.equal(r.code, 0, r.stderr);
    const key = parsePrivateKey(readFileSync(withKey.PRIVATE_KEY_FILE, 'utf8'), undefined);
    const session = createFlowTokenCodec(key).open(r.stdout.trim(), Date.now());
    assert.deepEqual([session.customer, session.language], ['447700900123', 'pt_BR']);
    assert.equal(madeDataDir(cwd), false);
  });

  it('keys generate keeps an existing pair unless --force is given', { timeout: 60_000 }, async () => {
    const first = await runCli(cwd, ['keys', 'generate', '--out', 'k']);
    assert.equal(first.code, 0, first.stderr);
    const files = ['private.pem', 'public.pem'].map((name) => path.join(cwd, 'k', name));
    const before = files.map((file) => readFileSync(file, 'utf8'));

    const again = await runCli(cwd, ['keys', 'generate', '--out', 'k']);
    assertOneLineError(again, new RegExp(`${path.join(cwd, 'k', 'private.pem')} already exists; pass --force`));
    assert.deepEqual(
      files.map((file) => readFileSync(file, 'utf8')),
      before,
    );

    // Only the public half left: still refused, and it is the file named.
    rmSync(files[0]!);
    assertOneLineError(await runCli(cwd, ['keys', 'generate', '--out', 'k']), /public\.pem already exists/);
    assert.equal(readFileSync(files[1]!, 'utf8'), before[1]);

    const forced = await runCli(cwd, ['keys', 'generate', '--out', 'k', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(files[1]!, 'utf8'), before[1]);
    assert.equal(statSync(files[0]!).mode & 0o777, 0o600);
  });

  it('keys generate into a path that cannot be a folder fails in one line', { timeout: 60_000 }, async () => {
    writeFileSync(path.join(cwd, 'plain-file'), '');
    assertOneLineError(
      await runCli(cwd, ['keys', 'generate', '--out', 'plain-file/keys']),
      /cannot write .*plain-file\/keys: a part of the path is not a folder/,
    );
  });
});
