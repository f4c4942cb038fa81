// Shared by the benches: start flowbook as a real process, and a WhatsApp client that speaks /flow.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePrivateKey } from '../src/config.ts';
import { decryptFlowResponse, encryptFlowRequest, envelopeBody } from '../src/flows/crypto.ts';
import { createFlowTokenCodec } from '../src/flows/token.ts';
import { signBody } from '../src/http/signature.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const KEY_FILE = path.join(ROOT, 'test/fixtures/keys/pkcs8.pem');
export const SECRET = 'bench-secret';
const publicPem = readFileSync(path.join(ROOT, 'test/fixtures/keys/public.pem'), 'utf8');
export const tokens = createFlowTokenCodec(parsePrivateKey(readFileSync(KEY_FILE, 'utf8'), undefined));

/**
 * Starts `src/main.ts` with the bench key and secret; resolves once /healthz answers 200.
 * `nodeArgs` go before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept).
 */
export async function startFlowbook(
  port: number,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      APP_SECRET: SECRET,
      PRIVATE_KEY_FILE: KEY_FILE,
      FLOWBOOK_MODE: 'sandbox',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, readyMs: performance.now() - started };
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error(`flowbook exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill();
  throw new Error('flowbook did not become ready in 15 s');
}

/** One encrypted, signed Flow request over real HTTP; returns the decrypted answer. */
export async function flowRequest(
  port: number,
  payload: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const { envelope, aesKey, iv } = encryptFlowRequest(payload, publicPem);
  const text = envelopeBody(envelope);
  const response = await fetch(`http://127.0.0.1:${port}/flow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(text, SECRET) },
    body: text,
  });
  const raw = await response.text();
  return { status: response.status, body: response.status === 200 ? decryptFlowResponse(raw, aesKey, iv) : raw };
}
