// Start-up (issues #3, #6): `npm start`'s server on an empty DATA_DIR (key generation, PGlite
// creation, migrations, unit sync) until /healthz answers 200. Three fresh runs, then one warm restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFlowbook } from './lib.ts';

const stop = async (child: import('node:child_process').ChildProcess) => {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};
const cold: number[] = [];
let dir = '';
for (let i = 0; i < 3; i++) {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(path.join(tmpdir(), 'flowbook-start-'));
  const { child, readyMs } = await startFlowbook(3921, { DATA_DIR: dir, PRIVATE_KEY_FILE: '' });
  cold.push(readyMs);
  await stop(child);
}
const warm = await startFlowbook(3921, { DATA_DIR: dir, PRIVATE_KEY_FILE: '' });
await stop(warm.child);
rmSync(dir, { recursive: true, force: true });
console.log(
  `start-up to /healthz 200, empty DATA_DIR: ${cold.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}; restart on existing data: ${(warm.readyMs / 1000).toFixed(2)} s (target < 5 s)`,
);
