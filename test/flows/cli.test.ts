import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { parsePrivateKey } from '../../src/config.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { registerKeyCommands, registerTokenCommand } from '../../src/flows/cli.ts';
import { createFlowTokenCodec } from '../../src/flows/token.ts';
import { KEYS } from './helpers.ts';

async function run(register: (program: Command, out: (line: string) => void) => void, ...args: string[]) {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  register(program, (line) => lines.push(line));
  await program.parseAsync(['node', 'flowbook', ...args]);
  return lines;
}

describe('flowbook keys generate', () => {
  it('writes an encrypted 2048-bit pair, private key mode 600, and says what to set', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'flowbook-keys-'));
    const lines = await run((p, o) => registerKeyCommands(p, o), 'keys', 'generate', '--passphrase', 's3cret', '--out', out);
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
    registerTokenCommand(p, { privateKey: () => key, catalog: () => loadCatalog(), languages: () => ['en_US', 'fa'], clock: () => now }, o);

  it('mints a token the endpoint accepts, bound to the number and language', async () => {
    const [token] = await run(register, 'flow', 'token', '--phone', '+447700900123', '--lang', 'fa');
    const session = createFlowTokenCodec(key).open(token, now + 1000);
    assert.equal(session.phone, '447700900123');
    assert.equal(session.language, 'fa');
    assert.equal(session.expiresAt, now + 24 * 3_600_000);
  });

  it('refuses a number that is not one', async () => {
    await assert.rejects(run(register, 'flow', 'token', '--phone', 'abc'), /7 to 15 digits/);
  });
});
