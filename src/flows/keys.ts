import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePrivateKey } from '../config.ts';

export interface PemPair {
  readonly privatePem: string;
  readonly publicPem: string;
}

/**
 * A 2048-bit RSA pair for the Flow endpoint. With a passphrase the private key is encrypted
 * PKCS#8 (AES-256-CBC, PBES2); without, plain PKCS#8.
 */
export function generateFlowKeyPair(passphrase?: string): PemPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

/** Where a pair lives in `dir`. */
export function keyPairFiles(dir: string): { privateFile: string; publicFile: string } {
  return { privateFile: path.join(dir, 'private.pem'), publicFile: path.join(dir, 'public.pem') };
}

/** Writes a pair as `private.pem` (mode 0600) and `public.pem` into `dir`. */
export function writeKeyPair(dir: string, pair: PemPair): { privateFile: string; publicFile: string } {
  mkdirSync(dir, { recursive: true });
  const { privateFile, publicFile } = keyPairFiles(dir);
  writeFileSync(privateFile, pair.privatePem, { mode: 0o600 });
  chmodSync(privateFile, 0o600);
  writeFileSync(publicFile, pair.publicPem);
  return { privateFile, publicFile };
}

/**
 * Sandbox mode needs no credentials: the first start generates a pair under `DATA_DIR/keys`,
 * later starts reuse it (so the sandbox's client keeps working across restarts).
 */
export function ensureSandboxKey(dataDir: string): KeyObject {
  const dir = path.join(dataDir, 'keys');
  const privateFile = path.join(dir, 'private.pem');
  if (!existsSync(privateFile)) writeKeyPair(dir, generateFlowKeyPair());
  return parsePrivateKey(readFileSync(privateFile, 'utf8'), undefined);
}

/** The sandbox key a server start has made in `DATA_DIR/keys`, or undefined; never creates one. */
export function existingSandboxKey(dataDir: string): KeyObject | undefined {
  const { privateFile } = keyPairFiles(path.join(dataDir, 'keys'));
  return existsSync(privateFile) ? parsePrivateKey(readFileSync(privateFile, 'utf8'), undefined) : undefined;
}

/** The public half in PEM (SPKI), as uploaded to Meta (docs/protocol.md §2.6). */
export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}
