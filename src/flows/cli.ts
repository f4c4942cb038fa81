import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { commandGroup } from '../cli-group.ts';
import type { Catalog } from '../catalog/schema.ts';
import { generateFlowKeyPair, writeKeyPair } from './keys.ts';
import { createFlowTokenCodec } from './token.ts';

/** `keys generate [--passphrase] [--out DIR]`: a 2048-bit pair and what to put in the environment. */
export function registerKeyCommands(program: Command, out: (line: string) => void = console.log): void {
  commandGroup(program, 'keys', 'The Flow endpoint key pair (docs/protocol.md §2.6)')
    .command('generate')
    .description('write a new 2048-bit RSA key pair')
    .option('--passphrase <passphrase>', 'encrypt the private key (PKCS#8, AES-256)')
    .option('--out <dir>', 'where to write private.pem and public.pem', 'keys')
    .action((options: { passphrase?: string; out: string }) => {
      const files = writeKeyPair(path.resolve(options.out), generateFlowKeyPair(options.passphrase));
      out(`wrote ${files.privateFile} (mode 600) and ${files.publicFile}`);
      out('put this in the environment (or .env):');
      out(`  PRIVATE_KEY_FILE=${files.privateFile}`);
      if (options.passphrase) out('  PASSPHRASE=<the passphrase you chose>');
      out('then upload the public key: flowbook keys upload');
    });
}

/** `flow token --phone … [--lang …]`: mints a flow token for previews and tests. */
export function registerTokenCommand(
  program: Command,
  deps: { privateKey: () => KeyObject; catalog: () => Catalog; clock: () => number },
  out: (line: string) => void = console.log,
): void {
  commandGroup(program, 'flow', 'The appointment Flow')
    .command('token')
    .description("mint a flow token bound to a customer's number")
    .requiredOption('--phone <wa_id>', "the customer's WhatsApp number, digits with country code")
    .option('--lang <code>', 'language code, e.g. en_US, ar, fa')
    .option('--ttl-hours <hours>', 'how long the token is valid', '24')
    .action((options: { phone: string; lang?: string; ttlHours: string }) => {
      if (!/^\+?\d{7,15}$/.test(options.phone)) throw new Error('--phone must be 7 to 15 digits with country code');
      const hours = Number(options.ttlHours);
      if (!(hours > 0 && hours <= 24 * 30)) throw new Error('--ttl-hours must be between 0 and 720');
      const codec = createFlowTokenCodec(deps.privateKey());
      const { token } = codec.mint(
        { phone: options.phone.replace(/^\+/, ''), language: options.lang ?? deps.catalog().business.defaultLanguage },
        deps.clock(),
        hours * 3_600_000,
      );
      out(token);
    });
}
