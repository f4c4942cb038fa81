// @ts-check
// One thread of the RSA pool (src/flows/rsa-pool.ts): unwraps Flow AES keys with RSA-OAEP-SHA256.
// Plain JavaScript so that a worker starts in milliseconds without the TypeScript loader.
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const key = createPrivateKey({ key: Buffer.from(workerData.pkcs8), format: 'der', type: 'pkcs8' });
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

port.on('message', (/** @type {{ id: number, wrapped: Uint8Array }} */ job) => {
  try {
    const plain = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, job.wrapped);
    port.postMessage({ id: job.id, plain });
  } catch {
    // Only "does not unwrap" leaves this thread; what went wrong is the caller's 421, not a log line.
    port.postMessage({ id: job.id, plain: null });
  }
});
