import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { commandGroup } from '../cli-group.ts';
import { onUserFile } from '../cli-files.ts';
import type { Catalog } from '../catalog/schema.ts';
import { UsageError } from '../errors.ts';
import { generateFlowKeyPair, keyPairFiles, writeKeyPair } from './keys.ts';
import { createFlowTokenCodec } from './token.ts';

/** `keys generate [--passphrase] [--out DIR] [--force]`: a 2048-bit pair and what to put in the environment. */
export function registerKeyCommands(program: Command, out: (line: string) => void = console.log): void {
  commandGroup(program, 'keys', 'The Flow endpoint key pair (docs/protocol.md §2.6)')
    .command('generate')
    .description('write a new 2048-bit RSA key pair')
    .option('--passphrase <passphrase>', 'encrypt the private key (PKCS#8, AES-256)')
    .option('--out <dir>', 'where to write private.pem and public.pem', 'keys')
    .option('--force', 'replace an existing pair (the old key then no longer decrypts Flow requests)')
    .action((options: { passphrase?: string; out: string; force?: boolean }) => {
      const dir = path.resolve(options.out);
      // A replaced private key cannot be recovered, and Meta keeps encrypting to the uploaded public key.
      const existing = Object.values(keyPairFiles(dir)).find((file) => existsSync(file));
      if (existing && !options.force)
        throw new UsageError(`${existing} already exists; pass --force to replace the key pair`);
      const files = onUserFile(dir, 'write', () => writeKeyPair(dir, generateFlowKeyPair(options.passphrase)));
      out(`wrote ${files.privateFile} (mode 600) and ${files.publicFile}`);
      out('put this in the environment (or .env):');
      out(`  PRIVATE_KEY_FILE=${files.privateFile}`);
      if (options.passphrase) out('  PASSPHRASE=<the passphrase you chose>');
      out('then upload the public key: flowbook keys upload');
    });
}

export interface TokenCommandDeps {
  /** The Flow private key; throws a UsageError saying how to make one when there is none. */
  privateKey(): KeyObject;
  catalog(): Catalog;
  /** The language codes a session may have: those the message templates exist in. */
  languages(): readonly string[];
  clock(): number;
}

/** `flow token --phone … [--lang …]`: mints a flow token for previews and tests. */
export function registerTokenCommand(
  program: Command,
  deps: TokenCommandDeps,
  out: (line: string) => void = console.log,
): void {
  const language = (code: string): string => {
    const accepted = deps.languages();
    if (!accepted.includes(code)) throw new InvalidArgumentError(`Accepted: ${accepted.join(', ')}.`);
    return code;
  };
  commandGroup(program, 'flow', 'The appointment Flow')
    .command('token')
    .description("mint a flow token bound to a customer's number")
    .requiredOption('--phone <wa_id>', "the customer's WhatsApp number, digits with country code", phoneNumber)
    .option(
      '--lang <code>',
      'a language of the message templates, e.g. en_US, ar, fa (default: the business default)',
      language,
    )
    .option('--ttl-hours <hours>', 'how long the token is valid, at most 720', ttlHours, 24)
    .addHelpText(
      'after',
      '\nThe token is sealed with the Flow private key: PRIVATE_KEY or PRIVATE_KEY_FILE, else the sandbox key\n' +
        'that `npm start` keeps in DATA_DIR/keys. This command never creates a key; without one it says so.',
    )
    .action((options: { phone: string; lang?: string; ttlHours: number }) => {
      const codec = createFlowTokenCodec(deps.privateKey());
      const { token } = codec.mint(
        { customer: options.phone, language: options.lang ?? deps.catalog().business.defaultLanguage },
        deps.clock(),
        options.ttlHours * 3_600_000,
      );
      out(token);
    });
}

function phoneNumber(value: string): string {
  if (!/^\+?\d{7,15}$/.test(value))
    throw new InvalidArgumentError('Use 7 to 15 digits with the country code, e.g. 447700900123.');
  return value.replace(/^\+/, '');
}

function ttlHours(value: string): number {
  const hours = Number(value);
  if (!(hours > 0 && hours <= 24 * 30))
    throw new InvalidArgumentError('Use a number of hours above 0 and at most 720.');
  return hours;
}
